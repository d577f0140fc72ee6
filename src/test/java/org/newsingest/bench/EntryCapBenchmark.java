package org.newsingest.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.normalize.ItemNormalizer;
import org.newsingest.normalize.NormalizedDocument;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;
import org.newsingest.parse.ParsedFeed;

/**
 * The measurement behind {@code ingest.poll.max-entries-per-document}: time and retained heap of
 * parsing and normalising one document of N tiny entries (the worst case for per-entry overhead
 * under the 10 MiB body limit). Prints a table; never fails on timing.
 *
 * <p>Run: {@code ./mvnw -q test -Dgroups=benchmark -DexcludedGroups= -Dtest=EntryCapBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class EntryCapBenchmark {

    private final FeedParser parser = new FeedParser();
    private final ItemNormalizer normalizer = new ItemNormalizer();

    @Test
    void parseAndNormaliseTinyEntries() {
        measure(1_000); // warm-up
        System.out.println("| entries | body | parse ms | normalise ms | heap retained |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (int n : new int[] {1_000, 10_000, 50_000, 200_000}) {
            System.out.println(measure(n));
        }
    }

    private String measure(int entries) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>");
        for (int i = 0; i < entries; i++) {
            xml.append("<item><guid>g").append(i).append("</guid><title>t").append(i).append("</title></item>");
        }
        byte[] body = xml.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8);
        long before = usedHeap();
        long started = System.nanoTime();
        ParsedFeed feed = ((ParseResult.Parsed) parser.parse(body, Optional.empty())).feed();
        long parsed = System.nanoTime();
        NormalizedDocument document = normalizer.normalize(feed, URI.create("https://example.org/feed"), Integer.MAX_VALUE);
        long normalised = System.nanoTime();
        long retained = usedHeap() - before;
        String row = String.format("| %,d | %,d kB | %,d | %,d | %,d MB |", document.items().size(), body.length / 1024,
                (parsed - started) / 1_000_000, (normalised - parsed) / 1_000_000, retained / (1024 * 1024));
        return feed.items().size() == entries ? row : row + " (wrong count)";
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
