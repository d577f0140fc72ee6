package org.newsingest.schedule;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.newsingest.publish.OutboxRelay;

/**
 * One shutdown for the polls and the relay: on SIGTERM both stop taking work first, then both
 * drain at the same time against one deadline ({@code ingest.shutdown.deadline}), so the whole
 * stop fits the pod's termination grace. Two observers of their own would run one after the
 * other, and the second side would keep claiming while the first drains.
 */
@ApplicationScoped
public class ShutdownCoordinator {

    private final List<GracefulStop> sides;
    private final Duration deadline;

    ShutdownCoordinator(PollScheduler scheduler, OutboxRelay relay, ShutdownConfig config) {
        this.sides = List.of(scheduler, relay);
        this.deadline = config.deadline();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        long started = System.nanoTime();
        stop(sides, started + deadline.toNanos());
        Log.infof("shutdown: polls and relay stopped in %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Stops every side's intake, then drains them all in parallel; returns by {@code deadlineNanos} at the latest. */
    static void stop(List<GracefulStop> sides, long deadlineNanos) throws InterruptedException {
        for (GracefulStop side : sides) {
            side.stopClaiming(deadlineNanos);
        }
        List<Future<Void>> drains = new ArrayList<>();
        for (GracefulStop side : sides) {
            FutureTask<Void> drain = new FutureTask<>(() -> {
                side.drain(deadlineNanos);
                return null;
            });
            Thread thread = new Thread(drain, "shutdown-drain-" + side.getClass().getSimpleName());
            thread.setDaemon(true);
            thread.start();
            drains.add(drain);
        }
        for (Future<Void> drain : drains) {
            try {
                drain.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                Log.warn("shutdown: a side did not finish draining by the deadline; its leases run out instead");
            } catch (java.util.concurrent.ExecutionException e) {
                Log.warnf("shutdown: draining failed: %s", e.getCause());
            }
        }
    }
}
