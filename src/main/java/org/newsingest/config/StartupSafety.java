package org.newsingest.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** Stops start-up, before any feed is polled, when {@link UnsafeSettings} finds a problem. */
@ApplicationScoped
public class StartupSafety {

    private final IngestConfig config;
    private final Map<String, Object> kafka;
    private final SmallRyeConfig smallRyeConfig;

    StartupSafety(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka, Config smallRyeConfig) {
        this.config = config;
        this.kafka = kafka;
        this.smallRyeConfig = smallRyeConfig.unwrap(SmallRyeConfig.class);
    }

    void check(@Observes @Priority(1) StartupEvent event) {
        List<String> problems = UnsafeSettings.find(new UnsafeSettings.Settings(
                smallRyeConfig.getProfiles().contains("prod"),
                config.apiKey(),
                config.apiWritesWithoutKey(),
                config.security().requireTls(),
                kafka,
                smallRyeConfig.getOptionalValue("quarkus.datasource.jdbc.url", String.class)));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start with unsafe settings:\n  - " + String.join("\n  - ", problems));
        }
    }
}
