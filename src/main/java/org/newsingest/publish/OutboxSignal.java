package org.newsingest.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the relay when a transaction that queued events commits, so an event's freshness is not
 * bounded by {@code ingest.relay.tick}: the same transactional CDI observer the poll scheduler
 * wakes by. A rolled-back transaction signals nothing (its rows never existed). Other replicas
 * find the rows at their next tick.
 */
@ApplicationScoped
public class OutboxSignal {

    /** Fired inside a transaction that queued outbox rows; observed once it has committed. */
    record Queued() {}

    private final Event<Queued> queuedEvents;
    private final Semaphore queued = new Semaphore(0);

    OutboxSignal(Event<Queued> queuedEvents) {
        this.queuedEvents = queuedEvents;
    }

    /** Called inside the transaction that queues an event: the relay wakes once it has committed. */
    void afterCommit() {
        queuedEvents.fire(new Queued());
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued event) {
        wake();
    }

    /** Wakes a waiting relay at once (also used to stop it). */
    void wake() {
        if (queued.availablePermits() == 0) {
            queued.release();
        }
    }

    /** Waits until something was queued or {@code timeout} passed; true if woken. */
    boolean await(Duration timeout) throws InterruptedException {
        boolean woken = queued.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        queued.drainPermits();
        return woken;
    }
}
