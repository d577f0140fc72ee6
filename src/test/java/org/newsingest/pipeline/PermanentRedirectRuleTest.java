package org.newsingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newsingest.feed.Feed;

/** reliability-security.md §5 C25: the stored URL moves only after the same 301/308 on two polls in a row. */
class PermanentRedirectRuleTest {

    private static final URI MOVED = URI.create("https://new.example/feed");

    private static Feed feed() {
        Feed feed = new Feed();
        feed.url = "http://old.example/feed";
        return feed;
    }

    // Case C25 of reliability-security.md §5.
    @Test
    void twoPollsInARowMoveTheUrlOnceAndLeaveANote() {
        Feed feed = feed();

        Optional<String> first = feed.followPermanentRedirect(Optional.of(MOVED));
        assertThat(first).isEmpty();
        assertThat(feed.url).isEqualTo("http://old.example/feed");
        assertThat(feed.pendingRedirectUrl).isEqualTo(MOVED.toString());

        Optional<String> second = feed.followPermanentRedirect(Optional.of(MOVED));
        assertThat(second).get().asString().contains("old.example", "new.example");
        assertThat(feed.url).isEqualTo(MOVED.toString());
        assertThat(feed.pendingRedirectUrl).isNull();
    }

    @Test
    void aPollWithoutTheRedirectResetsTheCount() {
        Feed feed = feed();
        feed.followPermanentRedirect(Optional.of(MOVED));
        feed.followPermanentRedirect(Optional.empty());
        feed.followPermanentRedirect(Optional.of(MOVED));

        assertThat(feed.url).isEqualTo("http://old.example/feed");
    }

    @Test
    void twoDifferentTargetsDoNotMoveTheUrl() {
        Feed feed = feed();
        feed.followPermanentRedirect(Optional.of(MOVED));
        feed.followPermanentRedirect(Optional.of(URI.create("https://other.example/feed")));

        assertThat(feed.url).isEqualTo("http://old.example/feed");
        assertThat(feed.pendingRedirectUrl).isEqualTo("https://other.example/feed");
    }
}
