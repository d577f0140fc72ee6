package org.newsingest.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The one deadline of a graceful shutdown. */
@ConfigMapping(prefix = "ingest.shutdown")
public interface ShutdownConfig {

    /**
     * {@code ingest.shutdown.deadline}: from SIGTERM until the polls and the relay have finished
     * or handed back their work; both drain at once against it. Below Kubernetes'
     * {@code terminationGracePeriodSeconds} (30 s) with room for the rest of the shutdown.
     */
    @WithDefault("PT25S")
    Duration deadline();
}
