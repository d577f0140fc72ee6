package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;

/**
 * The deadline's watchdog cancels a request from another thread, at whatever step the client is
 * in: opening the connection, sending, reading the head or the body. Wherever it lands, the
 * fetch must end as a timeout. (CI once saw "Endpoint not acquired / already released", the
 * client's complaint about a request cancelled between two of its steps, recorded as a network
 * error.)
 */
@Timeout(120)
class DeadlineRaceTest {

    @Test
    void aDeadlineThatFiresAtAnyStepOfTheExchangeIsATimeout() throws Exception {
        try (MisbehavingServer slow = MisbehavingServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes());
            for (int i = 0; i < 100; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(20); // a slow peer: the body never completes within any deadline below
            }
        })) {
            List<String> notTimeouts = new ArrayList<>();
            // Deadlines from 1 ms up sweep the cancel across every step of the exchange.
            for (int round = 0; round < 3; round++) {
                for (int millis = 1; millis <= 40; millis++) {
                    FeedFetcher fetcher = Fixtures.fetcher(Fixtures.config().withPerHost(64, Duration.ZERO).withTimeout(Duration.ofMillis(millis)), Fixtures.dns());
                    try {
                        FetchResult result = fetcher.fetch(Fixtures.get(slow, "/slow"));
                        if (!(result instanceof FetchResult.Failed failed) || failed.error() != PollError.TIMEOUT) {
                            notTimeouts.add(millis + " ms: " + result);
                        }
                    } finally {
                        fetcher.close();
                    }
                }
            }
            assertThat(notTimeouts).isEmpty();
        }
    }
}
