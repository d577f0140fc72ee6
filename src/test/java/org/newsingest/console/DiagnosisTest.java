package org.newsingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.newsingest.publish.RelayHealth;

class DiagnosisTest {

    @Test
    void failingFeedsAreGroupedByErrorAndHostInOneSentence() {
        List<ConsoleFeeds.FailureGroup> groups = List.of(
                new ConsoleFeeds.FailureGroup("http_4xx", 403, "www.blocked.example", 9),
                new ConsoleFeeds.FailureGroup("timeout", null, "slow.example", 2),
                new ConsoleFeeds.FailureGroup("http_5xx", 500, "broken.example", 1));

        assertThat(Diagnosis.of(groups, 0, RelayHealth.State.RUNNING, 0, 0))
                .containsExactly("12 feeds failing, 9 of them with HTTP 403 from one host (www.blocked.example).");
    }

    @Test
    void oneErrorOverManyHostsCountsTheHosts() {
        List<ConsoleFeeds.FailureGroup> groups = List.of(
                new ConsoleFeeds.FailureGroup("http_5xx", 500, "a.example", 2),
                new ConsoleFeeds.FailureGroup("http_5xx", 500, "b.example", 1));

        assertThat(Diagnosis.of(groups, 0, RelayHealth.State.RUNNING, 0, 0))
                .containsExactly("3 feeds failing, all with HTTP 500 from 2 hosts.");
    }

    @Test
    void pausedRelayOldBacklogAndChallengesAreSaid() {
        assertThat(Diagnosis.of(List.of(), 4, RelayHealth.State.PAUSED_UNREACHABLE, 1200, 900)).containsExactly(
                "4 feeds answered with a bot-challenge page instead of the feed.",
                "The relay to Kafka is paused: Kafka cannot be reached; events wait in the outbox.",
                "1,200 events are waiting to be sent to Kafka, the oldest for 15 min.");
    }

    @Test
    void aHealthyServiceHasNothingToSay() {
        assertThat(Diagnosis.of(List.of(), 0, RelayHealth.State.RUNNING, 30, 2)).isEmpty();
    }
}
