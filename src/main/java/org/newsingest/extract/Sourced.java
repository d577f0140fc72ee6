package org.newsingest.extract;

/**
 * A value read from a page and where it came from: {@code "json-ld"}, {@code "opengraph"},
 * {@code "meta"} (a named {@code <meta>}), {@code "link-canonical"}, {@code "html-lang"}.
 */
public record Sourced<T>(T value, String source) {

    public static final String JSON_LD = "json-ld";
    public static final String OPENGRAPH = "opengraph";
    public static final String META = "meta";
    public static final String LINK_CANONICAL = "link-canonical";
    public static final String HTML_LANG = "html-lang";
}
