package org.newsingest.fetch;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Per-host politeness inside one instance: at most {@code perHostConcurrency} requests to a host
 * at once, and request starts to one host at least {@code spacing} apart. Waiting happens on the
 * calling thread only and is bounded by the caller's deadline, so a busy host never holds up
 * fetches of other hosts.
 */
final class HostLimiter {

    private final int concurrency;
    private final long spacingNanos;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

    HostLimiter(int concurrency, Duration spacing) {
        this.concurrency = concurrency;
        this.spacingNanos = spacing.toNanos();
    }

    /** A slot for one request to {@code host}; throws when the deadline passes first. */
    Slot acquire(String host, long deadlineNanos) throws InterruptedException, SlotTimeoutException {
        Host state = hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), key -> new Host(new Semaphore(concurrency, true)));
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0 || !state.permits.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
            throw new SlotTimeoutException("no free slot for " + LogSafe.text(host, 100) + " before the deadline");
        }
        try {
            long start;
            synchronized (state) {
                long now = System.nanoTime();
                start = Math.max(now, state.nextStart);
                if (start > deadlineNanos) {
                    throw new SlotTimeoutException("per-host spacing for " + LogSafe.text(host, 100) + " runs past the deadline");
                }
                state.nextStart = start + spacingNanos;
            }
            long wait = start - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException | SlotTimeoutException | RuntimeException e) {
            state.permits.release();
            throw e;
        }
        return new Slot(state.permits);
    }

    static final class Host {
        final Semaphore permits;
        long nextStart = Long.MIN_VALUE / 2;

        Host(Semaphore permits) {
            this.permits = permits;
        }
    }

    /** Released exactly once, by {@link #close()}. */
    static final class Slot implements AutoCloseable {
        private Semaphore permits;

        Slot(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public void close() {
            if (permits != null) {
                permits.release();
                permits = null;
            }
        }
    }

    static final class SlotTimeoutException extends Exception {
        SlotTimeoutException(String message) {
            super(message);
        }
    }
}
