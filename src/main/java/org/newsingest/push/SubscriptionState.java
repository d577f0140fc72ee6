package org.newsingest.push;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Where a WebSub subscription stands; the lower-case name is what the API and the database show. */
public enum SubscriptionState {
    /** Asked of the hub (or about to be): waiting for its verification of intent. */
    REQUESTED,
    /** The hub confirmed; pushes are expected until the lease ends, and it is renewed before. */
    VERIFIED,
    /** The hub denied it ({@code hub.mode=denied}); asked again later. */
    DENIED,
    /** The hub refused the request or could not be reached; asked again later. */
    FAILED,
    /** The feed was deleted or paused: asked the hub to stop, waiting for its verification. */
    UNSUBSCRIBING,
    /** The hub confirmed the unsubscription (or it was given up); nothing more is asked. */
    UNSUBSCRIBED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter(autoApply = true)
    public static class DatabaseConverter implements AttributeConverter<SubscriptionState, String> {
        @Override
        public String convertToDatabaseColumn(SubscriptionState state) {
            return state == null ? null : state.wireName();
        }

        @Override
        public SubscriptionState convertToEntityAttribute(String value) {
            return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
