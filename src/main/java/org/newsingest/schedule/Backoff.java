package org.newsingest.schedule;

import java.time.Duration;

/**
 * Exponential backoff: {@code base} doubled per attempt after the first, capped. The one rule for
 * every retry in the service: a failing feed's next poll ({@link PollPolicy}, which adds jitter)
 * and a failed outbox row's next send (publish.OutboxRelay, from the row's attempts).
 */
public final class Backoff {

    private Backoff() {}

    /**
     * The wait before the next try after {@code attempts} failed tries: {@code base} after the
     * first, twice that after the second, and so on, never more than {@code cap}. Fewer than one
     * attempt counts as one; the doubling cannot overflow.
     */
    public static Duration exponential(Duration base, int attempts, Duration cap) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 62);
        if (base.toMillis() > (cap.toMillis() >> doublings)) {
            return cap;
        }
        return base.multipliedBy(1L << doublings);
    }
}
