package org.newsingest.parse;

import com.rometools.rome.io.SAXBuilder;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.WireFeedParser;
import com.rometools.rome.io.impl.FeedParsers;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.newsingest.feed.PollError;

/**
 * Turns feed bytes into a {@link ParsedFeed}. This package is the only one that knows Rome.
 *
 * <p>Steps: {@link Decoding bytes to text} (BOM, HTTP charset, XML declaration, documented
 * fallback); JSON Feed when the text is a JSON Feed object; else {@link XmlRepair repair} what is safe
 * to repair, skip a DOCTYPE that only names an external DTD (RSS 0.91's Netscape DTD; never fetched),
 * refuse any other DOCTYPE (internal subsets and entity declarations: XXE, entity expansion bombs), and build the XML tree with
 * Rome's secured SAX builder (DOCTYPE disallowed, no external entities). A document that is still
 * not well-formed is read by the {@link LenientXml lenient tree builder}, which expands no
 * entities and fetches nothing. Rome names the format; {@link XmlFeedMapper} maps fields, with
 * every fallback, in one place.
 */
@ApplicationScoped
public class FeedParser {

    private static final FeedParsers ROME_PARSERS = new FeedParsers();
    /** Whitespace, comments and processing instructions before the root element. */
    private static final Pattern MISC_AT_START = Pattern.compile("^(?:\\s+|<\\?.*?\\?>|<!--.*?-->)*", Pattern.DOTALL);
    private static final Pattern ROOT_START = Pattern.compile("<([\\p{L}_][\\p{L}\\p{N}_:.-]*)");

    /** Rome's SAX builder factory, with Rome's security settings (DOCTYPE disallowed). */
    private static final class SecureInput extends WireFeedInput {
        SAXBuilder builder() {
            return createSAXBuilder();
        }
    }

    private static final ThreadLocal<SAXBuilder> BUILDER = ThreadLocal.withInitial(() -> new SecureInput().builder());

    /**
     * Defence in depth, for the start-up self-test: true when the XML builder itself (not only the
     * DOCTYPE check in front of it) refuses a document type declaration on this JVM.
     */
    boolean xmlBuilderRefusesDoctype() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY probe \"expanded\">]><rss><channel><title>&probe;</title></channel></rss>";
        try {
            new SecureInput().builder().build(new StringReader(xml));
            return false; // built: the DOCTYPE was accepted
        } catch (JDOMException | IOException e) {
            return true;
        }
    }

    public ParseResult parse(byte[] body, Optional<String> contentType) {
        return parse(body, new FeedContext(contentType, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    public ParseResult parse(byte[] body, FeedContext context) {
        return parse(body, context, Integer.MAX_VALUE);
    }

    /**
     * Builds at most {@code maxEntries} entries (the first ones); the rest are counted, not built, so
     * a document of 200,000 entries costs the tree, not 200,000 entries as well.
     */
    public ParseResult parse(byte[] body, FeedContext context, int maxEntries) {
        try {
            return parseUnchecked(body, context, maxEntries);
        } catch (RuntimeException | StackOverflowError e) {
            return new ParseResult.Failed(PollError.PARSE_ERROR, "unreadable document: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /**
     * Whether the document's root element is closed by its end tag (the final {@code >} may be
     * missing, as in feeds feedparser still reads). Only complete documents are read leniently.
     */
    static boolean closesItsRoot(String xml) {
        String body = withoutTrailingComments(MISC_AT_START.matcher(xml).replaceFirst(""));
        Matcher root = ROOT_START.matcher(body);
        if (!root.lookingAt()) {
            return false;
        }
        Pattern endTag = Pattern.compile("</\\s*" + Pattern.quote(root.group(1)) + "\\s*>?$");
        return endTag.matcher(body).find();
    }

    /** Cuts whitespace and comments off the end, without a regex that could backtrack over a hostile document. */
    private static String withoutTrailingComments(String xml) {
        String body = xml.stripTrailing();
        while (body.endsWith("-->") && body.lastIndexOf("<!--") >= 0) {
            body = body.substring(0, body.lastIndexOf("<!--")).stripTrailing();
        }
        return body;
    }

    private ParseResult parseUnchecked(byte[] body, FeedContext context, int maxEntries) {
        if (body == null || body.length == 0) {
            return new ParseResult.Failed(PollError.EMPTY_BODY, "empty body");
        }
        if (Gzip.isGzip(body)) {
            // A .xml.gz sitemap (or feed) served as a file, not as a Content-Encoding the fetcher undid.
            Optional<byte[]> inflated = Gzip.inflate(body);
            if (inflated.isEmpty()) {
                return new ParseResult.Failed(PollError.PARSE_ERROR, "a gzip file that is corrupt, truncated or larger than "
                        + Gzip.MAX_INFLATED_BYTES + " bytes once decompressed");
            }
            body = inflated.get();
        }
        Decoding.Decoded decoded = Decoding.decode(body, context.contentType());
        List<String> warnings = new ArrayList<>(decoded.warnings());
        String text = decoded.text();
        if (JsonFeedMapper.looksLikeJsonFeed(text)) {
            return JsonFeedMapper.map(text, context, decoded.charset(), warnings, maxEntries);
        }
        String xml = XmlRepair.withoutExternalDoctype(XmlRepair.repair(text, warnings), warnings);
        if (XmlRepair.hasDoctype(xml)) {
            return new ParseResult.Failed(PollError.PARSE_ERROR,
                    "document type declarations (DOCTYPE) with an internal subset or entity declarations are refused: they enable XXE and"
                            + " entity expansion attacks");
        }
        if (xml.isBlank() || xml.charAt(0) != '<') {
            return new ParseResult.Failed(PollError.NOT_A_FEED, "not XML and not a JSON Feed");
        }
        Document document;
        try {
            document = BUILDER.get().build(new StringReader(xml));
        } catch (JDOMException | IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("DOCTYPE")) {
                return new ParseResult.Failed(PollError.PARSE_ERROR, "document type declarations (DOCTYPE) are refused");
            }
            if (!closesItsRoot(xml)) {
                // A cut-off download: reading it leniently would store its last entry half-written.
                return new ParseResult.Failed(PollError.PARSE_ERROR, "the document ends before its root element is closed (truncated?): "
                        + e.getMessage());
            }
            warnings.add("not well-formed XML (" + e.getMessage() + "), read leniently");
            document = LenientXml.parse(xml);
        }
        if (SitemapMapper.isSitemap(document.getRootElement())) {
            return SitemapMapper.map(document, context, decoded.charset(), warnings);
        }
        String romeType = null;
        WireFeedParser rome = ROME_PARSERS.getParserFor(document);
        if (rome != null) {
            romeType = rome.getType();
        }
        Optional<ParsedFeed> feed = XmlFeedMapper.map(document, romeType, context, decoded.charset(), warnings, maxEntries);
        if (feed.isPresent()) {
            return new ParseResult.Parsed(feed.get());
        }
        return new ParseResult.Failed(PollError.NOT_A_FEED,
                "root element <" + document.getRootElement().getName() + "> is not RSS, RDF, Atom, CDF or a sitemap");
    }
}
