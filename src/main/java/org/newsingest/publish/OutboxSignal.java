package org.newsingest.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the relay when a transaction that queued events commits, so an event's freshness is not
 * bounded by {@code ingest.relay.tick}. One signal per transaction, however many rows it queued;
 * a rolled-back transaction signals nothing (its rows never existed). Other replicas find the
 * rows at their next tick.
 */
@ApplicationScoped
public class OutboxSignal {

    private static final Object REGISTERED = OutboxSignal.class;

    private final TransactionSynchronizationRegistry transactions;
    private final Semaphore queued = new Semaphore(0);

    OutboxSignal(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** Called inside the transaction that queues an event: the relay wakes once it has committed. */
    void afterCommit() {
        if (transactions.getResource(REGISTERED) != null) {
            return;
        }
        transactions.putResource(REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake();
                }
            }
        });
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
