package org.newsingest.push;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.newsingest.fetch.LogSafe;

/**
 * Sends the subscription requests that are due (WebSub §5.1): first subscriptions, resends to
 * silent hubs, renewals before the lease ends, unsubscriptions of deleted or paused feeds. Rows
 * are claimed a batch at a time, so several replicas share the work; requests are sent outside
 * any transaction.
 */
@ApplicationScoped
class Subscriber {

    private static final int BATCH = 20;

    private final Subscriptions subscriptions;
    private final HubClient hubs;
    private final PushMetrics metrics;

    Subscriber(Subscriptions subscriptions, HubClient hubs, PushMetrics metrics) {
        this.subscriptions = subscriptions;
        this.hubs = hubs;
        this.metrics = metrics;
    }

    @Scheduled(every = "{ingest.websub.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        if (!subscriptions.enabled()) {
            return;
        }
        try {
            List<HubRequest> due;
            do {
                due = subscriptions.claimDue(BATCH);
                for (HubRequest request : due) {
                    send(request);
                }
            } while (due.size() == BATCH);
        } catch (RuntimeException e) {
            // The database may be away; the rows stay due and the next tick tries again.
            Log.warnf("WebSub requests not sent this time: %s", LogSafe.text(String.valueOf(e.getMessage()), 300));
        }
    }

    private void send(HubRequest request) {
        HubClient.Answer answer = hubs.send(request);
        boolean failed = subscriptions.answered(request, answer);
        metrics.request(request, failed);
        Log.debugf("WebSub %s of %s at %s: %s", request.mode().wireName(), LogSafe.url(request.topic()), LogSafe.url(request.hub()), answer);
    }
}
