package org.newsingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StoryFingerprintTest {

    static final String STORY = """
            Ukrainian officials said on Monday that air-defense units shot down most of the drones launched \
            overnight at the Kyiv region, while debris damaged several residential buildings in the capital's \
            outskirts. Emergency services reported no deaths but said four people were treated for injuries. \
            The attack came hours after talks in Brussels on additional air-defense systems for Ukraine, where \
            European ministers promised to speed up deliveries before the winter. Energy company officials said \
            repairs to damaged substations would take several days and asked residents to limit consumption \
            during the evening peak hours.""";

    static final String OTHER_STORY = """
            Kazakhstan's central bank raised its base interest rate for the second time this year, citing \
            inflation that has stayed above its target for months as food and fuel prices climbed. The bank \
            said the decision was needed to anchor expectations and that further increases were possible if \
            price growth did not slow in the first quarter. Analysts in Almaty said the move would weigh on \
            consumer lending, which has grown quickly, and on the housing market, while the tenge strengthened \
            slightly against the dollar after the announcement.""";

    static final String CREDIT = " This post was originally published on Radio Free. Copyright (c) 2026 RFE/RL, Inc."
            + " Used with the permission of Radio Free Europe/Radio Liberty.";

    @Test
    void aRepublishedCopyWithACreditLineIsACandidateAndTheSameStory() {
        String original = StoryFingerprint.textOf("Drones Downed Over Kyiv Region", STORY);
        String copy = StoryFingerprint.textOf("Drones Downed Over Kyiv Region", STORY + CREDIT);
        assertThat(StoryFingerprint.distance(fingerprint(original), fingerprint(copy))).isLessThanOrEqualTo(StoryFingerprint.CANDIDATE_DISTANCE);
        assertThat(StoryFingerprint.sameStory(original, copy)).isTrue();
        assertThat(StoryFingerprint.sameStory(copy, original)).isTrue();
    }

    @Test
    void differentStoriesAreNeitherCandidatesNorTheSame() {
        String one = StoryFingerprint.textOf("Drones Downed Over Kyiv Region", STORY);
        String other = StoryFingerprint.textOf("Kazakhstan Raises Rates", OTHER_STORY);
        assertThat(StoryFingerprint.distance(fingerprint(one), fingerprint(other))).isGreaterThan(StoryFingerprint.CANDIDATE_DISTANCE);
        assertThat(StoryFingerprint.sameStory(one, other)).isFalse();
    }

    @Test
    void aStoryQuotingAParagraphOfAnotherIsNotTheSame() {
        String quoting = StoryFingerprint.textOf("Rates And Drones", OTHER_STORY + " " + STORY.substring(0, 200));
        assertThat(StoryFingerprint.sameStory(quoting, StoryFingerprint.textOf("Drones Downed Over Kyiv Region", STORY))).isFalse();
    }

    @Test
    void shortBulletinsAreNeverCompared() {
        String bulletin = StoryFingerprint.textOf("Новости", "События минувшего дня: коротко о главном.");
        assertThat(StoryFingerprint.of(bulletin)).isEmpty();
        assertThat(StoryFingerprint.sameStory(bulletin, bulletin)).isFalse();
    }

    private static long fingerprint(String text) {
        OptionalLong fingerprint = StoryFingerprint.of(text);
        assertThat(fingerprint).isPresent();
        return fingerprint.getAsLong();
    }
}
