package org.newsingest.store;

import java.util.function.IntSupplier;

/** Deletes in bounded transactions: a retention job never holds a long lock or a long transaction. */
public final class BatchedDelete {

    private BatchedDelete() {}

    /** Runs {@code batch} (one transaction deleting at most {@code size} rows) until a batch comes back short; returns the total deleted. */
    public static long untilDone(IntSupplier batch, int size) {
        long total = 0;
        int deleted;
        do {
            deleted = batch.getAsInt();
            total += deleted;
        } while (deleted == size);
        return total;
    }
}
