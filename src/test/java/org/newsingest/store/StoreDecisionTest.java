package org.newsingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsingest.store.StoreDecision.Decision;
import org.newsingest.store.StoreDecision.Matches;
import org.newsingest.store.StoreDecision.Revision;

/** The store's decision table, without a database: which match wins, and what it makes of the entry. */
class StoreDecisionTest {

    private static final long FEED = 1;
    private static final long OTHER_FEED = 2;

    private static final Item OWN_BY_KEY = item(FEED);
    private static final Item OTHER_BY_KEY = item(OTHER_FEED);
    private static final Item OWN_URL = item(FEED);
    private static final Item OTHER_URL = item(OTHER_FEED);
    private static final Item OWN_STORY = item(FEED);
    private static final Item OTHER_STORY = item(OTHER_FEED);
    private static final Item TEXT = item(OTHER_FEED);

    static Stream<Arguments> table() {
        return Stream.of(
                // by key, same URL, same story, same text -> decision
                Arguments.of(OWN_BY_KEY, OTHER_URL, OTHER_STORY, null, new Decision.Revise(OWN_BY_KEY, false)),
                Arguments.of(OTHER_BY_KEY, OWN_URL, null, null, new Decision.Known(OTHER_BY_KEY)),
                Arguments.of(null, OWN_URL, OTHER_STORY, null, new Decision.Revise(OWN_URL, true)),
                Arguments.of(null, OTHER_URL, OWN_STORY, null, new Decision.Sight(OTHER_URL)),
                Arguments.of(null, null, OWN_STORY, TEXT, new Decision.Revise(OWN_STORY, true)),
                Arguments.of(null, null, OTHER_STORY, TEXT, new Decision.Copy(OTHER_STORY, MatchReason.URL_RULE)),
                Arguments.of(null, null, null, TEXT, new Decision.Copy(TEXT, MatchReason.CONTENT_SIMILARITY)),
                Arguments.of(null, null, null, null, new Decision.Create()));
    }

    @ParameterizedTest(name = "[{index}] {4}")
    @MethodSource("table")
    void theStrongestMatchDecidesWhatAnEntryIs(Item byKey, Item sameUrl, Item sameStory, Item sameText, Decision expected) {
        Matches matches = new Matches(Optional.ofNullable(byKey), Optional.ofNullable(sameUrl), Optional.ofNullable(sameStory), Optional.ofNullable(sameText));
        assertThat(StoreDecision.decide(FEED, matches)).isEqualTo(expected);
    }

    @Test
    void textIsComparedOnlyWhenNoKeyUrlOrStoryMatched() {
        assertThat(new Matches(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()).needsText()).isTrue();
        assertThat(new Matches(Optional.of(OWN_BY_KEY), Optional.empty(), Optional.empty(), Optional.empty()).needsText()).isFalse();
        assertThat(new Matches(Optional.empty(), Optional.of(OTHER_URL), Optional.empty(), Optional.empty()).needsText()).isFalse();
        assertThat(new Matches(Optional.empty(), Optional.empty(), Optional.of(OTHER_STORY), Optional.empty()).needsText()).isFalse();
    }

    @Test
    void aRevisionWhoseNewCanonicalUrlAnotherItemHasIsRefused() {
        Item item = stored("https://a.example/old", "hash-1");
        assertThat(StoreDecision.revise(item, Optional.of("https://a.example/new"), Optional.of(OTHER_URL), "hash-2")).isEqualTo(Revision.URL_TAKEN);
    }

    @Test
    void aRevisionMayKeepOrTakeAFreeCanonicalUrl() {
        Item item = stored("https://a.example/old", "hash-1");
        assertThat(StoreDecision.revise(item, Optional.of("https://a.example/old"), Optional.of(item), "hash-2")).isEqualTo(Revision.CHANGED);
        assertThat(StoreDecision.revise(item, Optional.of("https://a.example/new"), Optional.empty(), "hash-2")).isEqualTo(Revision.CHANGED);
        assertThat(StoreDecision.revise(item, Optional.empty(), Optional.empty(), "hash-2")).isEqualTo(Revision.CHANGED);
    }

    @Test
    void theSameContentIsNoRevision() {
        Item item = stored("https://a.example/old", "hash-1");
        assertThat(StoreDecision.revise(item, Optional.of("https://a.example/old"), Optional.of(item), "hash-1")).isEqualTo(Revision.UNCHANGED);
        assertThat(StoreDecision.revise(item, Optional.empty(), Optional.empty(), "hash-1")).isEqualTo(Revision.UNCHANGED);
    }

    private static Item item(long feedId) {
        Item item = new Item();
        item.id = UUID.randomUUID();
        item.feedId = feedId;
        return item;
    }

    private static Item stored(String canonicalUrl, String contentHash) {
        Item item = item(FEED);
        item.canonicalUrl = canonicalUrl;
        item.contentHash = contentHash;
        return item;
    }
}
