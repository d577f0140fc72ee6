package org.newsingest.fault;

import java.time.Duration;

/** Scenario sizes: the fast set (CI) by default, the long set with {@code -Dfault.long=true}. */
public final class Faults {

    static final boolean LONG = Boolean.getBoolean("fault.long");

    private Faults() {}

    static int pick(int fast, int slow) {
        return LONG ? slow : fast;
    }

    static Duration pick(Duration fast, Duration slow) {
        return LONG ? slow : fast;
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
