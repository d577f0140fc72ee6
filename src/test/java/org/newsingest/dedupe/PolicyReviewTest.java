package org.newsingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The identity-policy review, without a database. */
class PolicyReviewTest {

    private static final int THRESHOLD = 3;

    @Test
    void aFeedWhoseGuidsChurnIsKeyedByItsLinks() {
        List<PolicyReview.Signal> entries = Collections.nCopies(4, signal(true, false, true, false));
        assertThat(PolicyReview.review(IdentityPolicy.GUID, entries, 3, THRESHOLD)).hasValueSatisfying(change -> {
            assertThat(change.next()).isEqualTo(IdentityPolicy.URL);
            assertThat(change.detail()).contains("3 entries arrived under new GUIDs").endsWith("their canonical link");
        });
    }

    @Test
    void aFeedWhoseGuidsCollideAndWhoseLinksAreSharedIsKeyedByItsContent() {
        List<PolicyReview.Signal> entries = Collections.nCopies(3, signal(false, true, true, false));
        assertThat(PolicyReview.review(IdentityPolicy.GUID, entries, 0, THRESHOLD)).hasValueSatisfying(change -> {
            assertThat(change.next()).isEqualTo(IdentityPolicy.CONTENT);
            assertThat(change.detail()).contains("3 entries share a GUID").endsWith("their title, date and text");
        });
    }

    @Test
    void aRefusedRepeatSaysNothingAboutTheFeedsLinks() {
        List<PolicyReview.Signal> entries = List.of(signal(true, true, true, false), signal(true, true, true, false),
                signal(true, true, true, false), signal(false, true, true, true));
        assertThat(PolicyReview.review(IdentityPolicy.GUID, entries, 0, THRESHOLD)).get()
                .extracting(PolicyReview.Change::next).isEqualTo(IdentityPolicy.URL);
    }

    @Test
    void belowTheThresholdOrOffTheGuidPolicyNothingChanges() {
        List<PolicyReview.Signal> colliding = Collections.nCopies(2, signal(true, true, true, false));
        assertThat(PolicyReview.review(IdentityPolicy.GUID, colliding, 2, THRESHOLD)).isEmpty();
        assertThat(PolicyReview.review(IdentityPolicy.URL, Collections.nCopies(5, signal(true, true, true, false)), 5, THRESHOLD)).isEmpty();
    }

    @Test
    void onlyAKeyMadeFromAGuidUnderTheGuidPolicyChurns() {
        assertThat(PolicyReview.churns(new EntryIdentity("guid:abc", IdentityPolicy.GUID, true, false))).isTrue();
        assertThat(PolicyReview.churns(new EntryIdentity("guid+link:abc", IdentityPolicy.GUID, true, false))).isTrue();
        assertThat(PolicyReview.churns(new EntryIdentity("link:abc", IdentityPolicy.GUID, true, false))).isFalse();
        assertThat(PolicyReview.churns(new EntryIdentity("link:abc", IdentityPolicy.URL, true, false))).isFalse();
    }

    private static PolicyReview.Signal signal(boolean linkIdentifies, boolean guidCollides, boolean hasLink, boolean refused) {
        return new PolicyReview.Signal(new EntryIdentity("guid:x", IdentityPolicy.GUID, linkIdentifies, guidCollides), hasLink, refused);
    }
}
