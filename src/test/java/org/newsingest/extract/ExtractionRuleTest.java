package org.newsingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExtractionRuleTest {

    private static final int MIN = 1500;
    private static final Optional<String> LINK = Optional.of("https://www.rferl.org/a/story/33640001.html");

    @Test
    void aTeaserOrNoTextFetchesThePage() {
        assertThat(ExtractionRule.decide(true, true, LINK, Optional.empty(), MIN))
                .isEqualTo(new ExtractionRule.Decision.Fetch(URI.create(LINK.get())));
        assertThat(ExtractionRule.decide(true, true, LINK, Optional.of("One line of description."), MIN))
                .isInstanceOf(ExtractionRule.Decision.Fetch.class);
        assertThat(ExtractionRule.decide(true, true, LINK, Optional.of("x".repeat(MIN - 1)), MIN))
                .isInstanceOf(ExtractionRule.Decision.Fetch.class);
    }

    @Test
    void aFeedThatCarriesTheWholeArticleIsNotFetched() {
        assertThat(ExtractionRule.decide(true, true, LINK, Optional.of("x".repeat(MIN)), MIN))
                .isInstanceOf(ExtractionRule.Decision.Skip.class);
    }

    @Test
    void whitespaceDoesNotCountAsBody() {
        assertThat(ExtractionRule.decide(true, true, LINK, Optional.of(" ".repeat(MIN * 2) + "short"), MIN))
                .isInstanceOf(ExtractionRule.Decision.Fetch.class);
    }

    @Test
    void offGloballyOrForTheFeedNothingIsFetched() {
        assertThat(ExtractionRule.decide(false, true, LINK, Optional.empty(), MIN)).isEqualTo(new ExtractionRule.Decision.Skip("extraction is off"));
        assertThat(ExtractionRule.decide(true, false, LINK, Optional.empty(), MIN)).isEqualTo(new ExtractionRule.Decision.Skip("the feed opted out"));
    }

    @Test
    void withoutAnHttpLinkThereIsNoPage() {
        assertThat(ExtractionRule.decide(true, true, Optional.empty(), Optional.empty(), MIN)).isInstanceOf(ExtractionRule.Decision.Skip.class);
        assertThat(ExtractionRule.decide(true, true, Optional.of("mailto:desk@example.org"), Optional.empty(), MIN))
                .isInstanceOf(ExtractionRule.Decision.Skip.class);
        assertThat(ExtractionRule.decide(true, true, Optional.of("not a url at all"), Optional.empty(), MIN))
                .isInstanceOf(ExtractionRule.Decision.Skip.class);
    }
}
