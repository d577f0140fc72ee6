package org.newsingest.bench;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RelayBenchmark} with {@code ingest.relay.batch-size=100}. */
@QuarkusTest
@TestProfile(RelayBatch100Benchmark.Size.class)
class RelayBatch100Benchmark extends RelayBenchmark {

    public static class Size extends BatchSize {
        public Size() {
            super(100);
        }
    }
}
