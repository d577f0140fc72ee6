package org.newsingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up refusal of unsafe production settings ({@link UnsafeSettings}). */
class UnsafeSettingsTest {

    private static final String GOOD_KEY = "9f2c4e1a7b3d5f60a8c2e4b6d8f0a1c3";
    private static final String TLS_JDBC = "jdbc:postgresql://db:5432/news?sslmode=verify-full";

    @Test
    void placeholderShortOrEmptyKeysAreRefusedInProduction() {
        for (String key : List.of("change-me", "CHANGEME", "<your-api-key>", "example-key-1234567890", "", "  ", "short-key")) {
            assertThat(problems(true, Optional.of(key), false, false, Map.of(), Optional.empty()))
                    .as(key).singleElement().asString().contains("INGEST_API_KEY");
        }
        assertThat(problems(true, Optional.of(GOOD_KEY), false, false, Map.of(), Optional.empty())).isEmpty();
    }

    @Test
    void writesWithoutAKeyAreRefusedInProductionButAReadOnlyServiceIsFine() {
        assertThat(problems(true, Optional.empty(), true, false, Map.of(), Optional.empty()))
                .singleElement().asString().contains("INGEST_API_WRITES_WITHOUT_KEY");
        assertThat(problems(true, Optional.empty(), false, false, Map.of(), Optional.empty())).isEmpty();
    }

    @Test
    void outsideProductionTheKeyIsNotJudged() {
        assertThat(problems(false, Optional.of("change-me"), true, false, Map.of(), Optional.empty())).isEmpty();
    }

    @Test
    void requireTlsRefusesPlaintextKafkaAndJdbc() {
        List<String> plaintext = problems(false, Optional.empty(), false, true, Map.of(), Optional.of("jdbc:postgresql://db:5432/news"));
        assertThat(plaintext).hasSize(2);
        assertThat(plaintext.get(0)).contains("PLAINTEXT").contains("KAFKA_SECURITY_PROTOCOL");
        assertThat(plaintext.get(1)).contains("sslmode=verify-full");

        assertThat(problems(false, Optional.empty(), false, true, Map.of("security.protocol", "SASL_PLAINTEXT"), Optional.of(TLS_JDBC)))
                .singleElement().asString().contains("SASL_PLAINTEXT");
        assertThat(problems(false, Optional.empty(), false, true, Map.of("security.protocol", "sasl_ssl"), Optional.of(TLS_JDBC))).isEmpty();
        assertThat(problems(false, Optional.empty(), false, true, Map.of("security.protocol", "SSL"),
                Optional.of("jdbc:postgresql://db/news?sslmode=prefer"))).hasSize(1);
        assertThat(problems(false, Optional.empty(), false, false, Map.of(), Optional.of("jdbc:postgresql://db/news"))).isEmpty();
    }

    @Test
    void jdbcTlsFollowsPgjdbcRules() {
        assertThat(UnsafeSettings.jdbcUsesTls("jdbc:postgresql://db/news?ssl=true")).isTrue();
        assertThat(UnsafeSettings.jdbcUsesTls("jdbc:postgresql://db/news?user=x&sslmode=require")).isTrue();
        assertThat(UnsafeSettings.jdbcUsesTls("jdbc:postgresql://db/news?sslmode=verify-ca")).isTrue();
        assertThat(UnsafeSettings.jdbcUsesTls("jdbc:postgresql://db/news?ssl=true&sslmode=disable")).isFalse();
        assertThat(UnsafeSettings.jdbcUsesTls("jdbc:postgresql://db/news?sslmode=allow")).isFalse();
        assertThat(UnsafeSettings.jdbcUsesTls("jdbc:postgresql://db/news")).isFalse();
    }

    private static List<String> problems(boolean production, Optional<String> key, boolean writesWithoutKey, boolean requireTls,
            Map<String, Object> kafka, Optional<String> jdbcUrl) {
        return UnsafeSettings.find(new UnsafeSettings.Settings(production, key, writesWithoutKey, requireTls, kafka, jdbcUrl));
    }
}
