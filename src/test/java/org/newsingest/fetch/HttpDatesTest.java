package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

    private static final Instant SUNDAY = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void readsAllThreeDateFormatsRfc9110RequiresOfRecipients() {
        assertThat(HttpDates.httpDate("Sun, 06 Nov 1994 08:49:37 GMT")).contains(SUNDAY);
        assertThat(HttpDates.httpDate("Sunday, 06-Nov-94 08:49:37 GMT")).contains(SUNDAY);
        assertThat(HttpDates.httpDate("Sun Nov  6 08:49:37 1994")).contains(SUNDAY);
    }

    @Test
    void garbageAndOverlongValuesAreNoDate() {
        assertThat(HttpDates.httpDate("tomorrow")).isEmpty();
        assertThat(HttpDates.httpDate("Sun, 06 Nov 1994 08:49:37 GMT" + " ".repeat(60))).isEmpty();
    }

    @Test
    void retryAfterInTheRfc850FormatIsHonoured() {
        Instant now = SUNDAY.minusSeconds(60);
        assertThat(HttpDates.retryAfter(Optional.of("Sunday, 06-Nov-94 08:49:37 GMT"), now)).contains(SUNDAY);
    }
}
