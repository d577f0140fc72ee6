package org.newsingest.fetch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The instance-wide budget of body bytes fetched and parsed at once
 * ({@code ingest.fetch.max-bytes-in-flight}). A fetch reserves as it reads (all at once when the
 * server names a Content-Length) and waits, up to {@code ingest.fetch.budget-wait}, while the budget
 * is spent: back-pressure, not failure. What a poll reserved is released when its document has been
 * parsed and stored ({@link Hold#close()}), since a document takes several times its size while it
 * is parsed. A reservation never exceeds the whole budget, so a single body larger than the budget
 * still proceeds, alone.
 */
@ApplicationScoped
public class BodyBudget {

    /** Permits are units of this many bytes, so budgets beyond 2 GiB still fit a semaphore. */
    static final int UNIT = 64 * 1024;

    private final Semaphore free;
    private final int totalUnits;
    private final Duration maxWait;
    private final ThreadLocal<Hold> holds = new ThreadLocal<>();

    @Inject
    BodyBudget(BodyBudgetConfig config, MeterRegistry metrics) {
        this(config.maxBytesInFlight(), config.budgetWait());
        Gauge.builder("ingest_fetch_body_bytes_in_flight", this, BodyBudget::bytesInFlight)
                .description("body bytes that polls hold now, fetched and not yet parsed and stored (ingest.fetch.max-bytes-in-flight)")
                .baseUnit("bytes")
                .register(metrics);
    }

    BodyBudget(long maxBytesInFlight, Duration maxWait) {
        this.totalUnits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxBytesInFlight / UNIT));
        // Fair: a large body waiting for room is not overtaken for ever by small ones.
        this.free = new Semaphore(totalUnits, true);
        this.maxWait = maxWait;
    }

    /** A budget that never makes anyone wait: for tools and tests that fetch one document at a time. */
    public static BodyBudget unbounded() {
        return new BodyBudget(Long.MAX_VALUE, Duration.ZERO);
    }

    /**
     * Opens the hold of the poll running on this thread: what its fetch reserves stays reserved
     * until the hold is closed, after the document was parsed and stored.
     */
    public Hold hold() {
        Hold hold = new Hold(true);
        holds.set(hold);
        return hold;
    }

    /** The hold of this thread's poll, or one for a single fetch that the caller closes. */
    Hold holdOfThisThread() {
        Hold open = holds.get();
        return open != null ? open : new Hold(false);
    }

    long bytesInFlight() {
        return (long) (totalUnits - free.availablePermits()) * UNIT;
    }

    Duration maxWait() {
        return maxWait;
    }

    /** Bytes reserved by one poll (or one fetch); released exactly once, by {@link #close()}. */
    public final class Hold implements AutoCloseable {
        private final boolean ownsThread;
        private int units;
        private boolean closed;

        private Hold(boolean ownsThread) {
            this.ownsThread = ownsThread;
        }

        /** True when at least {@code bytes} (or the whole budget) are reserved already. */
        boolean covers(long bytes) {
            return units >= unitsFor(bytes);
        }

        /** Reserves up to {@code bytes} in all; false when the budget stayed spent for {@code ingest.fetch.budget-wait}. */
        boolean reserve(long bytes) throws InterruptedException {
            int more = unitsFor(bytes) - units;
            if (more <= 0) {
                return true;
            }
            if (!free.tryAcquire(more, maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            units += more;
            return true;
        }

        /** Closes a hold opened for one fetch outside a poll; a poll's hold stays open until the poll closes it. */
        void closeIfOwnedByAFetch() {
            if (!ownsThread) {
                close();
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            free.release(units);
            units = 0;
            if (ownsThread && holds.get() == this) {
                holds.remove();
            }
        }
    }

    private int unitsFor(long bytes) {
        return (int) Math.min(totalUnits, (bytes + UNIT - 1) / UNIT);
    }
}
