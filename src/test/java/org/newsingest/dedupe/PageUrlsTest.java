package org.newsingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageUrlsTest {

    @Test
    void theFinalAndTheDeclaredUrlAreNormalisedAsEntryLinksAre() {
        assertThat(PageUrls.of(URI.create("https://WWW.Outlet.example:443/news/1?utm_source=feed"),
                Optional.of(URI.create("https://outlet.example/news/1"))))
                .containsExactly("https://outlet.example/news/1", "https://www.outlet.example/news/1");
    }

    @Test
    void aHomePageNeverNamesAStory() {
        assertThat(PageUrls.of(URI.create("https://outlet.example/news/1"), Optional.of(URI.create("https://outlet.example/"))))
                .containsExactly("https://outlet.example/news/1");
        assertThat(PageUrls.identifies("https://outlet.example/")).isFalse();
        assertThat(PageUrls.identifies("https://outlet.example/?p=123")).as("a query names an article").isTrue();
    }

    @Test
    void aUrlTooLongToIndexNamesNothing() {
        assertThat(PageUrls.identifies("https://outlet.example/" + "a".repeat(PageUrls.MAX_INDEXED_BYTES))).isFalse();
    }
}
