package org.newsingest.fetch;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code ingest.fetch.proxy}: the HTTP forward proxy every fetch goes through ({@link OutboundProxy}). */
@ConfigMapping(prefix = "ingest.fetch")
public interface FetchProxyConfig {

    /**
     * {@code ingest.fetch.proxy}: {@code http://[user:password@]host:port}. Feeds, sitemaps, pages
     * and robots.txt are fetched through it (https targets tunnelled with CONNECT); a feed's own
     * {@code proxy} replaces it. Unset: fetches connect directly. The credentials are never logged.
     */
    Optional<String> proxy();
}
