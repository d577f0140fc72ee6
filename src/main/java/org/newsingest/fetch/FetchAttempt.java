package org.newsingest.fetch;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpGet;

/** The state one fetch shares with its watchdog. */
final class FetchAttempt {
    private final AtomicBoolean expired = new AtomicBoolean();
    private final AtomicBoolean abandoned = new AtomicBoolean();
    private final AtomicReference<HttpGet> current = new AtomicReference<>();
    /** The body bytes this fetch holds: its poll's, or its own when it runs outside a poll. */
    final BodyBudget.Hold hold;
    private ScheduledFuture<?> alarm;
    private long alarmAt;
    Optional<URI> permanentRedirect = Optional.empty();

    FetchAttempt(BodyBudget.Hold hold) {
        this.hold = hold;
    }

    /** Expires this attempt {@code nanos} from now. */
    void arm(ScheduledExecutorService watchdog, long nanos) {
        alarmAt = System.nanoTime() + nanos;
        alarm = watchdog.schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops the deadline; returns the time that was left. */
    long disarm() {
        if (alarm != null) {
            alarm.cancel(false);
            alarm = null;
        }
        return Math.max(0, alarmAt - System.nanoTime());
    }

    void releaseBudgetOfThisFetch() {
        hold.closeIfOwnedByAFetch();
    }

    /** Registers the request about to run; false when the deadline has passed or the fetch was abandoned. */
    boolean start(HttpGet request) {
        current.set(request);
        if (expired.get() || abandoned.get()) {
            request.cancel();
            return false;
        }
        return true;
    }

    void expire() {
        expired.set(true);
        cancelCurrent();
    }

    void cancelCurrent() {
        HttpGet request = current.get();
        if (request != null) {
            request.cancel();
        }
    }

    boolean expired() {
        return expired.get();
    }

    void abandon() {
        abandoned.set(true);
        cancelCurrent();
    }

    boolean abandoned() {
        return abandoned.get();
    }
}
