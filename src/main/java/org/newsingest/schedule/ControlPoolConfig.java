package org.newsingest.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of the lease-keeping statements on the control pool ({@link ControlPool}). */
@ConfigMapping(prefix = "ingest.control")
public interface ControlPoolConfig {

    /**
     * {@code ingest.control.lock-timeout}: longest wait of a heartbeat, claim or renewal for a row
     * lock. Rows a store transaction holds are skipped, so this only bounds the unexpected.
     */
    @WithDefault("PT2S")
    Duration lockTimeout();

    /** {@code ingest.control.statement-timeout}: longest run of one heartbeat, claim or renewal statement. */
    @WithDefault("PT10S")
    Duration statementTimeout();
}
