package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.newsingest.fault.World.body;
import static org.newsingest.fault.World.json;
import static org.newsingest.fault.World.type;
import static org.newsingest.testing.RssFeeds.rss;
import static org.newsingest.testing.RssFeeds.rssItem;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.ForwardProxy;
import org.newsingest.testing.TopicReader;

/**
 * Issue 20's "done when" list on the packaged service (a child process on PostgreSQL and a Kafka
 * broker of its own), asserted on records consumed from Kafka, rows in PostgreSQL, API responses
 * and the requests the feed server saw. One World; the challenged feed is subscribed first, so
 * the minute in which it must not be polled again passes while the other cases run.
 */
@Tag("fault")
class SourcesIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(120);
    private static final Duration QUIET = Duration.ofSeconds(8);
    private static final String SECRET = "Bearer members-only-" + Long.toHexString(System.nanoTime());
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @Test
    void sourcesOnThePackagedService() throws IOException {
        // Every fetch of the service goes through this proxy (INGEST_FETCH_PROXY), unless a feed names its own.
        try (ForwardProxy serviceProxy = ForwardProxy.start();
             World world = new World("sources", 1, Map.of("INGEST_FETCH_PROXY", serviceProxy.url("")));
             TopicReader reader = new TopicReader(world.bootstrap(), World.TOPIC)) {
            Challenged challenged = challengedFeedIsSubscribed(world);
            homePageSubscribesItsAdvertisedFeed(world, reader);
            theServiceProxyCarriedTheFetches(world, serviceProxy);
            rferlUkrainianNewsSitemapPublishesOneItemPerUrl(world, reader);
            gapIsFilledFromTheNewsSitemap(world, reader);
            gapWithoutANamedSitemapIsFilledFromTheNewsSitemapRobotsTxtLists(world, reader);
            feedNeedingAuthorizationIsPolledWithItAndNeverShowsIt(world, reader);
            feedWithItsOwnProxyIsPolledThroughItAndNeverShowsItsCredentials(world, reader, serviceProxy);
            blockFilterDropsSponsoredEntries(world, reader);
            challengedFeedIsNotPolledAgainWithinAMinute(world, challenged);
        }
    }

    private void theServiceProxyCarriedTheFetches(World world, ForwardProxy serviceProxy) {
        assertThat(serviceProxy.forwarded()).contains(world.feeds.url("/sources/home/"), world.feeds.url("/sources/home/latest.xml"));
    }

    private void gapWithoutANamedSitemapIsFilledFromTheNewsSitemapRobotsTxtLists(World world, TopicReader reader) {
        // A site of its own: the service remembers each origin's robots.txt for an hour.
        try (FeedServer site = FeedServer.start()) {
            Instant start = Instant.now().minus(Duration.ofMinutes(40));
            site.serve("/robots.txt", "text/plain", ("User-agent: *\nDisallow: /search\n\nSitemap: " + site.url("/sitemap-pages.xml")
                    + "\nSitemap: " + site.url("/news/sitemap.xml") + "\n").getBytes(StandardCharsets.UTF_8));
            site.serve("/news/sitemap.xml", "application/xml", newsSitemap("robots.example", "Robots story", start, 1, 30).getBytes(StandardCharsets.UTF_8));
            site.serve("/feed.xml", gapFeed("robots.example", "Robots story", start, 1, 10));
            int feed = post(world, "/api/v1/feeds", Map.of("url", site.url("/feed.xml"), "pollInterval", "PT2S")).get("id").asInt();
            awaitOf(reader, feed, 10);
            assertThat(get(world, "/api/v1/feeds/" + feed).get("sitemapUrl").isNull()).as("no sitemap named").isTrue();

            site.serve("/feed.xml", gapFeed("robots.example", "Robots story", start, 21, 30));

            await().atMost(ARRIVAL).until(() -> createdUrls(reader.drain(Duration.ofMillis(500)), feed).size() >= 30);
            List<String> created = createdUrls(reader.drain(QUIET), feed);
            assertThat(created).hasSize(30).doesNotHaveDuplicates().contains("https://robots.example/a/11", "https://robots.example/a/20");
            assertThat(site.hits("/robots.txt")).isEqualTo(1);
            assertThat(site.hits("/news/sitemap.xml")).as("read to recognise it, then for the backfill").isGreaterThanOrEqualTo(2);
            assertThat(site.hits("/sitemap-pages.xml")).as("news-named sitemaps are tried first, and the first was one").isZero();
            assertThat(world.count("SELECT count(*) FROM fetch_log WHERE feed_id = " + feed + " AND outcome = 'backfilled'")).isGreaterThanOrEqualTo(1);
            // The site goes away with this block: the feed is paused so its polls stop.
            patch(world, "/api/v1/feeds/" + feed, Map.of("enabled", false));
        }
    }

    private void feedWithItsOwnProxyIsPolledThroughItAndNeverShowsItsCredentials(World world, TopicReader reader, ForwardProxy serviceProxy) {
        String password = "proxy-pw-" + Long.toHexString(System.nanoTime());
        try (ForwardProxy own = ForwardProxy.requiring("reader", password)) {
            world.feeds.serve("/sources/proxied.xml", rss("Proxied",
                    rssItem("px-1", "https://proxied.example/a/1", "Ferry timetable changes", "Text.", null),
                    rssItem("px-2", "https://proxied.example/a/2", "Library extends opening hours", "Text.", null)));
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("url", world.feeds.url("/sources/proxied.xml"));
            request.put("proxy", own.url("reader:" + password));
            String response = postRaw(world, "/api/v1/feeds", request);

            assertThat(response).doesNotContain(password);
            JsonNode created = json(response);
            assertThat(created.get("proxy").asText()).isEqualTo("http://***@127.0.0.1:" + own.port());
            int feed = created.get("id").asInt();
            assertThat(awaitOf(reader, feed, 2)).extracting(r -> body(r).get("title").asText())
                    .containsExactlyInAnyOrder("Ferry timetable changes", "Library extends opening hours");
            assertThat(own.forwarded()).contains(world.feeds.url("/sources/proxied.xml"));
            assertThat(own.refused()).as("the proxy asked for its credentials, and got them").isNotEmpty();
            assertThat(serviceProxy.forwarded()).doesNotContain(world.feeds.url("/sources/proxied.xml"));
            assertThat(getRaw(world, "/api/v1/feeds/" + feed)).doesNotContain(password);
            assertThat(getRaw(world, "/api/v1/feeds")).doesNotContain(password);
            assertThat(getRaw(world, "/api/v1/feeds/" + feed + "/fetches")).doesNotContain(password);
            assertThat(world.count("SELECT count(*) FROM feed WHERE proxy_shown LIKE '%" + password + "%'")).isZero();
            // Kept like the headers: this world has no INGEST_SECRETS_KEY, so plain JSON (HeaderSecretsTest covers the sealed form).
            assertThat(world.count("SELECT count(*) FROM feed WHERE id = " + feed + " AND proxy LIKE 'plain:v1:%'")).isEqualTo(1);
            patch(world, "/api/v1/feeds/" + feed, Map.of("enabled", false));
        }
    }

    private record Challenged(int feed, int hits, Instant firstPoll) {}

    private Challenged challengedFeedIsSubscribed(World world) {
        world.feeds.serve("/sources/walled.xml", 403, Map.of("cf-mitigated", "challenge"), "text/html",
                "<html><head><title>Just a moment...</title></head><body></body></html>".getBytes(StandardCharsets.UTF_8));
        int feed = post(world, "/api/v1/feeds", Map.of("url", world.feeds.url("/sources/walled.xml"))).get("id").asInt();
        await().atMost(ARRIVAL).until(() -> "bot-challenge".equals(get(world, "/api/v1/feeds/" + feed).path("lastError").asText()));
        JsonNode view = get(world, "/api/v1/feeds/" + feed);
        assertThat(view.get("state").asText()).isEqualTo("challenged");
        assertThat(Instant.parse(view.get("nextPollAt").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(20)));
        return new Challenged(feed, world.feeds.hits("/sources/walled.xml"), Instant.now());
    }

    private void homePageSubscribesItsAdvertisedFeed(World world, TopicReader reader) {
        world.feeds.serve("/sources/home/", "text/html; charset=utf-8", """
                <!doctype html><html><head><title>Outlet home</title>
                <link rel="alternate" type="application/rss+xml" title="Comments" href="comments.xml">
                <link rel="alternate" type="application/rss+xml" title="Latest news" href="latest.xml">
                </head><body><h1>Outlet</h1></body></html>""".getBytes(StandardCharsets.UTF_8));
        world.feeds.serve("/sources/home/latest.xml", rss("Outlet news",
                rssItem("home-1", "https://home-outlet.example/a/1", "Council approves the new bridge", "Text one.", null),
                rssItem("home-2", "https://home-outlet.example/a/2", "Harbour reopens after the storm", "Text two.", null)));
        world.feeds.serve("/sources/home/comments.xml", rss("Comments",
                rssItem("home-c1", "https://home-outlet.example/c/1", "Re: bridge", "A comment.", null)));

        JsonNode created = post(world, "/api/v1/feeds", Map.of("url", world.feeds.url("/sources/home/")));

        assertThat(created.get("url").asText()).isEqualTo(world.feeds.url("/sources/home/latest.xml"));
        assertThat(created.at("/discovery/chosen").asText()).isEqualTo(world.feeds.url("/sources/home/latest.xml"));
        assertThat(created.at("/discovery/seen/1/url").asText()).isEqualTo(world.feeds.url("/sources/home/comments.xml"));
        int feed = created.get("id").asInt();
        List<ConsumerRecord<String, byte[]>> events = awaitOf(reader, feed, 2);
        assertThat(events).extracting(r -> body(r).get("title").asText())
                .containsExactlyInAnyOrder("Council approves the new bridge", "Harbour reopens after the storm");
        assertThat(world.feeds.hits("/sources/home/comments.xml")).isZero();
    }

    private void rferlUkrainianNewsSitemapPublishesOneItemPerUrl(World world, TopicReader reader) throws IOException {
        byte[] sample;
        try (InputStream in = SourcesIT.class.getResourceAsStream("/sitemaps/radiosvoboda-org_news-sitemap_2025-05-25.xml")) {
            sample = in.readAllBytes();
        }
        Map<String, String> titles = new LinkedHashMap<>();
        Matcher url = Pattern.compile("<loc>([^<]+)</loc>.*?<news:title>([^<]*)</news:title>", Pattern.DOTALL)
                .matcher(new String(sample, StandardCharsets.UTF_8));
        while (url.find()) {
            titles.put(url.group(1), url.group(2).strip().replaceAll("\\s+", " "));
        }
        assertThat(titles).hasSize(96);
        // Served as the outlet serves it: a .xml.gz file.
        world.feeds.serve("/sources/radiosvoboda/sitemap_9_news.xml.gz", "application/x-gzip", gzip(sample));

        int feed = post(world, "/api/v1/feeds", Map.of("url", world.feeds.url("/sources/radiosvoboda/sitemap_9_news.xml.gz"))).get("id").asInt();

        List<ConsumerRecord<String, byte[]>> events = awaitOf(reader, feed, 96);
        assertThat(of(reader.drain(QUIET), feed)).hasSize(96);
        Map<String, String> published = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> event : events) {
            JsonNode item = body(event);
            assertThat(item.get("language").asText()).isEqualTo("uk");
            published.put(item.get("url").asText(), item.get("title").asText());
        }
        assertThat(published).isEqualTo(titles);
    }

    private void gapIsFilledFromTheNewsSitemap(World world, TopicReader reader) {
        Instant start = Instant.now().minus(Duration.ofMinutes(40));
        world.feeds.serve("/sources/gap/news-sitemap.xml", "application/xml", newsSitemap(start, 1, 30).getBytes(StandardCharsets.UTF_8));
        world.feeds.serve("/sources/gap/feed.xml", gapFeed(start, 1, 10));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", world.feeds.url("/sources/gap/feed.xml"));
        request.put("sitemapUrl", world.feeds.url("/sources/gap/news-sitemap.xml"));
        request.put("pollInterval", "PT2S");
        int feed = post(world, "/api/v1/feeds", request).get("id").asInt();
        awaitOf(reader, feed, 10);

        // More than the feed shows was published between two polls: it now shows 21-30 only.
        world.feeds.serve("/sources/gap/feed.xml", gapFeed(start, 21, 30));

        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (createdUrls(reader.drain(Duration.ofMillis(500)), feed).size() < 30 && System.nanoTime() < deadline) {
            // waiting for the entries the feed skipped, read from its sitemap
        }
        List<String> created = createdUrls(reader.drain(QUIET), feed);
        assertThat(created).hasSize(30).doesNotHaveDuplicates();
        assertThat(created).containsAll(List.of("https://gap.example/a/11", "https://gap.example/a/20"));
        JsonNode view = get(world, "/api/v1/feeds/" + feed);
        assertThat(view.get("gapCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(view.get("lastGapAt").isNull()).isFalse();
        assertThat(world.count("SELECT count(*) FROM fetch_log WHERE feed_id = " + feed + " AND outcome = 'backfilled'")).isGreaterThanOrEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM item WHERE canonical_url LIKE 'https://gap.example/a/%'")).isEqualTo(30);
    }

    private void feedNeedingAuthorizationIsPolledWithItAndNeverShowsIt(World world, TopicReader reader) {
        world.feeds.serve("/sources/members.xml", rss("Members",
                rssItem("m-1", "https://members.example/a/1", "Members briefing one", "Text.", null),
                rssItem("m-2", "https://members.example/a/2", "Members briefing two", "Text.", null)));
        world.feeds.requireHeader("/sources/members.xml", "Authorization", SECRET);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", world.feeds.url("/sources/members.xml"));
        request.put("headers", Map.of("Authorization", SECRET));
        request.put("userAgent", "news-ingest members reader");
        String createdBody = postRaw(world, "/api/v1/feeds", request);
        int feed = json(createdBody).get("id").asInt();

        List<ConsumerRecord<String, byte[]>> events = awaitOf(reader, feed, 2);
        assertThat(world.feeds.authorizedHits("/sources/members.xml")).isGreaterThanOrEqualTo(1);
        JsonNode view = get(world, "/api/v1/feeds/" + feed);
        assertThat(view.get("headerNames").toString()).isEqualTo("[\"Authorization\"]");
        List<String> responses = new ArrayList<>(List.of(createdBody));
        for (String path : List.of("/api/v1/feeds/" + feed, "/api/v1/feeds", "/api/v1/feeds/" + feed + "/fetches", "/api/v1/items?feedId=" + feed,
                "/api/v1/opml", "/q/openapi")) {
            responses.add(getRaw(world, path));
        }
        assertThat(responses).allSatisfy(response -> assertThat(response).doesNotContain(SECRET.substring("Bearer ".length())));
        assertThat(events).allSatisfy(event -> assertThat(new String(event.value(), StandardCharsets.UTF_8)).doesNotContain(SECRET));
        assertThat(world.serviceLogLines(SECRET.substring("Bearer ".length()))).isZero();
        assertThat(world.strings("SELECT request_headers FROM feed WHERE id = " + feed).get(0)).startsWith("plain:v1:");
    }

    private void blockFilterDropsSponsoredEntries(World world, TopicReader reader) {
        world.feeds.serve("/sources/sponsored.xml", rss("With adverts",
                rssItem("s-1", "https://ads-outlet.example/a/1", "Ministers agree on the grain corridor", "Text.", null),
                rssItem("s-2", "https://ads-outlet.example/a/2", "Sponsored: the best travel insurance", "Advert.", null),
                rssItem("s-3", "https://ads-outlet.example/a/3", "Rail strike called off", "Text.", null)));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", world.feeds.url("/sources/sponsored.xml"));
        request.put("filters", Map.of("block", List.of("^Sponsored:")));
        int feed = post(world, "/api/v1/feeds", request).get("id").asInt();

        awaitOf(reader, feed, 2);
        assertThat(of(reader.drain(QUIET), feed)).extracting(r -> body(r).get("title").asText())
                .containsExactlyInAnyOrder("Ministers agree on the grain corridor", "Rail strike called off");
        assertThat(get(world, "/api/v1/feeds/" + feed).get("filteredCount").asInt()).isEqualTo(1);
        assertThat(world.strings("SELECT rule FROM item_filtered WHERE feed_id = " + feed)).containsExactly("block: ^Sponsored:");
    }

    private void challengedFeedIsNotPolledAgainWithinAMinute(World world, Challenged challenged) {
        Duration left = Duration.ofSeconds(61).minus(Duration.between(challenged.firstPoll(), Instant.now()));
        if (!left.isNegative()) {
            await().during(left).atMost(left.plusSeconds(30)).until(() -> world.feeds.hits("/sources/walled.xml") == challenged.hits());
        }
        assertThat(world.feeds.hits("/sources/walled.xml")).isEqualTo(challenged.hits());
        JsonNode view = get(world, "/api/v1/feeds/" + challenged.feed());
        assertThat(view.get("state").asText()).isEqualTo("challenged");
        assertThat(view.get("lastError").asText()).isEqualTo("bot-challenge");
        assertThat(LoopbackMetrics.scrape(world)).containsPattern("ingest_fetch_total\\{[^}]*error=\"bot-challenge\"[^}]*} [1-9]");
    }

    // ---- documents ----

    private static String gapFeed(Instant start, int from, int to) {
        return gapFeed("gap.example", "Gap story", start, from, to);
    }

    private static String gapFeed(String host, String title, Instant start, int from, int to) {
        List<String> items = new ArrayList<>();
        for (int n = to; n >= from; n--) {
            items.add(rssItem(host + "-" + n, "https://" + host + "/a/" + n, title + " " + n, "What happened in story " + n + ".",
                    RFC_1123.format(start.plus(Duration.ofMinutes(n)))));
        }
        return rss("Busy feed", items.toArray(String[]::new));
    }

    private static String newsSitemap(Instant start, int from, int to) {
        return newsSitemap("gap.example", "Gap story", start, from, to);
    }

    private static String newsSitemap(String host, String title, Instant start, int from, int to) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
                + " xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">");
        for (int n = to; n >= from; n--) {
            xml.append("<url><loc>https://").append(host).append("/a/").append(n).append("</loc><news:news><news:publication><news:name>Busy outlet</news:name>")
                    .append("<news:language>en</news:language></news:publication><news:publication_date>")
                    .append(start.plus(Duration.ofMinutes(n))).append("</news:publication_date><news:title>").append(title).append(" ").append(n)
                    .append("</news:title></news:news></url>");
        }
        return xml.append("</urlset>").toString();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- the service ----

    private static List<ConsumerRecord<String, byte[]>> awaitOf(TopicReader reader, int feed, int count) {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        List<ConsumerRecord<String, byte[]>> found = List.of();
        while (found.size() < count && System.nanoTime() < deadline) {
            found = of(reader.drain(Duration.ofMillis(500)), feed);
        }
        assertThat(found).hasSize(count);
        return found;
    }

    private static List<String> createdUrls(List<ConsumerRecord<String, byte[]>> records, int feed) {
        return of(records, feed).stream().filter(r -> type(r).equals("news.item.created")).map(r -> body(r).get("url").asText()).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> of(List<ConsumerRecord<String, byte[]>> records, int feed) {
        return records.stream().filter(r -> body(r).get("feed").get("id").asInt() == feed).toList();
    }

    private static JsonNode post(World world, String path, Map<String, ?> body) {
        return json(postRaw(world, path, body));
    }

    private static String postRaw(World world, String path, Map<String, ?> body) {
        HttpResponse<String> response = world.post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    private static void patch(World world, String path, Map<String, ?> body) {
        HttpResponse<String> response = world.patch(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static JsonNode get(World world, String path) {
        return json(getRaw(world, path));
    }

    private static String getRaw(World world, String path) {
        HttpResponse<String> response = world.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    /** The Prometheus scrape of the management interface. */
    private static final class LoopbackMetrics {
        static String scrape(World world) {
            return world.get("/q/metrics").body();
        }
    }
}
