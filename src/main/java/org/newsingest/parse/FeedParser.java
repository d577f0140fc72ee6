package org.newsingest.parse;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.newsingest.fetch.FetchError;

/**
 * Turns feed bytes into a {@link ParsedFeed}. This package is the only one that knows Rome.
 *
 * <p>Field fallbacks: published is pubDate, else dc:date, else updated; author is the item author
 * or dc:creator; content is the first content:encoded / Atom content.
 */
@ApplicationScoped
public class FeedParser {

    public ParseResult parse(byte[] body, Optional<String> contentType) {
        SyndFeed feed;
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(body), contentType.orElse(null), true)) {
            SyndFeedInput input = new SyndFeedInput();
            feed = input.build(reader);
        } catch (IllegalArgumentException e) {
            return new ParseResult.Failed(FetchError.NOT_A_FEED, String.valueOf(e.getMessage()));
        } catch (FeedException | IOException e) {
            return new ParseResult.Failed(FetchError.PARSE_ERROR, String.valueOf(e.getMessage()));
        }
        List<ParsedItem> items = feed.getEntries().stream().map(FeedParser::item).toList();
        return new ParseResult.Parsed(new ParsedFeed(
                feed.getFeedType(),
                text(feed.getTitle()),
                text(feed.getLink()),
                text(feed.getLanguage()),
                Optional.empty(),
                items));
    }

    private static ParsedItem item(SyndEntry entry) {
        Optional<Instant> updated = instant(entry.getUpdatedDate());
        return new ParsedItem(
                text(entry.getUri()),
                text(entry.getLink()),
                text(entry.getTitle()),
                Optional.ofNullable(entry.getDescription()).map(SyndContent::getValue).flatMap(FeedParser::text),
                entry.getContents().stream().map(SyndContent::getValue).flatMap(v -> text(v).stream()).findFirst(),
                text(entry.getAuthor()),
                instant(entry.getPublishedDate()).or(() -> updated),
                updated,
                entry.getCategories().stream().map(SyndCategory::getName).flatMap(v -> text(v).stream()).toList(),
                entry.getEnclosures().stream().map(FeedParser::enclosure).flatMap(Optional::stream).toList(),
                Optional.empty());
    }

    private static Optional<ParsedItem.Enclosure> enclosure(SyndEnclosure enclosure) {
        return text(enclosure.getUrl()).map(url -> new ParsedItem.Enclosure(
                url,
                text(enclosure.getType()),
                enclosure.getLength() > 0 ? Optional.of(enclosure.getLength()) : Optional.empty()));
    }

    private static Optional<Instant> instant(Date date) {
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    private static Optional<String> text(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
    }
}
