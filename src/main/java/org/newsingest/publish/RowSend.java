package org.newsingest.publish;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One outbox row handed to the producer: one future per destination topic, the main topic first. */
record RowSend(Map<String, CompletableFuture<Void>> copies) {

    CompletableFuture<Void> all() {
        return CompletableFuture.allOf(copies.values().stream()
                .map(copy -> copy.handle((ignored, error) -> null)).toArray(CompletableFuture<?>[]::new));
    }

    BatchOutcome.Ack ack() {
        return all().isDone() ? new BatchOutcome.Ack.Answered(failures()) : new BatchOutcome.Ack.Waiting();
    }

    /** The destinations that have failed so far, by topic. */
    Map<String, Throwable> failures() {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        copies.forEach((topic, copy) -> {
            if (copy.isCompletedExceptionally()) {
                failures.put(topic, cause(copy));
            }
        });
        return failures;
    }

    private static Throwable cause(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
    }
}
