package org.newsingest.feed;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code ingest.secrets.*}: how per-feed request headers (credentials) are kept at rest. */
@ConfigMapping(prefix = "ingest.secrets")
public interface SecretsConfig {

    /**
     * {@code ingest.secrets.key}: a base64-encoded 256-bit key; when set, feed request headers
     * are stored encrypted with AES-GCM. Without it they are stored as plain JSON (still never
     * shown by the API, logged or published).
     */
    Optional<String> key();
}
