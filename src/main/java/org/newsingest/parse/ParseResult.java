package org.newsingest.parse;

import org.newsingest.fetch.FetchError;

/** The outcome of parsing one body: a feed, or a specific reason why it is not one. */
public sealed interface ParseResult {

    record Parsed(ParsedFeed feed) implements ParseResult {}

    /** {@code error} is {@link FetchError#NOT_A_FEED} or {@link FetchError#PARSE_ERROR}. */
    record Failed(FetchError error, String detail) implements ParseResult {}
}
