package org.newsingest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedListsTest {

    @Test
    void yamlListsCarryTitlesTagsAndIntervals() {
        List<FeedListEntry> entries = FeedLists.parse("""
                feeds:
                  - url: https://www.rferl.org/api/zviipl-vomx-tpeugmm
                    title: RFE/RL – Ukraine
                    tags: [rferl, ukraine]
                    pollInterval: PT10M
                  - url: https://meduza.io/rss/en/all
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).title()).hasValue("RFE/RL – Ukraine");
        assertThat(entries.get(0).tags()).containsExactly("rferl", "ukraine");
        assertThat(entries.get(0).pollInterval()).hasValue(Duration.ofMinutes(10));
        assertThat(entries.get(1).tags()).isEmpty();
    }

    @Test
    void aYamlFeedCanNameItsOwnProxy() {
        List<FeedListEntry> entries = FeedLists.parse("""
                feeds:
                  - url: https://members.example.org/feed.xml
                    proxy: http://proxy.corp:3128
                  - url: https://meduza.io/rss/en/all
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(entries.get(0).sources().proxy()).hasValue("http://proxy.corp:3128");
        assertThat(entries.get(1).sources().proxy()).isEmpty();
    }

    @Test
    void aYamlFeedCanTurnPageExtractionOffAndItStaysOnOtherwise() {
        List<FeedListEntry> entries = FeedLists.parse("""
                feeds:
                  - url: https://www.rferl.org/api/zviipl-vomx-tpeugmm
                    extract: false
                  - url: https://meduza.io/rss/en/all
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(entries).extracting(FeedListEntry::extract).containsExactly(false, true);
    }

    @Test
    void opmlFoldersBecomeTags() {
        List<FeedListEntry> entries = FeedLists.parse("""
                \uFEFF<?xml version="1.0" encoding="UTF-8"?>
                <opml version="2.0"><body>
                  <outline text="Eastern Europe"><outline text="Belarus">
                    <outline type="rss" text="Svaboda" xmlUrl="https://www.svaboda.org/api/epiqq" category="radio,be"/>
                  </outline></outline>
                </body></opml>
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.url()).isEqualTo("https://www.svaboda.org/api/epiqq");
            assertThat(entry.tags()).containsExactly("Eastern Europe", "Belarus", "radio", "be");
        });
    }

    @Test
    void theBundledListIsValid() throws Exception {
        try (var in = FeedListLoader.class.getClassLoader().getResourceAsStream(FeedListLoader.BUNDLED_LIST)) {
            List<FeedListEntry> entries = FeedLists.parse(in.readAllBytes());
            assertThat(entries).hasSizeGreaterThanOrEqualTo(10);
            assertThat(entries).allSatisfy(entry -> assertThat(entry.url()).startsWith("https://"));
            assertThat(entries).filteredOn(entry -> entry.url().contains("rferl.org")).hasSizeGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void brokenListsSayWhy() {
        assertThatThrownBy(() -> FeedLists.parse("feeds: [{title: no url}]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no url");
        assertThatThrownBy(() -> FeedLists.parse("<rss/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("OPML");
        assertThatThrownBy(() -> FeedLists.parse("feeds:\n  - url: http://x\n    pollInterval: hourly".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("ISO-8601");
    }
}
