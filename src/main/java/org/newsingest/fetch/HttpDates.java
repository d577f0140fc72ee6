package org.newsingest.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
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

    /**
     * IMF-fixdate, RFC 850 and asctime, with English names. httpclient5's
     * {@code DateUtils.parseStandardDate} was tried and reads neither of the last two as servers send
     * them (full weekday names, a space-padded day). A two-digit year is read as the one within the
     * last fifty years, as RFC 9110 asks.
     */
    private static final List<DateTimeFormatter> HTTP_DATE_FORMATS = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT),
            new DateTimeFormatterBuilder()
                    .appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(50))
                    .appendPattern(" HH:mm:ss 'GMT'")
                    .toFormatter(Locale.US)
                    .withZone(ZoneOffset.UTC),
            new DateTimeFormatterBuilder()
                    .appendPattern("EEE MMM ppd HH:mm:ss yyyy")
                    .toFormatter(Locale.US)
                    .withZone(ZoneOffset.UTC));

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

    /**
     * An HTTP-date in any of the three formats RFC 9110 §5.6.7 requires recipients to accept
     * (IMF-fixdate, RFC 850, asctime); anything else is empty.
     */
    static Optional<Instant> httpDate(String value) {
        if (value.length() > 64) {
            return Optional.empty();
        }
        for (DateTimeFormatter format : HTTP_DATE_FORMATS) {
            try {
                return Optional.of(ZonedDateTime.parse(value, format).toInstant());
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return Optional.empty();
    }
}
