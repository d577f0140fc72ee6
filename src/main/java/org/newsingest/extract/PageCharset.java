package org.newsingest.extract;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes a page's bytes. TEMPORARY stand-in for the extractcore branch's class (same API): only
 * the header's charset, else UTF-8. The integrator replaces this file with theirs.
 */
public final class PageCharset {

    private static final Pattern CHARSET = Pattern.compile("charset=\"?([A-Za-z0-9._:-]+)");

    private PageCharset() {}

    public static String decode(byte[] body, Optional<String> contentTypeHeader) {
        Charset charset = contentTypeHeader.map(CHARSET::matcher).filter(Matcher::find).map(m -> m.group(1).toLowerCase(Locale.ROOT))
                .filter(Charset::isSupported).map(Charset::forName).orElse(StandardCharsets.UTF_8);
        return new String(body, charset);
    }
}
