package org.newsingest.bench;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.RealEngines;

/**
 * Server render time of every console page with {@code console.bench.feeds} feeds (default
 * 10,000) and {@code console.bench.items} items (default 1,000,000) seeded with SQL
 * ({@code bench/seed-console.sql}): each page is requested over loopback after a warm-up, and
 * the median and worst of the timed requests are printed. Asserts nothing about time.
 * Run: {@code ./mvnw test -Dtest=ConsoleBenchmark -Dgroups=benchmark -DexcludedGroups= -Dconsole.bench.items=1000000}.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(RealEngines.class)
class ConsoleBenchmark {

    private static final int FEEDS = Integer.getInteger("console.bench.feeds", 10_000);
    private static final int ITEMS = Integer.getInteger("console.bench.items", 1_000_000);
    private static final int WARM_UP = 3;
    private static final int TIMED = 15;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URL root;

    @Test
    void renderTimes() throws Exception {
        long seeding = System.nanoTime();
        String feedPage;
        String story;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(seedSql().replace("{feeds}", String.valueOf(FEEDS)).replace("{hosts}", "500")
                    .replace("{items}", String.valueOf(ITEMS)).replace("{events}", String.valueOf(Math.min(ITEMS, 100_000))));
            feedPage = "/console/feeds/" + single(s, "SELECT min(id) FROM feed");
            story = "/console/stories/" + single(s, "SELECT story_id FROM item ORDER BY first_seen_at DESC LIMIT 1");
        }
        System.out.printf(Locale.ROOT, "seeded %,d feeds and %,d items in %.0f s%n", FEEDS, ITEMS, (System.nanoTime() - seeding) / 1e9);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", "/console");
        pages.put("feeds, first page by title", "/console/feeds");
        pages.put("feeds, failing, by failures", "/console/feeds?state=failing&sort=failures&desc=true");
        pages.put("feeds, text filter, page 100", "/console/feeds?q=feed&offset=4950");
        pages.put("feed detail", feedPage);
        pages.put("items, newest", "/console/items");
        pages.put("items, topic geo:UA", "/console/items?topic=geo:UA");
        pages.put("story", story);
        pages.put("topics (counts cached for a minute)", "/console/topics");
        System.out.println("| page | median ms | worst ms |\n|---|---|---|");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            long[] times = time(page.getValue());
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", page.getKey(), times[times.length / 2] / 1e6, times[times.length - 1] / 1e6);
        }
    }

    private long[] time(String path) throws Exception {
        URI uri = root.toURI().resolve(path);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - started;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            if (i >= WARM_UP) {
                times.add(took);
            }
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static String seedSql() throws IOException {
        try (InputStream in = ConsoleBenchmark.class.getResourceAsStream("/bench/seed-console.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
