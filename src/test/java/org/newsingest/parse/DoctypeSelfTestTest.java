package org.newsingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class DoctypeSelfTestTest {

    @Test
    void upBecauseTheParserRefusesEveryProbe() {
        HealthCheckResponse response = new DoctypeSelfTest(new FeedParser()).call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("accepted", 0L).containsEntry("xmlBuilderRefusesDoctype", true)
                .containsEntry("externalDtdSkipped", true);
    }

    @Test
    void downWhenAParserRefusesEvenAnExternalDtdItCouldSkip() {
        FeedParser refusing = new FeedParser() {
            @Override
            public ParseResult parse(byte[] body, java.util.Optional<String> contentType) {
                return new ParseResult.Failed(org.newsingest.feed.PollError.PARSE_ERROR, "refused");
            }
        };
        assertThat(new DoctypeSelfTest(refusing).call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void downWhenAParserAcceptsADoctype() {
        FeedParser permissive = new FeedParser() {
            @Override
            public ParseResult parse(byte[] body, java.util.Optional<String> contentType) {
                return new ParseResult.Parsed(new ParsedFeed("rss_2.0", java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), "UTF-8",
                        java.util.List.of(), java.util.List.of()));
            }
        };
        assertThat(new DoctypeSelfTest(permissive).call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
