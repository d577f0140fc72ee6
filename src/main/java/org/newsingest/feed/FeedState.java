package org.newsingest.feed;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Where a feed stands; the lower-case name is what the API and the database show. */
public enum FeedState {
    /** Polled on schedule. */
    ACTIVE,
    /** Kept, but not polled until resumed. */
    PAUSED,
    /** Failed several times in a row; still retried at the backoff cap. */
    FAILING,
    /** The publisher answered 410 Gone; never polled again. */
    GONE,
    /**
     * A bot-protection service answered instead of the feed (fetch.BotChallenge): retried with its
     * own exponential back-off, active again after the next success, never taken for gone.
     */
    CHALLENGED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FeedState fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    @Converter(autoApply = true)
    public static class DatabaseConverter implements AttributeConverter<FeedState, String> {
        @Override
        public String convertToDatabaseColumn(FeedState state) {
            return state == null ? null : state.wireName();
        }

        @Override
        public FeedState convertToEntityAttribute(String value) {
            return value == null ? null : fromWireName(value);
        }
    }
}
