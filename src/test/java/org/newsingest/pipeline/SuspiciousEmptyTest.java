package org.newsingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** reliability-security.md §5 A5 and the "no items where there were items before". */
class SuspiciousEmptyTest {

    // Case A5 of reliability-security.md §5.
    @Test
    void aFeedThatNeverHadItemsMayBeEmpty() {
        assertThat(FeedPipeline.suspiciouslyEmpty(0, Optional.empty())).isEmpty();
        assertThat(FeedPipeline.suspiciouslyEmpty(0, Optional.of(0))).isEmpty();
    }

    @Test
    void aFeedThatHadItemsAndNowHasNoneIsSuspicious() {
        assertThat(FeedPipeline.suspiciouslyEmpty(0, Optional.of(25))).get().asString().contains("25");
    }

    @Test
    void fewerItemsThanBeforeIsNormal() {
        assertThat(FeedPipeline.suspiciouslyEmpty(1, Optional.of(25))).isEmpty();
    }
}
