package org.newsingest.parse;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.newsingest.normalize.ItemNormalizer;

/**
 * Whatever the body, parse and normalise return a value and never throw or hang. How fast they are
 * is measured by the benchmarks, not asserted here: the bound below only tells a hang from work.
 */
class HostileInputTest {

    private static final Duration HANG = Duration.ofSeconds(60);

    private final FeedParser parser = new FeedParser();
    private final ItemNormalizer normalizer = new ItemNormalizer();

    private void survives(byte[] body) {
        assertTimeoutPreemptively(HANG, () -> {
            ParseResult result = parser.parse(body, FeedContext.of(Optional.of("text/xml"), URI.create("https://example.org/f")));
            if (result instanceof ParseResult.Parsed parsed) {
                parsed.feed().items().forEach(i -> normalizer.normalize(i, parsed.feed(), URI.create("https://example.org/f")));
            }
        });
    }

    @Test
    void mutatedSamples() throws Exception {
        Random random = new Random(42);
        for (String name : new String[] {"theguardian_world-rss_2022-09-25.xml", "golem_rss1.0_iso-8859-1_2023-01-25.xml", "usgs_earthquakes-atom_2019-07-31.xml"}) {
            byte[] original = SampleFeedsTest.bytes(name);
            for (int round = 0; round < 30; round++) {
                byte[] body = original.clone();
                for (int k = 0; k < 1 + random.nextInt(40); k++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
                survives(body);
                survives(java.util.Arrays.copyOf(original, random.nextInt(original.length)));
            }
        }
    }

    @Test
    void oddDocuments() {
        String[] docs = {
            "<", "<?xml", "<?xml version=\"1.0\"?>", "<rss", "<rss><channel><item>", "\u0000\u0001\u0002",
            "<rss>" + "<a>".repeat(20_000) + "</rss>",
            "<rss><channel><item><title>" + "x".repeat(2_000_000) + "</title></item></channel></rss>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title type=\"xhtml\">" + "<div>".repeat(5_000) + "</title></entry></feed>",
            "<rss><channel><item><pubDate>" + "9".repeat(500) + "</pubDate><link>javascript:alert(1)</link></item></channel></rss>",
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":" + "[".repeat(10_000) + "}",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"text\" mode=\"base64\">!!!</content><link href=\"http://[::1\"/></entry></feed>",
        };
        for (String doc : docs) {
            survives(doc.getBytes(StandardCharsets.UTF_8));
            survives(doc.getBytes(StandardCharsets.UTF_16LE));
        }
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] noise = new byte[random.nextInt(5_000)];
            random.nextBytes(noise);
            survives(noise);
        }
    }
}
