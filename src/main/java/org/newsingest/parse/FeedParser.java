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
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.newsingest.fetch.FetchError;

/**
 * Turns feed bytes into a {@link ParsedFeed}. This package is the only one that knows Rome.
 *
 * <p>Steps: {@link Decoding bytes to text} (BOM, HTTP charset, XML declaration, documented
 * fallback); JSON Feed when the text is a JSON Feed object; else refuse any DOCTYPE (XXE, entity
 * expansion bombs), {@link XmlRepair repair} what is safe to repair, and build the XML tree with
 * Rome's secured SAX builder (DOCTYPE disallowed, no external entities). A document that is still
 * not well-formed is read by the {@link LenientXml lenient tree builder}, which expands no
 * entities and fetches nothing. Rome names the format; {@link XmlFeedMapper} maps fields, with
 * every fallback, in one place.
 */
@ApplicationScoped
public class FeedParser {

    private static final FeedParsers ROME_PARSERS = new FeedParsers();

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
        try {
            return parseUnchecked(body, context);
        } catch (RuntimeException | StackOverflowError e) {
            return new ParseResult.Failed(FetchError.PARSE_ERROR, "unreadable document: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private ParseResult parseUnchecked(byte[] body, FeedContext context) {
        if (body == null || body.length == 0) {
            return new ParseResult.Failed(FetchError.EMPTY_BODY, "empty body");
        }
        Decoding.Decoded decoded = Decoding.decode(body, context.contentType());
        List<String> warnings = new ArrayList<>(decoded.warnings());
        String text = decoded.text();
        if (JsonFeedMapper.looksLikeJsonFeed(text)) {
            return JsonFeedMapper.map(text, context, decoded.charset(), warnings);
        }
        String xml = XmlRepair.repair(text, warnings);
        if (XmlRepair.hasDoctype(xml)) {
            return new ParseResult.Failed(FetchError.PARSE_ERROR,
                    "document type declarations (DOCTYPE) are refused: they enable XXE and entity expansion attacks");
        }
        if (xml.isBlank() || xml.charAt(0) != '<') {
            return new ParseResult.Failed(FetchError.NOT_A_FEED, "not XML and not a JSON Feed");
        }
        Document document;
        try {
            document = BUILDER.get().build(new StringReader(xml));
        } catch (JDOMException | IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("DOCTYPE")) {
                return new ParseResult.Failed(FetchError.PARSE_ERROR, "document type declarations (DOCTYPE) are refused");
            }
            warnings.add("not well-formed XML (" + e.getMessage() + "), read leniently");
            document = LenientXml.parse(xml);
        }
        String romeType = null;
        WireFeedParser rome = ROME_PARSERS.getParserFor(document);
        if (rome != null) {
            romeType = rome.getType();
        }
        Optional<ParsedFeed> feed = XmlFeedMapper.map(document, romeType, context, decoded.charset(), warnings);
        if (feed.isPresent()) {
            return new ParseResult.Parsed(feed.get());
        }
        return new ParseResult.Failed(FetchError.NOT_A_FEED,
                "root element <" + document.getRootElement().getName() + "> is not RSS, RDF, Atom or CDF");
    }
}
