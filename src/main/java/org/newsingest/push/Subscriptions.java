package org.newsingest.push;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedState;
import org.newsingest.fetch.LogSafe;

/**
 * The subscriber's side of the subscription rows: what discovery found, which requests are due,
 * and what hubs answered. Every method is one short transaction; no transaction is open while a
 * hub is asked. The rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so replicas share the
 * work without sending a request twice.
 */
@ApplicationScoped
public class Subscriptions {

    /** How long a claimed row is left alone while its request is under way. */
    static final Duration CLAIM_HOLD = Duration.ofMinutes(2);
    /** Unsubscribe requests are given up after this many refusals: the lease ends anyway. */
    static final int UNSUBSCRIBE_ATTEMPTS = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebSubConfig config;
    private final EntityManager entityManager;

    Subscriptions(WebSubConfig config, EntityManager entityManager) {
        this.config = config;
        this.entityManager = entityManager;
    }

    /** Subscribing is on when hubs can reach this service ({@code ingest.websub.public-url}). */
    public boolean enabled() {
        return config.publicUrl().isPresent();
    }

    /**
     * A poll found {@code advertised} in feed {@code feedId}'s document. A new hub or topic starts
     * a new subscription under a fresh callback and secret (the old callback then answers 404 and
     * the old hub's lease runs out); the same hub and topic leave the row as it is.
     */
    @Transactional
    public void discovered(long feedId, HubDiscovery.Advertised advertised) {
        if (!enabled()) {
            return;
        }
        String hub = advertised.hub().toString();
        String topic = advertised.topic().toString();
        Optional<Subscription> existing = Subscription.findByFeed(feedId);
        if (existing.isPresent() && existing.get().hubUrl.equals(hub) && existing.get().topicUrl.equals(topic)) {
            return;
        }
        Subscription subscription = existing.orElseGet(Subscription::new);
        subscription.feedId = feedId;
        subscription.hubUrl = hub;
        subscription.topicUrl = topic;
        subscription.callbackId = random(16);
        subscription.secret = random(32);
        subscription.state = SubscriptionState.REQUESTED;
        subscription.leaseSeconds = null;
        subscription.leaseExpiresAt = null;
        subscription.confirmedAt = null;
        subscription.verifiedAt = null;
        subscription.lastError = null;
        subscription.attempts = 0;
        subscription.nextActionAt = Instant.now();
        subscription.persist();
        Log.infof("feed %d advertises the WebSub hub %s for %s: subscribing", feedId, LogSafe.url(hub), LogSafe.url(topic));
    }

    /**
     * Claims up to {@code limit} rows that need a request now and returns the requests. A row is
     * due when its next action time has come (first request, resend, renewal), when its feed was
     * deleted, paused or gone while subscribed (unsubscribe), or when a feed unsubscribed earlier
     * is polled again (subscribe anew).
     */
    @Transactional
    List<HubRequest> claimDue(int limit) {
        @SuppressWarnings("unchecked")
        List<Subscription> due = entityManager.createNativeQuery("""
                SELECT s.* FROM websub_subscription s JOIN feed f ON f.id = s.feed_id
                WHERE s.next_action_at <= now()
                   OR (s.state IN ('requested', 'verified') AND (f.deleted_at IS NOT NULL OR f.state IN ('paused', 'gone')))
                   OR (s.state = 'unsubscribed' AND f.deleted_at IS NULL AND f.state IN ('active', 'failing'))
                ORDER BY s.next_action_at NULLS FIRST
                LIMIT :limit
                FOR UPDATE OF s SKIP LOCKED
                """, Subscription.class)
                .setParameter("limit", limit)
                .getResultList();
        Instant now = Instant.now();
        URI base = config.publicUrl().orElseThrow();
        List<HubRequest> requests = new ArrayList<>(due.size());
        for (Subscription s : due) {
            Feed feed = Feed.findById(s.feedId);
            boolean wanted = feed != null && feed.deletedAt == null && (feed.state == FeedState.ACTIVE || feed.state == FeedState.FAILING);
            HubRequest.Mode mode;
            boolean renewal = false;
            if (!wanted) {
                if (s.state == SubscriptionState.REQUESTED || s.state == SubscriptionState.VERIFIED || s.state == SubscriptionState.UNSUBSCRIBING) {
                    s.state = SubscriptionState.UNSUBSCRIBING;
                    mode = HubRequest.Mode.UNSUBSCRIBE;
                } else {
                    // Never confirmed by the hub (denied, failed) or already ended: nothing to ask.
                    s.state = SubscriptionState.UNSUBSCRIBED;
                    s.nextActionAt = null;
                    continue;
                }
            } else if (s.state == SubscriptionState.VERIFIED && s.leaseExpiresAt != null && s.leaseExpiresAt.isAfter(now)) {
                mode = HubRequest.Mode.SUBSCRIBE;
                renewal = true;
            } else {
                // First request, a resend after silence, a retry after a refusal or denial, or a lapsed lease.
                s.state = SubscriptionState.REQUESTED;
                mode = HubRequest.Mode.SUBSCRIBE;
            }
            s.nextActionAt = now.plus(CLAIM_HOLD);
            requests.add(new HubRequest(s.id, mode, URI.create(s.hubUrl), s.topicUrl, callbackUrl(base, s.callbackId), s.secret,
                    config.lease(), renewal, now));
        }
        return requests;
    }

    /** Records what the hub answered to {@code request}. Returns whether it counts as a failure. */
    @Transactional
    boolean answered(HubRequest request, HubClient.Answer answer) {
        Subscription s = entityManager.find(Subscription.class, request.subscriptionId(), LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            return false;
        }
        s.attempts++;
        Instant now = Instant.now();
        boolean subscribe = request.mode() == HubRequest.Mode.SUBSCRIBE;
        // The hub may verify before it answers: then the verification has already set the row.
        boolean verifiedMeanwhile = subscribe
                ? s.verifiedAt != null && !s.verifiedAt.isBefore(request.sentAt())
                : s.state != SubscriptionState.UNSUBSCRIBING;
        if (answer instanceof HubClient.Answer.Accepted) {
            if (!verifiedMeanwhile) {
                // Accepted: the verification of intent follows. Without it, ask again later.
                s.nextActionAt = now.plus(backoff(s.attempts));
            }
            return false;
        }
        HubClient.Answer.Refused refused = (HubClient.Answer.Refused) answer;
        s.lastError = LogSafe.text(request.mode().wireName() + " request refused: " + refused.detail(), 1000);
        Log.warnf("feed %d: WebSub %s", s.feedId, s.lastError);
        if (verifiedMeanwhile) {
            return true;
        }
        if (!subscribe && s.attempts >= UNSUBSCRIBE_ATTEMPTS) {
            s.state = SubscriptionState.UNSUBSCRIBED;
            s.nextActionAt = null;
        } else {
            if (subscribe && !request.renewal()) {
                s.state = SubscriptionState.FAILED;
            }
            s.nextActionAt = now.plus(backoff(s.attempts));
        }
        return true;
    }

    /** The wait before asking again after the {@code attempts}-th request: doubling from the verify timeout, capped. */
    Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 20);
        Duration wait = config.verifyTimeout().multipliedBy(1L << doublings);
        return wait.compareTo(config.retryMax()) > 0 ? config.retryMax() : wait;
    }

    static String callbackUrl(URI base, String callbackId) {
        String root = base.toString().replaceAll("/+$", "");
        return root + CallbackPaths.PREFIX + callbackId;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
