package org.newsingest.bench;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RelayBenchmark} with {@code ingest.relay.batch-size=500}. */
@QuarkusTest
@TestProfile(RelayBatch500Benchmark.Size.class)
class RelayBatch500Benchmark extends RelayBenchmark {

    public static class Size extends BatchSize {
        public Size() {
            super(500);
        }
    }
}
