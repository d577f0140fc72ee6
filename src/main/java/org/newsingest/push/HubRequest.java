package org.newsingest.push;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One subscription request to send to a hub, read from its row in the claim that chose it.
 *
 * @param renewal a subscribe for a subscription the hub had verified (counted as a renewal)
 * @param sentAt when the claim was made: a verification that arrives after it answers this request
 */
record HubRequest(long subscriptionId, Mode mode, URI hub, String topic, String callback, String secret, Duration lease,
                  boolean renewal, Instant sentAt) {

    enum Mode {
        SUBSCRIBE, UNSUBSCRIBE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
