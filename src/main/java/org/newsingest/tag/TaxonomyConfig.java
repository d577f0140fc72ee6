package org.newsingest.tag;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code ingest.taxonomy.*}: which taxonomy topics come from. */
@ConfigMapping(prefix = "ingest.taxonomy")
public interface TaxonomyConfig {

    /**
     * {@code ingest.taxonomy.file} ({@code INGEST_TAXONOMY_FILE}): a YAML taxonomy replacing the
     * shipped {@code taxonomy/default.yaml}. Unset by default: the shipped one covers every
     * country, the IPTC top-level subjects and the RFE/RL beats. It is compiled beside the rest
     * of start-up; readiness waits for it, and a file that cannot be read or compiled stops the
     * service (exit code 1) with a message naming the problem before it is ever ready.
     */
    Optional<String> file();
}
