package org.newsingest.parse;

import java.util.Locale;
import java.util.Map;

/** Namespace URIs of feed vocabularies, and the module each known spelling of them stands for. */
final class Namespaces {

    static final String ATOM10 = "http://www.w3.org/2005/Atom";
    static final String ATOM03 = "http://purl.org/atom/ns#";
    static final String DC = "http://purl.org/dc/elements/1.1/";
    static final String DCTERMS = "http://purl.org/dc/terms/";
    static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
    static final String MEDIA = "http://search.yahoo.com/mrss/";
    static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    static final String SY = "http://purl.org/rss/1.0/modules/syndication/";
    static final String XHTML = "http://www.w3.org/1999/xhtml";
    static final String XML = "http://www.w3.org/XML/1998/namespace";

    /** Module keys. The empty key is "core": no namespace, or the format's own namespace. */
    static final String CORE = "";

    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("http://www.w3.org/2005/atom", "atom"),
            Map.entry("http://purl.org/atom/ns#", "atom03"),
            Map.entry("http://purl.org/dc/elements/1.1", "dc"),
            Map.entry("http://purl.org/dc/elements/1.0", "dc"),
            Map.entry("http://purl.org/dc/terms", "dcterms"),
            Map.entry("http://purl.org/rss/1.0/modules/content", "content"),
            Map.entry("http://search.yahoo.com/mrss", "media"),
            Map.entry("http://video.search.yahoo.com/mrss", "media"),
            Map.entry("http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"),
            Map.entry("http://example.com/dtds/podcast-1.0.dtd", "itunes"),
            Map.entry("https://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"),
            Map.entry("http://www.itunes.com/dtds/podcast-1.0.dtd/", "itunes"),
            Map.entry("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"),
            Map.entry("http://purl.org/rss/1.0/modules/syndication", "sy"),
            Map.entry("http://www.w3.org/1999/xhtml", "xhtml"),
            Map.entry("http://purl.org/rss/1.0/modules/slash", "slash"),
            Map.entry("http://wellformedweb.org/commentapi", "wfw"),
            Map.entry("http://www.georss.org/georss", "georss"),
            Map.entry("http://www.w3.org/2003/01/geo/wgs84_pos#", "geo"),
            Map.entry("http://www.opengis.net/gml", "gml"),
            Map.entry("http://purl.org/syndication/thread/1.0", "thr"),
            Map.entry("http://podlove.org/simple-chapters", "psc"),
            Map.entry("http://www.w3.org/1999/xlink", "xlink"),
            Map.entry("http://www.w3.org/1998/math/mathml", "mathml"),
            Map.entry("http://www.w3.org/2000/svg", "svg"),
            Map.entry("http://rssnamespace.org/feedburner/ext/1.0", "feedburner"),
            Map.entry("http://madskills.com/public/xml/rss/module/trackback", "trackback"),
            Map.entry("http://purl.org/rss/1.0/modules/admin", "admin"),
            Map.entry("http://webns.net/mvcb", "admin"),
            Map.entry("http://purl.org/rss/1.0/modules/image", "image"),
            Map.entry("http://backend.userland.com/creativecommonsrssmodule", "cc"),
            Map.entry("http://web.resource.org/cc", "cc"),
            Map.entry("http://www.google.com/schemas/sitemap-news/0.9", "news"),
            Map.entry("http://www.sitemaps.org/schemas/sitemap/0.9", "sitemap"),
            Map.entry("http://www.microsoft.com/schemas/rss/core/2005", "cf"),
            Map.entry("http://www.w3.org/xml/1998/namespace", "xml"));

    private Namespaces() {}

    /**
     * The module an element's namespace URI belongs to: a key such as {@code dc}, {@code media};
     * {@link #CORE} for no namespace and the RSS / RDF / CDF / unknown namespaces a feed uses for
     * its own elements (feeds put RSS elements in all sorts of default namespaces).
     */
    static String module(String uri) {
        if (uri == null || uri.isEmpty()) {
            return CORE;
        }
        String key = uri.strip().toLowerCase(Locale.ROOT);
        if (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        String module = MODULES.get(key);
        return module == null ? CORE : module;
    }
}
