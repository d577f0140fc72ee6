package org.newsingest.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.newsingest.config.IngestConfig;

/** An {@code ingest.fetch.*} configuration for plain unit tests, with the production defaults unless changed. */
public record TestConfig(
        String userAgent,
        boolean allowPrivateNetworks,
        Optional<List<String>> allowList,
        Duration connectTimeout,
        Duration timeout,
        long maxBodyBytes,
        int maxRedirects,
        int perHostConcurrency,
        Duration perHostSpacing,
        Duration retryAfterMax) implements IngestConfig.Fetch {

    public static final String USER_AGENT = "news-ingest/0.1 (+https://github.com/news-ingest/news-ingest)";

    /** Production defaults, except no per-host spacing (tests make many requests to one host). */
    public static TestConfig defaults() {
        return new TestConfig(USER_AGENT, false, Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(30),
                10 * 1024 * 1024, 5, 2, Duration.ZERO, Duration.ofHours(24));
    }

    public TestConfig allowing(String... entries) {
        return new TestConfig(userAgent, allowPrivateNetworks, Optional.of(List.of(entries)), connectTimeout, timeout, maxBodyBytes,
                maxRedirects, perHostConcurrency, perHostSpacing, retryAfterMax);
    }

    public TestConfig allowPrivate() {
        return new TestConfig(userAgent, true, allowList, connectTimeout, timeout, maxBodyBytes, maxRedirects, perHostConcurrency,
                perHostSpacing, retryAfterMax);
    }

    public TestConfig withConnectTimeout(Duration value) {
        return new TestConfig(userAgent, allowPrivateNetworks, allowList, value, timeout, maxBodyBytes, maxRedirects,
                perHostConcurrency, perHostSpacing, retryAfterMax);
    }

    public TestConfig withTimeout(Duration value) {
        return new TestConfig(userAgent, allowPrivateNetworks, allowList, connectTimeout, value, maxBodyBytes, maxRedirects,
                perHostConcurrency, perHostSpacing, retryAfterMax);
    }

    public TestConfig withMaxBodyBytes(long value) {
        return new TestConfig(userAgent, allowPrivateNetworks, allowList, connectTimeout, timeout, value, maxRedirects,
                perHostConcurrency, perHostSpacing, retryAfterMax);
    }

    public TestConfig withPerHost(int concurrency, Duration spacing) {
        return new TestConfig(userAgent, allowPrivateNetworks, allowList, connectTimeout, timeout, maxBodyBytes, maxRedirects,
                concurrency, spacing, retryAfterMax);
    }
}
