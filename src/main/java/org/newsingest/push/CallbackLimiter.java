package org.newsingest.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.LongSupplier;

/**
 * A token bucket over all callback requests of this instance: {@code ingest.websub.callback-burst}
 * at once, refilled at {@code ingest.websub.callback-rate} per second. The callback is the one
 * path open to the internet without a key; this bounds what a flood can cost.
 */
@ApplicationScoped
public class CallbackLimiter {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    @Inject
    CallbackLimiter(WebSubConfig config) {
        this(config.callbackRate(), config.callbackBurst(), System::nanoTime);
    }

    /** {@code nanoTime} is the clock; tests pass their own. */
    CallbackLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes one token; false when none is left (answer 429). */
    public synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
