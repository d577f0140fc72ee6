package org.newsingest.bench;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RelayBenchmark} with {@code ingest.relay.batch-size=2000}. */
@QuarkusTest
@TestProfile(RelayBatch2000Benchmark.Size.class)
class RelayBatch2000Benchmark extends RelayBenchmark {

    public static class Size extends BatchSize {
        public Size() {
            super(2000);
        }
    }
}
