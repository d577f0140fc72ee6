package org.newsingest.schedule;

/**
 * A side of the service that stops in two steps on SIGTERM ({@link ShutdownCoordinator}): first
 * it takes no new work, at once; then it finishes or hands back the work in flight.
 */
public interface GracefulStop {

    /** Takes no new work from now on; returns at once. */
    void stopClaiming(long deadlineNanos);

    /** Finishes the work in flight, or hands it back for another replica, by {@code deadlineNanos} ({@link System#nanoTime()}). */
    void drain(long deadlineNanos) throws InterruptedException;
}
