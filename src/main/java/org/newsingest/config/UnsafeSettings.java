package org.newsingest.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings that must not reach production, found before the service starts work: an API key that
 * is a placeholder (or so short it can be guessed), writes open without a key, and, when
 * {@code ingest.security.require-tls} is on, Kafka or PostgreSQL reached in plaintext.
 */
public final class UnsafeSettings {

    /** Shorter keys can be guessed; 16 characters of a random token is the least we accept. */
    static final int MIN_API_KEY_LENGTH = 16;

    private static final List<String> PLACEHOLDER_PARTS = List.of("change-me", "changeme", "change_me", "changeit",
            "replace-me", "replaceme", "placeholder", "example", "your-api-key", "xxxx", "<", ">");
    private static final Set<String> KAFKA_TLS_PROTOCOLS = Set.of("SSL", "SASL_SSL");
    private static final Set<String> JDBC_TLS_MODES = Set.of("require", "verify-ca", "verify-full");
    private static final Pattern SSLMODE = Pattern.compile("[?&]sslmode=([^&]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SSL_ON = Pattern.compile("[?&]ssl=true(&|$)", Pattern.CASE_INSENSITIVE);

    /** What the check looks at, gathered from the configuration by {@link StartupSafety}. */
    public record Settings(
            boolean production,
            Optional<String> apiKey,
            boolean writesWithoutKey,
            boolean requireTls,
            Map<String, Object> kafka,
            Optional<String> jdbcUrl) {}

    private UnsafeSettings() {}

    /** Every problem found, each a sentence naming the setting and the fix; empty when safe. */
    public static List<String> find(Settings settings) {
        List<String> problems = new ArrayList<>();
        if (settings.production()) {
            settings.apiKey().ifPresent(key -> apiKeyProblem(key).ifPresent(problems::add));
            if (settings.apiKey().isEmpty() && settings.writesWithoutKey()) {
                problems.add("INGEST_API_WRITES_WITHOUT_KEY=true opens every write to anyone: set INGEST_API_KEY instead");
            }
        }
        if (settings.requireTls()) {
            String protocol = String.valueOf(settings.kafka().getOrDefault("security.protocol", "PLAINTEXT")).strip().toUpperCase(Locale.ROOT);
            if (!KAFKA_TLS_PROTOCOLS.contains(protocol)) {
                problems.add("Kafka is reached over " + protocol + " but ingest.security.require-tls is on:"
                        + " set KAFKA_SECURITY_PROTOCOL=SASL_SSL (or SSL) and a truststore");
            }
            settings.jdbcUrl().filter(url -> !jdbcUsesTls(url)).ifPresent(url -> problems.add(
                    "the JDBC URL does not require TLS but ingest.security.require-tls is on:"
                            + " add sslmode=verify-full (or verify-ca, require) to QUARKUS_DATASOURCE_JDBC_URL"));
        }
        return problems;
    }

    private static Optional<String> apiKeyProblem(String key) {
        String normalized = key.strip().toLowerCase(Locale.ROOT);
        if (normalized.isEmpty()) {
            return Optional.of("INGEST_API_KEY is set but empty: set a random token, or unset it to keep the API read-only");
        }
        if (PLACEHOLDER_PARTS.stream().anyMatch(normalized::contains)) {
            return Optional.of("INGEST_API_KEY is a placeholder: set a random token (e.g. openssl rand -hex 32)");
        }
        if (normalized.length() < MIN_API_KEY_LENGTH) {
            return Optional.of("INGEST_API_KEY is shorter than " + MIN_API_KEY_LENGTH + " characters: set a random token (e.g. openssl rand -hex 32)");
        }
        return Optional.empty();
    }

    /** pgjdbc: {@code ssl=true} without a mode means verify-full; otherwise the mode decides. */
    static boolean jdbcUsesTls(String url) {
        Matcher mode = SSLMODE.matcher(url);
        if (mode.find()) {
            return JDBC_TLS_MODES.contains(mode.group(1).toLowerCase(Locale.ROOT));
        }
        return SSL_ON.matcher(url).find();
    }
}
