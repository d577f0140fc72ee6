package org.newsingest.push;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A token bucket over all callback requests of this instance: {@code ingest.websub.callback-burst}
 * at once, refilled at {@code ingest.websub.callback-rate} per second. The callback is the one
 * path open to the internet without a key; this bounds what a flood can cost.
 */
@ApplicationScoped
public class CallbackLimiter {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    CallbackLimiter(WebSubConfig config) {
        this(config.callbackRate(), config.callbackBurst());
    }

    CallbackLimiter(int perSecond, int burst) {
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    /** Takes one token; false when none is left (answer 429). */
    public synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
