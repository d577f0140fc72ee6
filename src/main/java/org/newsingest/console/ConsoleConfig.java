package org.newsingest.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The operator console ({@code /console}): how its charts sample the service's own counters. */
@ConfigMapping(prefix = "ingest.console")
public interface ConsoleConfig {

    /** How often the pipeline's counters are sampled into the console's ring buffer. */
    @WithDefault("10s")
    Duration sampleEvery();

    /** How far back the overview's charts reach; older samples are dropped. */
    @WithDefault("3h")
    Duration history();

    /** Rows per page of the feeds and items tables. */
    @WithDefault("50")
    int pageSize();
}
