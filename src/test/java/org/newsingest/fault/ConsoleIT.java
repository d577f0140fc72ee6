package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.newsingest.fault.World.json;
import static org.newsingest.fault.World.send;
import static org.newsingest.testing.RssFeeds.rss;
import static org.newsingest.testing.RssFeeds.rssItem;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 22's console, end to end: the packaged service (on PostgreSQL and a Kafka broker of its
 * own) polls feeds on a local origin, and a real headless Chromium reads and drives
 * {@code /console}. Screenshots of every page go to docs/console/.
 */
@Tag("fault")
class ConsoleIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(120);
    private static final Path SCREENSHOTS = Path.of("docs", "console");

    @Test
    void consoleOnThePackagedServiceInChromium() {
        try (World world = new World("console", 1); Browser browser = new Browser(Path.of("target", "fault", "console"))) {
            String base = "http://127.0.0.1:" + world.httpPort;
            world.feeds.serve("/console/rferl-en", rss("RFE/RL", rssItem("urn:en:33640001",
                    "https://www.rferl.org/a/kremlin-denies-mobilization/33640001.html", "Kremlin Denies Plans For New Mobilization In Russia",
                    "The Kremlin said on Monday it had no plans for a new wave of mobilization in Russia after losses in Ukraine.", null)));
            world.feeds.serve("/console/rferl-ru", rss("Радио Свобода", rssItem("urn:ru:33640001", "https://www.svoboda.org/a/33640001.html",
                    "Kremlin denies mobilization plans", "Peskov: no new mobilization in Russia.", null)));
            world.feeds.fail("/console/broken", 500);
            long english = world.subscribe("/console/rferl-en");
            long russian = world.subscribe("/console/rferl-ru");
            long broken = world.subscribe("/console/broken");
            await().atMost(ARRIVAL).until(() -> world.count("SELECT count(*) FROM item WHERE story_key = 'rferl:33640001'") == 2);
            await().atMost(ARRIVAL).until(() -> world.strings("SELECT state FROM feed WHERE id = " + broken).equals(List.of("failing")));

            Map<String, String> pages = new LinkedHashMap<>();
            String story = world.strings("SELECT story_id FROM item WHERE story_key = 'rferl:33640001' AND duplicate_of IS NULL").get(0);
            pages.put("overview", base + "/console");
            pages.put("feeds", base + "/console/feeds");
            pages.put("feed", base + "/console/feeds/" + broken);
            pages.put("items", base + "/console/items");
            pages.put("story", base + "/console/stories/" + story);
            pages.put("topics", base + "/console/topics");

            healthyAndFailingFeedsAreListed(browser, base, english, broken);
            overviewSaysWhatIsWrongInWords(browser, base);
            recentItemsShowTitlesAndTopics(world, browser, base);
            storyInTwoOutletsShowsBothWithTheRule(browser, base, story);
            pauseAndResumeNeedTheKey(world, browser, base, english);
            formsWithoutScriptNeedTheKeyToo(world, base, russian);
            everyPageIsSafeAccessibleAndFitsAPhone(browser, pages);
        }
    }

    private void healthyAndFailingFeedsAreListed(Browser browser, String base, long healthy, long broken) {
        browser.open(base + "/console/feeds");
        assertThat(row(browser, healthy).getText()).contains("RFE/RL", "active");
        assertThat(row(browser, broken).getText()).contains("failing", "HTTP 500", "the server failed");
        browser.open(base + "/console/feeds?state=failing");
        assertThat(browser.driver.findElements(By.cssSelector("table.feeds tbody tr"))).hasSize(1);
        assertThat(row(browser, broken).getText()).contains("failing", "500");
    }

    private void overviewSaysWhatIsWrongInWords(Browser browser, String base) {
        browser.open(base + "/console");
        assertThat(browser.driver.findElement(By.cssSelector(".problems")).getText())
                .contains("1 feed failing, with HTTP 500 from one host (127.0.0.1)");
        assertThat(browser.driver.findElement(By.cssSelector("a[href='/console/feeds?state=failing']")).getText()).containsIgnoringCase("failing").contains("1");
        assertThat(browser.text()).contains("Polls per minute", "Outbox backlog", "Relay to Kafka", "Freshness p99");
    }

    private void recentItemsShowTitlesAndTopics(World world, Browser browser, String base) {
        // The story's first item carries its events; the other outlet's copy is listed too, with its own title.
        String first = world.strings("SELECT title FROM item WHERE story_key = 'rferl:33640001' AND duplicate_of IS NULL").get(0);
        JsonNode topics = json(world.strings("SELECT CAST(topics AS text) FROM item WHERE story_key = 'rferl:33640001' AND duplicate_of IS NULL").get(0));
        assertThat(topics).as("the tagger gave the story topics").isNotEmpty();
        browser.open(base + "/console/items");
        assertThat(browser.text()).contains("Kremlin Denies Plans For New Mobilization In Russia", "Kremlin denies mobilization plans");
        WebElement row = browser.driver.findElement(By.xpath("//table[contains(@class,'items')]//tr[td/a[.='" + first + "']]"));
        for (JsonNode topic : topics) {
            assertThat(row.findElement(By.cssSelector(".topics")).getAttribute("innerHTML"))
                    .contains(topic.get("id").asText() + ": from " + topic.get("source").asText());
        }
        assertThat(row.findElement(By.cssSelector(".events")).getText()).contains("created");
    }

    private void storyInTwoOutletsShowsBothWithTheRule(Browser browser, String base, String story) {
        browser.open(base + "/console/stories/" + story);
        String page = browser.text();
        assertThat(page).contains("www.rferl.org", "www.svoboda.org");
        assertThat(page).contains("first sighting", "URL rule");
    }

    private void pauseAndResumeNeedTheKey(World world, Browser browser, String base, long feed) {
        browser.open(base + "/console/feeds/" + feed);
        browser.driver.executeScript("window.sessionStorage.clear()");
        browser.open(base + "/console/feeds/" + feed);
        browser.driver.findElement(By.xpath("//button[.='Pause']")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.driver.findElement(By.id("action-result")).getText().contains("Refused: HTTP 401"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> state(world, feed).equals("active"));

        browser.driver.findElement(By.id("api-key")).sendKeys(World.API_KEY);
        browser.driver.findElement(By.xpath("//button[.='Use key']")).click();
        assertThat(browser.driver.findElement(By.id("key-state")).getText()).contains("kept for this tab");
        browser.driver.findElement(By.xpath("//button[.='Pause']")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> state(world, feed).equals("paused"));
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.driver.findElements(By.xpath("//button[.='Resume']")).size() == 1);
        assertThat(browser.driver.findElement(By.cssSelector("dl .badge")).getText()).isEqualTo("paused");
        browser.driver.findElement(By.xpath("//button[.='Resume']")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> state(world, feed).equals("active"));
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.driver.findElements(By.xpath("//button[.='Pause']")).size() == 1);
    }

    private void formsWithoutScriptNeedTheKeyToo(World world, String base, long feed) {
        HttpResponse<String> refused = post(base + "/console/feeds/" + feed + "/pause", "key=wrong-key");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Refused").doesNotContain("wrong-key");
        assertThat(state(world, feed)).isEqualTo("active");
        HttpResponse<String> paused = post(base + "/console/feeds/" + feed + "/pause", "key=" + World.API_KEY);
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(paused.body()).contains("Paused feed " + feed).doesNotContain(World.API_KEY);
        assertThat(state(world, feed)).isEqualTo("paused");
        assertThat(post(base + "/console/feeds/" + feed + "/resume", "key=" + World.API_KEY).statusCode()).isEqualTo(200);
        assertThat(state(world, feed)).isEqualTo("active");

        world.feeds.serve("/console/subscribed", rss("Subscribed from the console", rssItem("urn:console:1", "https://console.example/1",
                "A story from a feed subscribed in the console", "Text.", null)));
        String url = world.feeds.url("/console/subscribed");
        String form = "url=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        assertThat(post(base + "/console/subscribe", form).statusCode()).isEqualTo(401);
        assertThat(world.count("SELECT count(*) FROM feed WHERE url = '" + url + "'")).isZero();
        HttpResponse<String> subscribed = post(base + "/console/subscribe", form + "&key=" + World.API_KEY);
        assertThat(subscribed.statusCode()).isEqualTo(201);
        assertThat(subscribed.body()).contains("Subscribed " + url).doesNotContain(World.API_KEY);
        assertThat(world.count("SELECT count(*) FROM feed WHERE url = '" + url + "' AND deleted_at IS NULL")).isEqualTo(1);
    }

    private void everyPageIsSafeAccessibleAndFitsAPhone(Browser browser, Map<String, String> pages) {
        List<String> problems = new ArrayList<>();
        pages.forEach((name, url) -> {
            HttpResponse<String> plain = get(url);
            assertThat(plain.statusCode()).as(name).isEqualTo(200);
            assertThat(plain.headers().firstValue("Content-Security-Policy")).as(name).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline"));
            assertThat(plain.headers().firstValue("X-Content-Type-Options")).as(name).contains("nosniff");
            assertThat(plain.headers().firstValue("X-Frame-Options")).as(name).contains("DENY");
            assertThat(plain.body()).as(name).doesNotContain(World.API_KEY).doesNotContain("<script>");

            browser.desktop();
            browser.open(url);
            assertThat(browser.driver.getPageSource()).as(name + " after the actions").doesNotContain(World.API_KEY);
            browser.screenshot(SCREENSHOTS.resolve(name + "-desktop.png"));
            browser.seriousViolations().forEach(v -> problems.add(name + ": " + v));
            browser.phone();
            browser.open(url);
            assertThat(browser.overflowsSideways()).as(name + " laid out for a phone's width, without sideways scrolling").isFalse();
            browser.screenshot(SCREENSHOTS.resolve(name + "-phone.png"));
            browser.seriousViolations().forEach(v -> problems.add(name + " (phone): " + v));
        });
        assertThat(get(pages.get("overview").replace("/console", "/console/assets/console.js")).headers()
                .firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(problems).as("axe-core: serious or critical violations").isEmpty();
    }

    private static WebElement row(Browser browser, long feed) {
        return browser.driver.findElement(By.xpath("//table[contains(@class,'feeds')]//tr[td/a[@href='/console/feeds/" + feed + "']]"));
    }

    private static String state(World world, long feed) {
        return world.strings("SELECT state FROM feed WHERE id = " + feed).get(0);
    }

    private static HttpResponse<String> post(String url, String form) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }
}
