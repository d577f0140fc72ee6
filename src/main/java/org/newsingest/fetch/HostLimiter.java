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
 * fetches of other hosts. A host's state is kept while a request to it runs or its spacing has
 * not run out; beyond {@link #IDLE_HOSTS_KEPT} hosts the idle ones are forgotten, so a service that
 * meets many hosts over months does not keep one entry per host it ever fetched.
 */
final class HostLimiter {

    /** How many hosts are tracked before idle ones are dropped: a sweep then costs one pass per this many new hosts. */
    static final int IDLE_HOSTS_KEPT = 1024;

    private final int concurrency;
    private final long spacingNanos;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

    HostLimiter(int concurrency, Duration spacing) {
        this.concurrency = concurrency;
        this.spacingNanos = spacing.toNanos();
    }

    /** A slot for one request to {@code host}; throws when the deadline passes first. */
    Slot acquire(String host, long deadlineNanos) throws InterruptedException, SlotTimeoutException {
        if (hosts.size() > IDLE_HOSTS_KEPT) {
            forgetIdleHosts();
        }
        String key = host.toLowerCase(Locale.ROOT);
        // Counted as a user inside the map's own lock, so a sweep can never drop a host someone waits on.
        Host state = hosts.compute(key, (name, known) -> {
            Host used = known == null ? new Host(new Semaphore(concurrency, true)) : known;
            used.users++;
            return used;
        });
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0 || !state.permits.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
            leave(key, state);
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
            leave(key, state);
            throw e;
        }
        return new Slot(() -> {
            state.permits.release();
            leave(key, state);
        });
    }

    /** Hosts tracked now. */
    int trackedHosts() {
        return hosts.size();
    }

    private void leave(String key, Host state) {
        hosts.computeIfPresent(key, (name, known) -> {
            known.users--;
            return known;
        });
    }

    /** Drops hosts nobody uses whose spacing has run out: forgetting them changes nothing a request would see. */
    private void forgetIdleHosts() {
        long now = System.nanoTime();
        for (String key : hosts.keySet()) {
            hosts.computeIfPresent(key, (name, known) -> known.users == 0 && known.nextStartPassed(now) ? null : known);
        }
    }

    static final class Host {
        final Semaphore permits;
        /** Requests holding or waiting for a slot; changed only inside the map's compute functions. */
        int users;
        long nextStart = Long.MIN_VALUE / 2;

        Host(Semaphore permits) {
            this.permits = permits;
        }

        synchronized boolean nextStartPassed(long now) {
            return nextStart - now <= 0;
        }
    }

    /** Released exactly once, by {@link #close()}. */
    static final class Slot implements AutoCloseable {
        private Runnable release;

        Slot(Runnable release) {
            this.release = release;
        }

        @Override
        public void close() {
            if (release != null) {
                release.run();
                release = null;
            }
        }
    }

    static final class SlotTimeoutException extends Exception {
        SlotTimeoutException(String message) {
            super(message);
        }
    }
}
