package org.newsingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.newsingest.publish.BatchOutcome.Ack;

/** What a batch comes to, from its rows and Kafka's answers alone: no broker, no database. */
class BatchOutcomeTest {

    private static final String MAIN = "news.items";
    private static final String ROUTED = "news.sport";
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Ack DELIVERED = new Ack.Answered(Map.of());

    @Test
    void aRowFailingOnItsOwnWaitsLongerEachAttemptUpToMaxBackoff() {
        List<OutboxEvent> rows = List.of(row(1, 0), row(2, 0), row(3, 1), row(4, 4), row(5, 30));
        Ack busy = new Ack.Answered(Map.of(MAIN, new NotEnoughReplicasException("isr")));
        BatchOutcome outcome = BatchOutcome.of(rows, List.of(DELIVERED, busy, busy, busy, busy), MAIN, false, MAX_BACKOFF);

        assertThat(outcome.outage()).isFalse();
        assertThat(outcome.retryAfter()).containsExactly(
                Map.entry(2L, Duration.ofSeconds(2)),
                Map.entry(3L, Duration.ofSeconds(4)),
                Map.entry(4L, Duration.ofSeconds(32)),
                Map.entry(5L, MAX_BACKOFF));
    }

    @Test
    void whenNothingGetsThroughTheRelayPausesAndRowsWaitForKafkaNotForABackoff() {
        Ack unreachable = new Ack.Answered(Map.of(MAIN, new NetworkException("gone")));
        BatchOutcome outcome = BatchOutcome.of(List.of(row(1, 3), row(2, 0)), List.of(unreachable, new Ack.NotSent()), MAIN, false, MAX_BACKOFF);

        assertThat(outcome.outage()).isTrue();
        assertThat(outcome.retryAfter()).containsExactly(Map.entry(1L, Duration.ZERO));
        assertThat(outcome.untouched()).containsExactly(2L);
    }

    @Test
    void aRoutedTopicRefusingARecordParksThatRowAloneAndTheOthersAreSent() {
        Ack denied = new Ack.Answered(Map.of(ROUTED, new TopicAuthorizationException(Set.of(ROUTED))));
        BatchOutcome outcome = BatchOutcome.of(List.of(row(1, 0), row(2, 0)), List.of(denied, DELIVERED), MAIN, false, MAX_BACKOFF);

        assertThat(outcome.parked()).hasSize(1);
        assertThat(outcome.parked().values().iterator().next().topic()).isEqualTo(ROUTED);
        assertThat(outcome.delivered()).extracting(row -> row.id).containsExactly(2L);
        assertThat(outcome.fatal()).isNull();
        assertThat(outcome.retryAfter()).isEmpty();
    }

    @Test
    void theMainTopicRefusingTheProducerIsTheProducersFailureNotTheRows() {
        Ack denied = new Ack.Answered(Map.of(MAIN, new TopicAuthorizationException(Set.of(MAIN))));
        BatchOutcome outcome = BatchOutcome.of(List.of(row(1, 0)), List.of(denied), MAIN, false, MAX_BACKOFF);

        assertThat(outcome.fatal()).isInstanceOf(TopicAuthorizationException.class);
        assertThat(outcome.parked()).isEmpty();
        assertThat(outcome.outage()).isTrue();
    }

    @Test
    void aRoutedFailureThatMayPassOnARetryRetriesTheRowInsteadOfParkingIt() {
        Ack mixed = new Ack.Answered(Map.of(ROUTED, new NetworkException("gone")));
        BatchOutcome outcome = BatchOutcome.of(List.of(row(1, 0), row(2, 0)), List.of(mixed, DELIVERED), MAIN, false, MAX_BACKOFF);

        assertThat(outcome.parked()).isEmpty();
        assertThat(outcome.retryAfter()).containsOnlyKeys(1L);
    }

    @Test
    void aRecordTheMainTopicRefusesForGoodIsDeadAlone() {
        Ack tooLarge = new Ack.Answered(Map.of(MAIN, new RecordTooLargeException("big")));
        BatchOutcome outcome = BatchOutcome.of(List.of(row(1, 0), row(2, 0)), List.of(tooLarge, DELIVERED), MAIN, false, MAX_BACKOFF);

        assertThat(outcome.dead()).hasSize(1);
        assertThat(outcome.delivered()).hasSize(1);
        assertThat(outcome.outage()).isFalse();
    }

    @Test
    void atShutdownUnansweredRowsAreReleasedWithoutAnAttemptCounted() {
        BatchOutcome outcome = BatchOutcome.of(List.of(row(1, 0), row(2, 0)), List.of(new Ack.Waiting(), DELIVERED), MAIN, true, MAX_BACKOFF);

        assertThat(outcome.retryAfter()).isEmpty();
        assertThat(outcome.untouched()).containsExactly(1L);
    }

    private static OutboxEvent row(long id, int attempts) {
        OutboxEvent row = new OutboxEvent();
        row.id = id;
        row.attempts = attempts;
        return row;
    }
}
