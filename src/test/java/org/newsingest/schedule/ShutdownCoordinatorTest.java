package org.newsingest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The order of one shutdown, by what each side saw: no durations measured. */
class ShutdownCoordinatorTest {

    @Test
    void bothSidesStopTakingWorkBeforeEitherDrainsAndTheyDrainAtTheSameTimeAgainstOneDeadline() throws Exception {
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch bothDraining = new CountDownLatch(2);
        Side polls = new Side("polls", steps, bothDraining);
        Side relay = new Side("relay", steps, bothDraining);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);

        ShutdownCoordinator.stop(List.of(polls, relay), deadline);

        assertThat(steps.subList(0, 2)).containsExactlyInAnyOrder("polls stops claiming", "relay stops claiming");
        assertThat(steps.subList(2, 4)).containsExactlyInAnyOrder("polls drains", "relay drains");
        // each drain waited until the other had started: one after the other, neither would have seen it
        assertThat(polls.sawTheOtherDraining).isTrue();
        assertThat(relay.sawTheOtherDraining).isTrue();
        assertThat(polls.deadlines).containsOnly(deadline);
        assertThat(relay.deadlines).containsOnly(deadline);
    }

    private static final class Side implements GracefulStop {
        private final String name;
        private final List<String> steps;
        private final CountDownLatch bothDraining;
        private final List<Long> deadlines = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean sawTheOtherDraining;

        Side(String name, List<String> steps, CountDownLatch bothDraining) {
            this.name = name;
            this.steps = steps;
            this.bothDraining = bothDraining;
        }

        @Override
        public void stopClaiming(long deadlineNanos) {
            deadlines.add(deadlineNanos);
            steps.add(name + " stops claiming");
        }

        @Override
        public void drain(long deadlineNanos) throws InterruptedException {
            deadlines.add(deadlineNanos);
            steps.add(name + " drains");
            bothDraining.countDown();
            sawTheOtherDraining = bothDraining.await(30, TimeUnit.SECONDS);
        }
    }
}
