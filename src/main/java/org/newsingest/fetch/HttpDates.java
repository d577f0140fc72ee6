package org.newsingest.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the headers that tell us when to come back: Retry-After, Cache-Control max-age, Expires. */
final class HttpDates {

    /** Longer delays than this are nonsense; the poll policy clamps further. */
    private static final long MAX_SECONDS = Duration.ofDays(3650).toSeconds();
    private static final Pattern DIGITS = Pattern.compile("\\d{1,30}");
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d{1,30})\"?\\s*(?:,|$)");
    private static final Pattern NO_CACHE = Pattern.compile("(?i)(?:^|,)\\s*(?:no-cache|no-store)\\s*(?:[,=]|$)");

    private HttpDates() {}

    /**
     * Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Empty when absent, garbage,
     * or not in the future: the caller then falls back to its ordinary backoff.
     */
    static Optional<Instant> retryAfter(Optional<String> header, Instant now) {
        return header.map(String::strip).flatMap(value -> {
            if (DIGITS.matcher(value).matches()) {
                long seconds = value.length() > 12 ? MAX_SECONDS : Math.min(Long.parseLong(value), MAX_SECONDS);
                return seconds > 0 ? Optional.of(now.plusSeconds(seconds)) : Optional.empty();
            }
            return httpDate(value).filter(at -> at.isAfter(now));
        });
    }

    /** Cache-Control max-age and Expires; max-age wins when both are given, no-cache/no-store void both. */
    static FetchResult.CacheHints cacheHints(Optional<String> cacheControl, Optional<String> expires, Instant now) {
        if (cacheControl.filter(value -> NO_CACHE.matcher(value).find()).isPresent()) {
            return FetchResult.CacheHints.NONE;
        }
        Optional<Duration> maxAge = cacheControl.flatMap(value -> {
            Matcher matcher = MAX_AGE.matcher(value);
            if (!matcher.find()) {
                return Optional.empty();
            }
            String digits = matcher.group(1);
            long seconds = digits.length() > 12 ? MAX_SECONDS : Math.min(Long.parseLong(digits), MAX_SECONDS);
            return Optional.of(Duration.ofSeconds(seconds));
        });
        Optional<Instant> expiresAt = maxAge.isPresent()
                ? Optional.empty()
                : expires.map(String::strip).flatMap(HttpDates::httpDate).filter(at -> at.isAfter(now))
                        .map(at -> at.isAfter(now.plusSeconds(MAX_SECONDS)) ? now.plusSeconds(MAX_SECONDS) : at);
        return new FetchResult.CacheHints(maxAge, expiresAt);
    }

    /** IMF-fixdate (and the other RFC 1123 spellings); anything else is empty. */
    static Optional<Instant> httpDate(String value) {
        if (value.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
