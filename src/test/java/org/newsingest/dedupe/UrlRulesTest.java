package org.newsingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newsingest.config.IngestConfig;

class UrlRulesTest {

    /** The shipped rule, as application.properties sets it (hosts abridged to the ones tested). */
    private static final UrlRules RFERL = UrlRules.of(Map.of("rferl", rule(List.of("rferl.org", "*.rferl.eu", "svoboda.org", "krymr.com"),
            "/a/(?:[^/]+/)?(?<id>[0-9]+)\\.html")));

    @Test
    void oneArticleIdOnAnyRferlHostIsOneStory() {
        assertThat(RFERL.storyKey("https://www.rferl.org/a/kremlin-denies-mobilization/33640001.html")).contains("rferl:33640001");
        assertThat(RFERL.storyKey("https://www.svoboda.org/a/33640001.html")).contains("rferl:33640001");
        assertThat(RFERL.storyKey("https://www.rferl.eu/a/33640001.html")).contains("rferl:33640001");
        assertThat(RFERL.storyKey("https://ru.krymr.com/a/novosti/33640001.html")).contains("rferl:33640001");
        assertThat(RFERL.storyKey("https://rferl.org/a/33640001.html")).contains("rferl:33640001");
    }

    @Test
    void otherHostsAndShapesHaveNoStoryKey() {
        assertThat(RFERL.storyKey("https://www.example.org/a/33640001.html")).isEmpty();
        assertThat(RFERL.storyKey("https://notrferl.org/a/33640001.html")).isEmpty();
        assertThat(RFERL.storyKey("https://www.rferl.org/z/33640001.html")).isEmpty();
        assertThat(RFERL.storyKey("https://www.rferl.org/a/one/two/33640001.html")).isEmpty();
        assertThat(RFERL.storyKey("https://www.rferl.org/a/slug/33640001.html?x=1")).contains("rferl:33640001");
        assertThat(RFERL.storyKey("not a url")).isEmpty();
    }

    private static IngestConfig.UrlRule rule(List<String> hosts, String path) {
        return new IngestConfig.UrlRule() {
            @Override
            public List<String> hosts() {
                return hosts;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public Optional<String> prefix() {
                return Optional.empty();
            }
        };
    }
}
