package org.newsingest.extract;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes this instance's extraction dispatcher when a poll that queued pages commits, so a body is
 * not late by {@code ingest.extract.idle-wait}. Other replicas find the rows at their next look.
 */
@ApplicationScoped
class ExtractionSignal {

    private static final Object REGISTERED = ExtractionSignal.class;

    private final TransactionSynchronizationRegistry transactions;
    private final Semaphore queued = new Semaphore(0);

    ExtractionSignal(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

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

    void wake() {
        if (queued.availablePermits() == 0) {
            queued.release();
        }
    }

    /** Waits until something was queued or {@code timeout} passed. */
    void await(Duration timeout) throws InterruptedException {
        queued.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        queued.drainPermits();
    }
}
