package org.newsingest.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FetchLogEntry;
import org.newsingest.publish.RelayHealth;
import org.newsingest.store.Item;

/**
 * The console's pages, rendered on the server: overview, feeds, a feed, items, a story, topics.
 * Reads only; the actions are in {@link ConsoleActions} and the API. Every page works without script.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance overview(Views.Overview page);

        static native TemplateInstance feeds(Views.FeedsPage page);

        static native TemplateInstance feed(Views.FeedPage page);

        static native TemplateInstance items(Views.ItemsPage page);

        static native TemplateInstance story(Views.StoryPage page);

        static native TemplateInstance topics(Views.TopicsPage page);
    }

    private static final List<String> STATE_FILTERS = List.of("active", "paused", "failing", "gone", ConsoleFeeds.CHALLENGED);

    private final ConsoleFeeds feeds;
    private final ConsoleItems items;
    private final ItemRows itemRows;
    private final PipelineHistory history;
    private final RelayHealth relay;
    private final ConsoleConfig config;
    private final TopicTree topics;
    private final StoryView stories;

    ConsolePages(ConsoleFeeds feeds, ConsoleItems items, ItemRows itemRows, PipelineHistory history, RelayHealth relay, ConsoleConfig config,
                 TopicTree topics, StoryView stories) {
        this.feeds = feeds;
        this.items = items;
        this.itemRows = itemRows;
        this.history = history;
        this.relay = relay;
        this.config = config;
        this.topics = topics;
        this.stories = stories;
    }

    @GET
    @Transactional
    public TemplateInstance overview() {
        Map<String, Long> counts = feeds.countsByState();
        List<Views.Link> states = counts.entrySet().stream()
                .map(e -> new Views.Link(e.getKey(), "/console/feeds?state=" + e.getKey(), Figures.number(e.getValue()))).toList();
        List<ConsoleFeeds.FailureGroup> failing = feeds.failingGroups();
        PipelineHistory.Sample now = history.now();
        PipelineHistory.Window window = history.last(Duration.ofMinutes(5));
        RelayHealth.State relayState = relay.state();
        List<String> problems = Diagnosis.of(failing, counts.get(ConsoleFeeds.CHALLENGED), relayState, now.backlog(), now.backlogAgeSeconds());
        List<Views.Link> pipeline = List.of(
                new Views.Link("Polls per minute", null, Figures.number(window.pollsPerMinute())),
                new Views.Link("New items per minute", null, Figures.number(window.itemsPerMinute())),
                new Views.Link("Outbox backlog", null, Figures.number(now.backlog()) + " events"),
                new Views.Link("Oldest waiting", null, now.backlog() > 0 ? Figures.duration(Duration.ofSeconds((long) now.backlogAgeSeconds())) : "none"),
                new Views.Link("Relay to Kafka", null, relayState.name().toLowerCase(Locale.ROOT).replace('_', ' ')),
                new Views.Link("Freshness p50", null, Figures.duration(window.freshnessP50())),
                new Views.Link("Freshness p99", null, Figures.duration(window.freshnessP99())));
        List<Views.FailureRow> failures = failing.stream().limit(20).map(g -> new Views.FailureRow(Figures.error(g.error(), g.status()), g.host(),
                g.feeds(), "/console/feeds?state=failing&host=" + g.host())).toList();
        String span = window.length().isZero() ? "since start-up (no samples yet)" : "over the last " + Figures.duration(window.length());
        return Templates.overview(new Views.Overview(states, problems, pipeline, span, Charts.of(history.samples()), failures));
    }

    @GET
    @Path("feeds")
    @Transactional
    public TemplateInstance feedList(@QueryParam("state") String state, @QueryParam("host") String host, @QueryParam("tag") String tag,
                                     @QueryParam("q") String text, @QueryParam("sort") @DefaultValue("title") String sort,
                                     @QueryParam("desc") boolean descending, @QueryParam("offset") @DefaultValue("0") int offset) {
        Optional<String> wantedState = present(state).filter(STATE_FILTERS::contains);
        ConsoleFeeds.Filter filter = new ConsoleFeeds.Filter(wantedState, present(host), present(tag), present(text));
        int from = Math.max(0, offset);
        int size = config.pageSize();
        ConsoleFeeds.Page page = feeds.page(filter, sort, descending, from, size);
        Map<Long, List<Double>> perDay = feeds.itemsPerDay(page.feeds().stream().map(f -> f.id).toList());
        Instant now = Instant.now();
        List<Views.FeedRow> rows = page.feeds().stream().map(f -> FeedRows.row(f, perDay.get(f.id), now)).toList();
        FeedListLinks links = new FeedListLinks(filter, sort, descending);
        List<Views.Link> states = STATE_FILTERS.stream().map(s -> new Views.Link(s, links.withState(s), null)).toList();
        String range = page.total() == 0 ? "no feeds match" : (from + 1) + "–" + (from + rows.size()) + " of " + Figures.number(page.total());
        return Templates.feeds(new Views.FeedsPage(rows, states, wantedState.orElse(""), present(host).orElse(""), present(tag).orElse(""),
                present(text).orElse(""), links.columns(), range,
                from > 0 ? links.at(Math.max(0, from - size)) : null,
                from + size < page.total() ? links.at(from + size) : null));
    }

    @GET
    @Path("feeds/{id}")
    @Transactional
    public TemplateInstance feed(@PathParam("id") long id) {
        Feed feed = Feed.findLive(id).orElseThrow(() -> new NotFoundException("no feed " + id));
        Instant now = Instant.now();
        List<FetchLogEntry> log = FetchLogEntry.newestFirst(id, 50);
        List<Views.FetchRow> fetches = log.stream().map(FeedRows::fetch).toList();
        List<Views.PolicyChange> changes = new ArrayList<>();
        for (FetchLogEntry entry : log) {
            entry.warnings.stream().filter(w -> "identity_policy_changed".equals(w.code()))
                    .forEach(w -> changes.add(new Views.PolicyChange(Figures.time(entry.fetchedAt), w.detail())));
        }
        List<Views.ItemRow> recent = itemRows.rows(items.newest(Optional.of(id), Optional.empty(), Optional.empty(), 20).stream().limit(20).toList());
        Views.FeedRow row = FeedRows.row(feed, feeds.itemsPerDay(List.of(id)).get(id), now);
        return Templates.feed(new Views.FeedPage(row, feed.tags, feed.origin, feed.identityPolicy,
                feed.pollInterval().map(Figures::duration).orElse("the service default"), fetches, changes, recent, "/console/items?feed=" + id));
    }

    @GET
    @Path("items")
    @Transactional
    public TemplateInstance itemList(@QueryParam("feed") Long feedId, @QueryParam("topic") String topic, @QueryParam("after") String after) {
        int size = config.pageSize();
        Optional<ConsoleItems.Cursor> cursor = present(after).flatMap(ItemRows::decode);
        List<Item> found = items.newest(Optional.ofNullable(feedId), present(topic), cursor, size);
        List<Views.ItemRow> rows = itemRows.rows(found.stream().limit(size).toList());
        String next = null;
        if (found.size() > size) {
            Item last = found.get(size - 1);
            next = "/console/items?" + (feedId == null ? "" : "feed=" + feedId + "&") + present(topic).map(t -> "topic=" + FeedListLinks.encode(t) + "&").orElse("")
                    + "after=" + ItemRows.encode(new ConsoleItems.Cursor(last.firstSeenAt, last.id));
        }
        String filter = (feedId == null ? "" : "feed " + feedId) + present(topic).map(t -> (feedId == null ? "" : ", ") + "topic " + t).orElse("");
        return Templates.items(new Views.ItemsPage(rows, filter, next));
    }

    @GET
    @Path("stories/{id}")
    @Transactional
    public TemplateInstance story(@PathParam("id") String id) {
        return Templates.story(stories.page(id).orElseThrow(() -> new NotFoundException("no story " + id)));
    }

    @GET
    @Path("topics")
    @Transactional
    public TemplateInstance topicTree() {
        return Templates.topics(topics.page());
    }

    static Optional<String> present(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
