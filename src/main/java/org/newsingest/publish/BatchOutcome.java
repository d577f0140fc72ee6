package org.newsingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.newsingest.schedule.Backoff;

/**
 * What one relay batch comes to, decided from its rows and what Kafka answered for each of them,
 * without touching the database or the producer: which rows are sent, dead, parked, retried
 * (each after its own backoff) or released untouched, and whether the relay should pause.
 *
 * @param delivered acknowledged on every destination topic
 * @param dead refused for good by the main topic: the reason by row
 * @param parked delivered to the main topic, refused for good by a routed one: topic and reason by row
 * @param retryAfter failed for now: the wait before the row may be claimed again, by row id
 * @param untouched never handed to Kafka (or released at shutdown): claimable again at once
 * @param fatal the first failure that says the producer cannot go on, if any
 * @param retriable the first failure that says Kafka is unreachable or busy, if any
 * @param outage rows failed and nothing got through, or the producer broke: pause the relay
 */
public record BatchOutcome(List<OutboxEvent> delivered, Map<OutboxEvent, Throwable> dead, Map<OutboxEvent, Parked> parked,
                           Map<Long, Duration> retryAfter, List<Long> untouched, Throwable fatal, Throwable retriable, boolean outage) {

    /** The first retry waits this long; each further attempt at the row doubles it, up to {@code ingest.relay.max-backoff}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);

    /** What a failed send means for its row, and for the relay. */
    public enum Failure {
        /** Kafka is unreachable or busy: the row goes back, the relay backs off. */
        RETRIABLE,
        /** Kafka refuses this record for good: the row is dead, the others go on. */
        PERMANENT,
        /** The producer cannot go on (unauthorised, fenced, closed) or the error is unknown: pause and replace it. */
        FATAL
    }

    /**
     * What a failed send means. Only errors known to be about the one record kill it; only
     * errors Kafka marks as retriable (and our own wait running out) are waited out; everything
     * else, the unknown included, is treated as a broken producer, which is the safe side: rows
     * are never killed by an error that might be the producer's, and never retried row by row.
     */
    public static Failure classify(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof RecordTooLargeException
                || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException
                || e instanceof InvalidRecordException
                || e instanceof SerializationException) {
            return Failure.PERMANENT;
        }
        if (e instanceof RetriableException || e instanceof TimeoutException) {
            return Failure.RETRIABLE;
        }
        return Failure.FATAL;
    }

    /** What became of one row's records by the end of the batch's wait. */
    public sealed interface Ack {
        /** Never handed to the producer: an earlier send showed the producer could not go on. */
        record NotSent() implements Ack {}

        /** Handed over, with no answer within the wait (or the shutdown grace). */
        record Waiting() implements Ack {}

        /** Every destination answered; {@code failures} by topic, empty when all acknowledged. */
        record Answered(Map<String, Throwable> failures) implements Ack {}
    }

    /** A row the main topic has but routed topic {@code topic} refused. */
    public record Parked(String topic, Throwable error) {}

    /**
     * Decides the batch. {@code acks} has one entry per row, in order; {@code mainTopic} is where
     * every event goes. At shutdown ({@code stopping}) failed rows are released without an attempt
     * counted, so another replica sends them at once.
     */
    public static BatchOutcome of(List<OutboxEvent> rows, List<Ack> acks, String mainTopic, boolean stopping, Duration maxBackoff) {
        List<OutboxEvent> delivered = new ArrayList<>();
        Map<OutboxEvent, Throwable> dead = new LinkedHashMap<>();
        Map<OutboxEvent, Parked> parked = new LinkedHashMap<>();
        List<OutboxEvent> retry = new ArrayList<>();
        List<Long> untouched = new ArrayList<>();
        Throwable retriable = null;
        Throwable fatal = null;
        for (int i = 0; i < rows.size(); i++) {
            OutboxEvent row = rows.get(i);
            Ack ack = acks.get(i);
            if (ack instanceof Ack.NotSent) {
                untouched.add(row.id);
            } else if (ack instanceof Ack.Waiting) {
                retry.add(row);
                retriable = retriable != null ? retriable : new TimeoutException("no acknowledgement within the relay's wait");
            } else if (ack instanceof Ack.Answered answered && answered.failures().isEmpty()) {
                delivered.add(row);
            } else if (ack instanceof Ack.Answered answered) {
                Throwable onMain = answered.failures().get(mainTopic);
                Map.Entry<String, Throwable> routeRefusal = onMain == null ? routeRefusal(answered.failures()) : null;
                Throwable error = onMain != null ? onMain : answered.failures().values().iterator().next();
                if (routeRefusal != null) {
                    parked.put(row, new Parked(routeRefusal.getKey(), routeRefusal.getValue()));
                    continue;
                }
                switch (classify(error)) {
                    case PERMANENT -> dead.put(row, error);
                    case RETRIABLE -> {
                        retry.add(row);
                        retriable = retriable != null ? retriable : error;
                    }
                    case FATAL -> {
                        retry.add(row);
                        fatal = fatal != null ? fatal : error;
                    }
                }
            }
        }
        Map<Long, Duration> retryAfter = new LinkedHashMap<>();
        if (stopping) {
            retry.forEach(row -> untouched.add(row.id));
            retry.clear();
        }
        boolean outage = !retry.isEmpty() && (fatal != null || delivered.isEmpty() && parked.isEmpty());
        for (OutboxEvent row : retry) {
            // In an outage the relay pauses as a whole; the rows wait for Kafka, not for a backoff of their own.
            retryAfter.put(row.id, outage ? Duration.ZERO : Backoff.exponential(FIRST_RETRY, row.attempts + 1, maxBackoff));
        }
        return new BatchOutcome(delivered, dead, parked, retryAfter, untouched, fatal, retriable, outage);
    }

    /**
     * A routed topic's refusal that is that destination's alone: the topic cannot be written (no
     * ACL for it) or Kafka refuses the record there for good. Empty when any failure might pass
     * on a retry, so the row is retried as a whole rather than parked too early.
     */
    private static Map.Entry<String, Throwable> routeRefusal(Map<String, Throwable> failures) {
        Map.Entry<String, Throwable> refusal = null;
        for (Map.Entry<String, Throwable> failure : failures.entrySet()) {
            Throwable error = failure.getValue();
            boolean refused = unwrap(error) instanceof TopicAuthorizationException || classify(error) == Failure.PERMANENT;
            if (!refused) {
                return null;
            }
            refusal = refusal != null ? refusal : failure;
        }
        return refusal;
    }

    /** The error itself, out of the future wrappers it may come in. */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Rows whose send failed and are tried again. */
    public int retried() {
        return retryAfter.size();
    }
}
