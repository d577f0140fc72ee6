package org.newsingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.Stories;

class StoryFingerprintTest {

    static final String CREDIT = " This post was originally published on Radio Free. Copyright (c) 2026 RFE/RL, Inc."
            + " Used with the permission of Radio Free Europe/Radio Liberty.";

    @Test
    void aRepublishedCopyWithACreditLineIsACandidateAndTheSameStory() {
        String original = StoryFingerprint.textOf("Drones Downed Over Kyiv Region", Stories.DRONES_OVER_KYIV);
        String copy = StoryFingerprint.textOf("Drones Downed Over Kyiv Region", Stories.DRONES_OVER_KYIV + CREDIT);
        assertThat(fingerprint(original).shared(fingerprint(copy))).isPositive();
        assertThat(StoryFingerprint.sameStory(original, copy)).isTrue();
        assertThat(StoryFingerprint.sameStory(copy, original)).isTrue();
    }

    @Test
    void differentStoriesAreNeitherCandidatesNorTheSame() {
        String one = StoryFingerprint.textOf("Drones Downed Over Kyiv Region", Stories.DRONES_OVER_KYIV);
        String other = StoryFingerprint.textOf("Kazakhstan Raises Rates", Stories.KAZAKH_RATES);
        assertThat(fingerprint(one).shared(fingerprint(other))).isZero();
        assertThat(StoryFingerprint.sameStory(one, other)).isFalse();
    }

    @Test
    void aStoryQuotingAParagraphOfAnotherIsNotTheSame() {
        String quoting = StoryFingerprint.textOf("Rates And Drones", Stories.KAZAKH_RATES + " " + Stories.DRONES_OVER_KYIV.substring(0, 200));
        assertThat(StoryFingerprint.sameStory(quoting, StoryFingerprint.textOf("Drones Downed Over Kyiv Region", Stories.DRONES_OVER_KYIV))).isFalse();
    }

    @Test
    void creditLinesAndAHeadlineOfItsOwnLeaveTheTextIdentical() {
        String original = StoryFingerprint.textOf("Drones Downed Over Kyiv Region", Stories.DRONES_OVER_KYIV);
        String copy = StoryFingerprint.textOf("Kyiv Air Defenses Busy Overnight",
                "Первоначально опубликовано на сайте Радио Свобода.\n" + Stories.DRONES_OVER_KYIV + CREDIT + "\nFollow us on Telegram.");
        assertThat(fingerprint(copy).bands()).containsExactly(fingerprint(original).bands());
        assertThat(StoryFingerprint.compare(original, copy)).isEqualTo(new StoryFingerprint.Match.Same(StoryFingerprint.Rule.IDENTICAL_TEXT, 1));
    }

    @Test
    void aSummaryOnlyCopyMeetsTheFullArticle() {
        String full = StoryFingerprint.textOf("Drones Downed Over Kyiv Region", Stories.DRONES_OVER_KYIV);
        String lead = Stories.DRONES_OVER_KYIV.substring(0, Stories.DRONES_OVER_KYIV.indexOf(" The attack came"));
        String summary = StoryFingerprint.textOf("Drones Over Kyiv", lead);
        assertThat(fingerprint(full).shared(fingerprint(summary))).isPositive();
        assertThat(StoryFingerprint.compare(summary, full)).isInstanceOfSatisfying(StoryFingerprint.Match.Same.class,
                same -> assertThat(same.rule()).isEqualTo(StoryFingerprint.Rule.EXCERPT));
    }

    @Test
    void aSharedGenericTitleDoesNotMakeTheSameStory() {
        String one = StoryFingerprint.textOf("Новости", Stories.KAZAKH_RATES);
        String other = StoryFingerprint.textOf("Новости", Stories.LVIV_HOUSING);
        assertThat(StoryFingerprint.compare(one, other)).isInstanceOfSatisfying(StoryFingerprint.Match.Different.class,
                different -> assertThat(different.reason()).isEqualTo(StoryFingerprint.Reason.DIFFERENT_TEXT));
    }

    @Test
    void shortBulletinsAreNeverCompared() {
        String bulletin = StoryFingerprint.textOf("Новости", "События минувшего дня: коротко о главном.");
        assertThat(StoryFingerprint.of(bulletin)).isEmpty();
        assertThat(StoryFingerprint.sameStory(bulletin, bulletin)).isFalse();
    }

    private static StoryFingerprint.Fingerprint fingerprint(String text) {
        Optional<StoryFingerprint.Fingerprint> fingerprint = StoryFingerprint.of(text);
        assertThat(fingerprint).isPresent();
        return fingerprint.get();
    }
}
