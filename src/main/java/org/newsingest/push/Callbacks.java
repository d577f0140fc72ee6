package org.newsingest.push;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.newsingest.fetch.LogSafe;

/**
 * The hub's side of the subscription rows: verifications of intent (WebSub §5.3), denials
 * (§5.2) and content distribution (§7). Whatever a callback is asked, the answer comes from the
 * row in PostgreSQL, so every replica and every restart answers alike.
 */
@ApplicationScoped
public class Callbacks {

    /** A lease longer than this is taken as this (the Recommendation sets no bound; we do). */
    static final Duration LONGEST_LEASE = Duration.ofDays(365);

    /** What a content distribution request turned out to be before its body is read as a feed. */
    public sealed interface Delivery {
        /** No subscription has this callback: refused (404). */
        record Unknown() implements Delivery {}

        /** The subscription ended (unsubscribed): 410 Gone tells the hub to stop. */
        record Ended() implements Delivery {}

        /** Acknowledged with 2xx, as §7 requires, and otherwise ignored: {@code outcome} says why. */
        record Ignored(String outcome) implements Delivery {}

        /** Signed with the subscription's secret: to be processed as a document of {@code feedId}. */
        record Authentic(long subscriptionId, long feedId, URI topic) implements Delivery {}
    }

    private final WebSubConfig config;
    private final PushMetrics metrics;
    private final EntityManager entityManager;

    Callbacks(WebSubConfig config, PushMetrics metrics, EntityManager entityManager) {
        this.config = config;
        this.metrics = metrics;
        this.entityManager = entityManager;
    }

    /**
     * A verification of intent or a denial. Returns the challenge to echo with 200 when this
     * service asked for exactly this (a subscribe or renewal it is waiting for, an unsubscribe of
     * a deleted or paused feed) and the topic matches; empty (404) for anything else. A denial of
     * a subscription we asked for is recorded and answered with an empty 200.
     */
    @Transactional
    public Optional<String> verify(String callbackId, String mode, String topic, String challenge, String leaseSeconds, String reason) {
        Optional<Subscription> found = Subscription.findByCallback(callbackId);
        String safeMode = mode == null ? "none" : switch (mode) {
            case "subscribe", "unsubscribe", "denied" -> mode;
            default -> "other";
        };
        if (found.isEmpty() || topic == null || !topic.equals(found.get().topicUrl)) {
            metrics.verification(safeMode, false);
            return Optional.empty();
        }
        Subscription s = entityManager.find(Subscription.class, found.get().id, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        Optional<String> answer = switch (safeMode) {
            case "subscribe" -> subscribeConfirmed(s, challenge, leaseSeconds, now);
            case "unsubscribe" -> unsubscribeConfirmed(s, challenge);
            case "denied" -> denied(s, reason, now);
            default -> Optional.empty();
        };
        metrics.verification(safeMode, answer.isPresent());
        return answer;
    }

    private Optional<String> subscribeConfirmed(Subscription s, String challenge, String leaseSeconds, Instant now) {
        boolean asked = s.state == SubscriptionState.REQUESTED || s.state == SubscriptionState.VERIFIED || s.state == SubscriptionState.FAILED;
        if (!asked || challenge == null || challenge.isEmpty()) {
            return Optional.empty();
        }
        Duration lease = parseLease(leaseSeconds).orElse(config.lease());
        if (s.confirmedAt == null || s.state != SubscriptionState.VERIFIED) {
            s.confirmedAt = now;
        }
        s.state = SubscriptionState.VERIFIED;
        s.leaseSeconds = (int) lease.toSeconds();
        s.leaseExpiresAt = now.plus(lease);
        s.verifiedAt = now;
        s.lastError = null;
        s.attempts = 0;
        Duration margin = config.renewBefore().compareTo(lease.dividedBy(2)) < 0 ? config.renewBefore() : lease.dividedBy(2);
        s.nextActionAt = s.leaseExpiresAt.minus(margin);
        Log.infof("feed %d: the WebSub hub verified the subscription to %s for %d s", s.feedId, LogSafe.url(s.topicUrl), lease.toSeconds());
        return Optional.of(challenge);
    }

    private static Optional<String> unsubscribeConfirmed(Subscription s, String challenge) {
        if (s.state != SubscriptionState.UNSUBSCRIBING || challenge == null || challenge.isEmpty()) {
            return Optional.empty();
        }
        s.state = SubscriptionState.UNSUBSCRIBED;
        s.leaseExpiresAt = null;
        s.nextActionAt = null;
        s.attempts = 0;
        Log.infof("feed %d: the WebSub hub confirmed the unsubscription from %s", s.feedId, LogSafe.url(s.topicUrl));
        return Optional.of(challenge);
    }

    private Optional<String> denied(Subscription s, String reason, Instant now) {
        if (s.state != SubscriptionState.REQUESTED && s.state != SubscriptionState.VERIFIED) {
            return Optional.empty();
        }
        s.state = SubscriptionState.DENIED;
        s.leaseExpiresAt = null;
        s.lastError = LogSafe.text("the hub denied the subscription" + (reason == null ? "" : ": " + reason), 1000);
        s.attempts++;
        s.nextActionAt = now.plus(config.retryMax());
        metrics.failure("denied");
        Log.warnf("feed %d: %s; the feed keeps polling", s.feedId, s.lastError);
        return Optional.of("");
    }

    /** Checks a pushed body's signature against its subscription's secret, in constant time. */
    @Transactional
    public Delivery authenticate(String callbackId, Optional<String> signature, byte[] body) {
        Optional<Subscription> found = Subscription.findByCallback(callbackId);
        if (found.isEmpty()) {
            return new Delivery.Unknown();
        }
        Subscription s = found.get();
        if (s.state == SubscriptionState.UNSUBSCRIBED) {
            return new Delivery.Ended();
        }
        Signatures.Check check = Signatures.check(signature, body, s.secret);
        if (check != Signatures.Check.VALID) {
            s.lastError = "a push was ignored at " + Instant.now() + ": " + check.code;
            Log.warnf("feed %d: WebSub push ignored (%s)", s.feedId, check.code);
            return new Delivery.Ignored(check.code);
        }
        return new Delivery.Authentic(s.id, s.feedId, URI.create(s.topicUrl));
    }

    /** Records an authentic push: when it came, and the error if its document was refused. */
    @Transactional
    public void delivered(long subscriptionId, Optional<String> error) {
        Subscription s = Subscription.findById(subscriptionId);
        if (s == null) {
            return;
        }
        s.lastPushAt = Instant.now();
        error.ifPresent(e -> s.lastError = LogSafe.text("a pushed document was refused: " + e, 1000));
    }

    private static Optional<Duration> parseLease(String seconds) {
        try {
            long value = Long.parseLong(seconds == null ? "" : seconds.strip());
            return value > 0 ? Optional.of(Duration.ofSeconds(Math.min(value, LONGEST_LEASE.toSeconds()))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
