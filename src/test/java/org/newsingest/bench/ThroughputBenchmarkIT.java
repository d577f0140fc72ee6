package org.newsingest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.fault.Faults;
import org.newsingest.bench.Fragment.Row;
import org.newsingest.bench.Stories.Story;

/**
 * The throughput benchmarks of issue 9, against the packaged service on real engines on
 * loopback. Run with {@code ./mvnw verify -Pbenchmark} (add {@code -Dbench.quick=true} for a
 * smoke run with small sizes); see docs/benchmarks.md. Drives the service only through its
 * public surface: environment, feed-list file, REST API, the Kafka topic, and SQL for seeding.
 * Each scenario writes a fragment to {@code target/benchmarks/}; the report is written last from
 * every fragment present. Never fails on a figure: a missed target is reported, not asserted.
 */
@Tag("benchmark")
class ThroughputBenchmarkIT {

    /** The API key the benchmarked service runs with; subscribing sends it as a bearer token. */
    private static final String API_KEY = "benchmark-" + UUID.randomUUID();

    private static final boolean QUICK = Boolean.getBoolean("bench.quick");
    private static final int HOSTS = Integer.getInteger("bench.hosts", 100);
    /**
     * {@code -Dbench.only=polls,footprint}: only these scenarios (and the limits) run, for an
     * experiment; the report keeps the other sections from their last run.
     */
    private static final Set<String> ONLY = Set.of(System.getProperty("bench.only", "").split(",")).stream()
            .filter(name -> !name.isBlank()).collect(java.util.stream.Collectors.toSet());
    /** As the image and the deployment run it (docker/Dockerfile, k8s/base): the RSS target is judged with these settings. */
    private static final List<String> SERVICE_JVM = List.of(System.getProperty("bench.serviceJvm", "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError").split(" "));
    private static final Path DIR = Path.of("target", "benchmarks").toAbsolutePath();
    /** {@code -Dbench.pollsRecorder=false}: the poll scenario without the flight recorder, whose buffers are in its memory rows. */
    private static final boolean POLLS_RECORDER = Boolean.parseBoolean(System.getProperty("bench.pollsRecorder", "true"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    // Sizes: the issue's in full mode, about a fifth in quick mode.
    private static final int INGEST_FEEDS = QUICK ? 40 : 200;
    private static final int INGEST_ITEMS_PER_FEED = 100;
    private static final Duration INGEST_TIMEOUT = Duration.ofSeconds(QUICK ? 180 : 480);
    private static final int POLL_FEEDS = QUICK ? 2_000 : 10_000;
    private static final Duration POLL_WARM_UP = Duration.ofSeconds(QUICK ? 10 : 20);
    /** The longest the poll scenario waits for every feed's first poll (which stores its one story) before its window. */
    private static final Duration FIRST_POLLS_TIMEOUT = Duration.ofSeconds(QUICK ? 120 : 300);
    private static final Duration POLL_WINDOW = Duration.ofSeconds(QUICK ? 30 : 60);
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(QUICK ? 120 : 240);
    private static final int FRESH_FEEDS = QUICK ? 200 : 1_000;
    private static final Duration FRESH_INTERVAL = Duration.ofSeconds(30);
    private static final Duration FRESH_RUN = Duration.ofSeconds(QUICK ? 60 : 120);
    private static final Duration FRESH_MEAN_GAP = Duration.ofMillis(QUICK ? 500 : 250);
    private static final int[] SCALING_SIZES = QUICK ? new int[] {10_000, 100_000} : new int[] {10_000, 100_000, 1_000_000};
    private static final int SCALING_FEEDS = 4;
    private static final int SCALING_ITEMS_PER_FEED = 50;

    // Targets of issue 9, on this 2-core machine.
    private static final double TARGET_ITEMS_PER_SECOND = 2_000;
    private static final double TARGET_CPU_MS_PER_ITEM = 0.5;
    private static final double TARGET_TIMES_THE_PEER = 4;
    private static final double TARGET_POLLS_PER_SECOND = 1_000;
    private static final double TARGET_RSS_MIB = 400;
    private static final double TARGET_FRESHNESS_SLACK_S = 2;
    private static final double TARGET_READY_S = 3;
    private static final double TARGET_DEDUPE_GROWTH = 2;

    private final Map<String, Double> limits = new HashMap<>();

    @Test
    void throughput() throws Exception {
        Instant started = Instant.now();
        Files.createDirectories(DIR);
        Files.writeString(NO_FEEDS, "feeds: []\n");
        try (Stream<Path> old = Files.list(DIR)) {
            old.filter(p -> p.toString().endsWith(".jfr")).forEach(p -> p.toFile().delete());
        }
        Path engineDir = DIR.resolve("engines");
        deleteRecursively(engineDir);
        try (Engines engines = Engines.start(engineDir)) {
            limits(engines);
            scenario("peer", "Peer: a plain Camel route", () -> camelPeer(engines));
            scenario("ingest", "Ingest", () -> ingest(engines, false));
            scenario("ingest-extract", "Ingest with extraction on", () -> ingest(engines, true));
            scenario("polls", "Poll capacity", () -> pollCapacity(engines));
            scenario("footprint", "Footprint", () -> footprint(engines));
            scenario("freshness", "Freshness", () -> freshness(engines));
            scenario("scaling", "Dedupe cost as the store grows", () -> scaling(engines));
            BenchmarkReport.write(BenchmarkReport.saveRun(Map.of(
                    "mode", QUICK ? "quick (-Dbench.quick=true: smaller sizes, shorter runs)" : "full",
                    "postgresql", engines.postgresVersion(),
                    "duration", Duration.between(started, Instant.now()).toSeconds() + " s",
                    "serviceJvm", String.join(" ", SERVICE_JVM),
                    "hosts", String.valueOf(HOSTS))));
        }
    }

    private interface Scenario {
        void run() throws Exception;
    }

    /** Runs one scenario; one that breaks is reported as such in its section, and the others still run. */
    private static void scenario(String name, String title, Scenario scenario) {
        if (!ONLY.isEmpty() && !ONLY.contains(name)) {
            return;
        }
        try {
            scenario.run();
        } catch (Exception | AssertionError e) {
            new Fragment(name, title + " (did not complete)", List.of(),
                    "**The scenario stopped with `" + e + "`**; see the service logs in `target/benchmarks/`.").write();
        }
    }

    // --- limits ---------------------------------------------------------------------------

    private void limits(Engines engines) throws Exception {
        List<byte[]> documents = IntStream.range(0, 20).mapToObj(this::ingestDocument).toList();
        double rome = Limits.romeItemsPerSecond(documents, Duration.ofSeconds(QUICK ? 3 : 6), Duration.ofSeconds(QUICK ? 3 : 6));
        engines.createTopic("bench.limit");
        double kafka = Limits.kafkaRecordsPerSecond(engines.bootstrap, "bench.limit", QUICK ? 20_000 : 100_000, 1_500);
        engines.createDatabase("limits");
        double insert;
        try (Connection c = engines.connect("limits")) {
            insert = Limits.insertRowsPerSecond(c, QUICK ? 20_000 : 100_000, 500, 500);
        }
        limits.put("rome", rome);
        limits.put("kafka", kafka);
        limits.put("insert", insert);
        new Fragment("limits", "Limits of this machine, measured in the same run", List.of(
                Row.of("Rome parse, one thread, the ingest scenario's documents", rome, "items/s"),
                Row.of("Kafka producer, acks=all, idempotent, 1.5 KB records with CloudEvents headers", kafka, "records/s"),
                Row.of("PostgreSQL insert of item-shaped rows, JDBC batches of 500, one commit per batch", insert, "rows/s")),
                "Each limit runs in the benchmark JVM against the same engines, without the service. The service's "
                        + "figures below are divided by the limit of the stage that bounds them; an ingest pipeline "
                        + "does all three for every item, so its ceiling is below the smallest of them.").write();
    }

    private byte[] ingestDocument(int feed) {
        return ingestDocument(feed, Optional.empty());
    }

    /** With {@code pages}: every story links to its article page there, instead of an outlet URL that is never fetched. */
    private byte[] ingestDocument(int feed, Optional<LoopbackFeeds> pages) {
        List<Story> stories = new ArrayList<>();
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < INGEST_ITEMS_PER_FEED; i++) {
            Story story = Stories.story(feed, i, base.plusSeconds(60L * i));
            long number = i;
            stories.add(pages.map(p -> new Story(story.guid(), p.pageUrl(feed, number), story.title(), story.summary(), story.published()))
                    .orElse(story));
        }
        return Stories.rss(feed, stories);
    }

    // --- the peer: a plain Camel route on the same work ------------------------------------

    /**
     * Issue 18's yardstick: what a team gets from a plain Apache Camel route (camel-rss, a JDBC
     * idempotent repository on the same PostgreSQL, camel-kafka to the same broker) on the ingest
     * scenario's feeds, served the same way. Its rate becomes the limit the ingest figure is
     * compared with.
     */
    private void camelPeer(Engines engines) throws Exception {
        String topic = "bench.peer";
        engines.createTopic(topic);
        String jdbc = engines.createDatabase("peer");
        long expected = (long) INGEST_FEEDS * INGEST_ITEMS_PER_FEED;
        try (LoopbackFeeds feeds = new LoopbackFeeds(HOSTS, 1.0); EventTap tap = new EventTap(engines.bootstrap, topic)) {
            StringBuilder urls = new StringBuilder();
            for (int f = 0; f < INGEST_FEEDS; f++) {
                feeds.serve(f, ingestDocument(f));
                urls.append(feeds.url(f)).append('\n');
            }
            Path feedFile = DIR.resolve("peer-feeds.txt");
            Files.writeString(feedFile, urls);
            Instant readyAt;
            long readyNanos;
            long cpuAtReady;
            long cpuAtEnd;
            double peakRss;
            boolean complete;
            // The route cannot live in the service's 256 MiB heap (it keeps every polled document), so it gets 1 GiB.
            List<String> jvm = List.of("-Xmx1g", "-XX:+UseSerialGC");
            try (ServiceProcess peer = ServiceProcess.startMain("org.newsingest.bench.peer.CamelPeer",
                    List.of(jdbc, engines.username(), engines.password(), engines.bootstrap, topic, feedFile.toString()), jvm, DIR.resolve("peer.log"))) {
                peer.awaitLogLine("camel peer: routes started", Duration.ofSeconds(120));
                readyAt = Instant.now();
                readyNanos = System.nanoTime();
                cpuAtReady = peer.cpuMillis();
                complete = EventTap.await(() -> tap.created() >= expected, readyNanos + INGEST_TIMEOUT.toNanos());
                cpuAtEnd = peer.cpuMillis();
                peakRss = peer.peakRssMiB();
            }
            long created = tap.created();
            double seconds = Math.max(0.001, (complete ? tap.lastArrivalMillis() - readyAt.toEpochMilli() : INGEST_TIMEOUT.toMillis()) / 1000.0);
            double itemsPerSecond = created / seconds;
            limits.put("peer", itemsPerSecond);
            new Fragment("peer", String.format(Locale.ROOT, "Peer: a plain Camel route on the ingest scenario's %d feeds × %d items", INGEST_FEEDS, INGEST_ITEMS_PER_FEED), List.of(
                    Row.of("new items published by the route (counted by the same consumer)", itemsPerSecond, "items/s"),
                    Row.of("route CPU per item (utime + stime of its process)", created == 0 ? Double.NaN : (double) (cpuAtEnd - cpuAtReady) / created, "CPU-ms/item"),
                    Row.of("peak resident memory of the route (VmHWM), with -Xmx1g -XX:+UseSerialGC", peakRss, "MiB"),
                    Row.of("items published within the time limit", created, "items").against(String.format(Locale.ROOT, "%,d items offered", expected), expected)),
                    "`src/camel-peer` (Camel `${camel-peer.version}` in `pom.xml`; built by `-Pbenchmark` only, never shipped): camel-rss polls each feed every 5 s and splits it into "
                            + "entries, `idempotentConsumer` keeps the new guids in a `JdbcMessageIdRepository` on the same PostgreSQL, and "
                            + "camel-kafka sends each as a small JSON record (acks=all, idempotent) to the same broker. No story identity, "
                            + "topics, normalisation or outbox: the service does all of those for every item. Timed from the routes' start "
                            + (complete ? "to the last record." : "over the time limit: **not every item arrived**.")).write();
        }
    }

    // --- ingest ---------------------------------------------------------------------------

    /** What the window's figures are taken from, read at its start and at its end. */
    private record Sample(long nanos, Instant at, long serviceCpu, Map<Long, Map.Entry<String, Long>> threads, long postgresCpu, long machineBusy) {

        static Sample take(ServiceProcess service, Engines engines) throws IOException {
            return new Sample(System.nanoTime(), Instant.now(), service.cpuMillis(), service.cpuMillisByThread(),
                    engines.postgresCpuMillis(), machineBusyMillis());
        }

        long serviceMillisSince(Sample start) {
            return serviceCpu - start.serviceCpu;
        }

        double machineCoresSince(Sample start) {
            return (machineBusy - start.machineBusy) / (double) Math.max(1, Duration.ofNanos(nanos - start.nanos).toMillis());
        }
    }

    /** A later ingest round: its samples, the events counted before it, and whether all its items arrived. */
    private record Round(Sample start, Sample end, long eventsBefore, boolean complete) {}

    /**
     * The same ingest twice in one run: with the extract stage off, and on with every story's article
     * page served by the feed hosts (the time then runs until the last page was read as well).
     * With extraction off, a second round follows on the running service: every feed publishes
     * 100 more new stories, which measures the service once its code is compiled ("warm"),
     * the figure a long-running service pays per item.
     */
    private void ingest(Engines engines, boolean extraction) throws Exception {
        String name = extraction ? "ingest-extract" : "ingest";
        String topic = "bench." + name;
        engines.createTopic(topic);
        String database = extraction ? "ingestextract" : "ingest";
        String jdbc = engines.createDatabase(database);
        long expected = (long) INGEST_FEEDS * INGEST_ITEMS_PER_FEED;
        Path recording = DIR.resolve(name + ".jfr");
        try (LoopbackFeeds feeds = new LoopbackFeeds(HOSTS, 1.0); EventTap tap = new EventTap(engines.bootstrap, topic)) {
            for (int f = 0; f < INGEST_FEEDS; f++) {
                feeds.serve(f, ingestDocument(f, extraction ? Optional.of(feeds) : Optional.empty()));
            }
            Path feedList = feedList("ingest", feeds, INGEST_FEEDS, Duration.ofSeconds(5));
            List<String> jvm = new ArrayList<>(SERVICE_JVM);
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
            Duration ready;
            Sample atReady;
            Sample atEnd;
            boolean complete;
            double peakRss;
            Map<String, Long> outcomes = Map.of();
            Optional<Round> warm = Optional.empty();
            Instant lastEvent;
            try (ServiceProcess service = ServiceProcess.start(env(engines, jdbc, topic, Map.of(
                    "INGEST_FEEDS_FILE", feedList.toString(),
                    "INGEST_POLL_DEFAULT_INTERVAL", "PT5S",
                    "INGEST_EXTRACT_ENABLED", String.valueOf(extraction))), jvm, DIR.resolve(name + "-service.log"))) {
                ready = service.awaitReady(Duration.ofSeconds(120));
                atReady = Sample.take(service, engines);
                complete = EventTap.await(() -> tap.created() >= expected, atReady.nanos() + INGEST_TIMEOUT.toNanos())
                        && (!extraction || EventTap.await(() -> extractionsPending(engines, database) == 0, atReady.nanos() + INGEST_TIMEOUT.toNanos()));
                if (extraction) {
                    outcomes = extractionOutcomes(engines, database);
                }
                atEnd = Sample.take(service, engines);
                lastEvent = Instant.ofEpochMilli(tap.lastArrivalMillis());
                if (complete && !extraction) {
                    // A round to finish compiling what the first left half-compiled, then the measured one.
                    for (int round = 1; round <= 2; round++) {
                        Sample start = Sample.take(service, engines);
                        long eventsBefore = tap.created();
                        for (int f = 0; f < INGEST_FEEDS; f++) {
                            feeds.serve(f, laterDocument(f, round));
                        }
                        long offered = (round + 1) * expected;
                        boolean done = EventTap.await(() -> tap.created() >= offered, start.nanos() + INGEST_TIMEOUT.toNanos());
                        warm = Optional.of(new Round(start, Sample.take(service, engines), eventsBefore, done));
                        if (!done) {
                            break;
                        }
                    }
                }
                peakRss = service.peakRssMiB();
            }
            long created = Math.min(tap.created(), expected);
            double seconds = Math.max(0.001, Duration.between(atReady.at(), complete ? lastEvent : Instant.now()).toMillis() / 1000.0);
            double itemsPerSecond = created / seconds;
            long windowMillis = atEnd.serviceMillisSince(atReady);
            double cpuMsPerItem = created == 0 ? Double.NaN : (double) windowMillis / created;
            double compiledCpuMsPerItem = created == 0 ? Double.NaN : (double) (windowMillis - compilerMillis(atReady.threads(), atEnd.threads())) / created;
            double ceiling = Math.min(limits.get("rome"), Math.min(limits.get("kafka"), limits.get("insert")));
            String bound = ceiling == limits.get("rome") ? "Rome parse" : ceiling == limits.get("kafka") ? "Kafka producer" : "PostgreSQL insert";
            boolean fast = complete && itemsPerSecond >= TARGET_ITEMS_PER_SECOND;
            List<Row> rows = new ArrayList<>(List.of(
                    Row.of("new items published (events acknowledged by Kafka, counted by a consumer)", itemsPerSecond, "items/s")
                            .against(String.format(Locale.ROOT, "%s, %,.0f/s (slowest stage limit)", bound, ceiling), ceiling)
                            .target("≥ 2,000 items/s", fast),
                    Row.of("service CPU per item from the start (utime + stime of the service process)", cpuMsPerItem, "CPU-ms/item")
                            .against(String.format(Locale.ROOT, "Rome parse alone, %.3f ms/item", 1000 / limits.get("rome")), 1000 / limits.get("rome")),
                    Row.of("the same without the JIT compiler's threads", compiledCpuMsPerItem, "CPU-ms/item"),
                    Row.of("PostgreSQL CPU per item", created == 0 ? Double.NaN : (double) (atEnd.postgresCpu() - atReady.postgresCpu()) / created, "CPU-ms/item"),
                    Row.of("whole machine busy while ingesting (/proc/stat)", atEnd.machineCoresSince(atReady), "cores")
                            .against("the machine's cores", Runtime.getRuntime().availableProcessors()),
                    Row.of("peak resident memory of the service over all rounds (VmHWM)", peakRss, "MiB"),
                    Row.of("items published within the time limit", created, "items")
                            .against(String.format(Locale.ROOT, "%,d items offered", expected), expected)));
            String profile;
            if (extraction) {
                long finished = outcomes.values().stream().mapToLong(Long::longValue).sum();
                rows.add(Row.of("article pages read (extractions finished) per second, same window", finished / seconds, "pages/s"));
                rows.add(Row.of("article pages requested from the feed hosts", feeds.pages.sum(), "pages"));
                rows.add(Row.of("created events carrying the page's body (contentSource page)", tap.createdFromPage(), "events")
                        .against("created events", created));
                outcomes.forEach((outcome, count) -> rows.add(Row.of("extraction outcome " + outcome, count, "items")));
                profile = threadTable(atReady.threads(), atEnd.threads(), windowMillis) + "\n"
                        + HotMethods.read(recording, atReady.at(), lastEvent).markdown(15);
            } else {
                rows.add(2, peerRow(itemsPerSecond, complete));
                profile = warmRows(rows, tap, expected, warm, recording);
                writeJfrNote(profile, itemsPerSecond, cpuMsPerItem);
            }
            new Fragment(name, String.format(Locale.ROOT, "Ingest%s: %d feeds × %d new items, subscribed from a feed-list file",
                    extraction ? " with extraction on (article pages served by the feed hosts)" : "", INGEST_FEEDS, INGEST_ITEMS_PER_FEED), rows,
                    String.format(Locale.ROOT, "%sTimed from the service answering ready (%.1f s after its start) to the last event; "
                            + "%s. The feeds are spread over %d loopback addresses (127.0.0.x), so per-host politeness "
                            + "(concurrency %s, spacing 0) is not the bound; each feed answers `304` once its items were taken. "
                            + "The peer, a plain Camel route on the same feeds in the same run, is in its own section.%n%n"
                            + "**Where the service's CPU goes** (JDK Flight Recorder during this scenario, "
                            + "`-XX:StartFlightRecording=settings=profile`; aggregated by `bench.HotMethods`, the same events as "
                            + "`jfr print --events jdk.ExecutionSample target/benchmarks/%s.jfr`%s):%n%n%s",
                            extraction ? "The extract stage on (`INGEST_EXTRACT_ENABLED=true`, its defaults: 4 workers, a 10 s hold of "
                                    + "`created`), every story linking to its own article page (about 2.5 KB) on the feed's loopback host; "
                                    + "timed until the last event and the last page read. "
                                    : "The extract stage off (`INGEST_EXTRACT_ENABLED=false`). The first rows are the first round, "
                                    + "from a cold start (the JIT compiler compiles the pipeline in it); the *warm* rows are the third "
                                    + "round on the same running service (the second, the same size, finishes the compiling): each "
                                    + "round every feed shows 100 more new stories (and its last 10 of the round before, so the "
                                    + "documents overlap as a live feed's do). ",
                            ready.toMillis() / 1000.0,
                            complete ? "every item arrived" : "**not every item arrived within " + INGEST_TIMEOUT.toSeconds() + " s**: the rate is over that time",
                            feeds.hosts(), "default", name, extraction ? "" : ", the warm round", profile)).write();
        }
    }

    /**
     * Feed {@code feed}'s document of round {@code round} after the first: its 100 new stories and
     * the last 10 of the round before, which it shares with the feed's previous document.
     */
    private byte[] laterDocument(int feed, int round) {
        List<Story> stories = new ArrayList<>();
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = round * INGEST_ITEMS_PER_FEED - 10; i < (round + 1) * INGEST_ITEMS_PER_FEED; i++) {
            stories.add(Stories.story(feed, i, base.plusSeconds(60L * i)));
        }
        return Stories.rss(feed, stories);
    }

    /** Adds the warm round's rows; returns its profile (the thread table and the flight recording of its window). */
    private String warmRows(List<Row> rows, EventTap tap, long expected, Optional<Round> measured, Path recording) {
        if (measured.isEmpty()) {
            rows.add(Row.of("warm: service CPU per item (the later rounds did not run: the first did not complete)", Double.NaN, "CPU-ms/item")
                    .target("≤ 0.5 CPU-ms/item", false));
            return "(no warm round)";
        }
        Round round = measured.get();
        long created = Math.max(0, tap.created() - round.eventsBefore());
        Instant last = round.complete() ? Instant.ofEpochMilli(tap.lastArrivalMillis()) : round.end().at();
        double seconds = Math.max(0.001, Duration.between(round.start().at(), last).toMillis() / 1000.0);
        long millis = round.end().serviceMillisSince(round.start());
        double cpuMsPerItem = created == 0 ? Double.NaN : (double) millis / created;
        rows.add(Row.of("warm: new items published in the third round", created / seconds, "items/s"));
        rows.add(Row.of("warm: service CPU per item (utime + stime, third round)", cpuMsPerItem, "CPU-ms/item")
                .against(String.format(Locale.ROOT, "Rome parse alone, %.3f ms/item", 1000 / limits.get("rome")), 1000 / limits.get("rome"))
                .target("≤ 0.5 CPU-ms/item", round.complete() && cpuMsPerItem <= TARGET_CPU_MS_PER_ITEM));
        rows.add(Row.of("warm: the JIT compiler's share of that", created == 0 ? Double.NaN
                : (double) compilerMillis(round.start().threads(), round.end().threads()) / Math.max(1, millis), "of the CPU"));
        rows.add(Row.of("warm: PostgreSQL CPU per item", created == 0 ? Double.NaN
                : (double) (round.end().postgresCpu() - round.start().postgresCpu()) / created, "CPU-ms/item"));
        rows.add(Row.of("warm: whole machine busy (/proc/stat)", round.end().machineCoresSince(round.start()), "cores")
                .against("the machine's cores", Runtime.getRuntime().availableProcessors()));
        rows.add(Row.of("warm: items published within the time limit", created, "items")
                .against(String.format(Locale.ROOT, "%,d items offered", expected), expected));
        return threadTable(round.start().threads(), round.end().threads(), millis) + "\n"
                + HotMethods.read(recording, round.start().at(), last).markdown(15);
    }

    /** The image's JVM options with {@code option} added. */
    private static List<String> withJvm(String option) {
        List<String> jvm = new ArrayList<>(SERVICE_JVM);
        jvm.add(option);
        return jvm;
    }

    /** The service's rate as a multiple of the Camel route's, when the peer ran in this run. */
    private Row peerRow(double itemsPerSecond, boolean complete) {
        Double peer = limits.get("peer");
        if (peer == null || peer <= 0) {
            return Row.of("ingest as a multiple of the Camel route's rate (the peer did not run: -Dbench.only)", Double.NaN, "×");
        }
        double times = itemsPerSecond / peer;
        return Row.of(String.format(Locale.ROOT, "ingest as a multiple of the Camel route's %,.0f items/s on the same work", peer), times, "×")
                .target("≥ 4×", complete && times >= TARGET_TIMES_THE_PEER);
    }

    private static long extractionsPending(Engines engines, String database) {
        try (Connection c = engines.connect(database); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT count(*) FROM item_extraction WHERE state = 'pending'")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // the schema is not there yet
        }
    }

    /** {@code state/reason → items}, of every finished extraction. */
    private static Map<String, Long> extractionOutcomes(Engines engines, String database) throws java.sql.SQLException {
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        try (Connection c = engines.connect(database); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT state || coalesce('/' || reason, ''), count(*) FROM item_extraction WHERE state <> 'pending' GROUP BY 1")) {
            while (r.next()) {
                outcomes.put(r.getString(1), r.getLong(2));
            }
        }
        return outcomes;
    }

    /** CPU the JIT compiler's threads spent in the window: warm-up, which a long-running service pays once. */
    private static long compilerMillis(Map<Long, Map.Entry<String, Long>> before, Map<Long, Map.Entry<String, Long>> after) {
        long millis = 0;
        for (Map.Entry<Long, Map.Entry<String, Long>> thread : after.entrySet()) {
            if (thread.getValue().getKey().contains("CompilerThre")) {
                millis += thread.getValue().getValue() - (before.containsKey(thread.getKey()) ? before.get(thread.getKey()).getValue() : 0);
            }
        }
        return millis;
    }

    /** Markdown: the CPU of the window by thread group (names with their numbers cut), largest first. */
    private static String threadTable(Map<Long, Map.Entry<String, Long>> before, Map<Long, Map.Entry<String, Long>> after, long totalMillis) {
        Map<String, Long> groups = new HashMap<>();
        after.forEach((tid, thread) -> {
            long earlier = before.containsKey(tid) ? before.get(tid).getValue() : 0;
            groups.merge(thread.getKey().replaceAll("[0-9]+", "#"), thread.getValue() - earlier, Long::sum);
        });
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Service CPU in the window by thread (`/proc/<pid>/task/*/stat`; %,d ms in all, "
                + "threads that ended during the window are missing):%n%n| thread | CPU-ms | share |%n|---|---:|---:|%n", totalMillis));
        groups.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %,d | %.1f %% |%n", e.getKey(), e.getValue(),
                        totalMillis == 0 ? 0 : 100.0 * e.getValue() / totalMillis)));
        return md.toString();
    }

    private void writeJfrNote(String profile, double itemsPerSecond, double cpuMsPerItem) {
        Path note = Path.of(System.getProperty("bench.jfrNote", ""));
        if (note.toString().isEmpty()) {
            return;
        }
        try {
            Files.writeString(note, String.format(Locale.ROOT, "# JFR profile of the ingest benchmark (%s, %s)%n%n"
                    + "%d feeds × %d items: %.0f items/s, %.2f service CPU-ms per item. Written by bench.ThroughputBenchmarkIT.%n%n%s",
                    Instant.now(), BenchmarkReport.commit(), INGEST_FEEDS, INGEST_ITEMS_PER_FEED, itemsPerSecond, cpuMsPerItem, profile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- poll capacity ------------------------------------------------------------------

    private void pollCapacity(Engines engines) throws Exception {
        String topic = "bench.polls";
        engines.createTopic(topic);
        String jdbc = engines.createDatabase("polls");
        try (LoopbackFeeds feeds = new LoopbackFeeds(HOSTS, 0.9)) {
            serveOneStoryEach(feeds, POLL_FEEDS);
            double pollsPerSecond;
            double cpuCores;
            double postgresCores;
            double benchCores;
            double machineCores;
            double notModifiedShare;
            double rss;
            double peakRss;
            Path recording = DIR.resolve("polls.jfr");
            Instant windowStart;
            long windowMillis;
            Map<Long, Map.Entry<String, Long>> threadsAtStart;
            Map<Long, Map.Entry<String, Long>> threadsAtEnd;
            String statements;
            boolean firstPollsDone;
            double firstPollsSeconds;
            long firstPolls;
            double firstPollCpu;
            // The feeds are subscribed with SQL once the schema exists (a 10,000-feed list file is the footprint scenario's).
            // Extraction off: each first poll's story links to a page on a host that does not resolve,
            // and reading 10,000 of them is the ingest-extract section's work, not polling.
            try (ServiceProcess service = ServiceProcess.start(env(engines, jdbc, topic, Map.of("INGEST_POLL_DEFAULT_INTERVAL", "PT1S",
                            "INGEST_EXTRACT_ENABLED", "false")),
                    POLLS_RECORDER ? withJvm("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording) : SERVICE_JVM,
                    DIR.resolve("polls-service.log"))) {
                service.awaitReady(Duration.ofSeconds(180));
                long cpuAtSeed = service.cpuMillis();
                try (Connection c = engines.connect("polls"); Statement s = c.createStatement()) {
                    s.execute(seedSql("feeds").replace("{count}", String.valueOf(POLL_FEEDS)).replace("{hosts}", String.valueOf(feeds.hosts()))
                            .replace("{port}", String.valueOf(feeds.port())).replace("{interval}", "1"));
                }
                // The window measures the steady state the scenario is named for (most polls answered
                // 304): it starts once every feed has had its first poll, which stores the feed's story.
                long seeded = System.nanoTime();
                firstPollsDone = EventTap.await(() -> feedsPolledOnce(engines) >= POLL_FEEDS, seeded + FIRST_POLLS_TIMEOUT.toNanos());
                firstPollsSeconds = (System.nanoTime() - seeded) / 1e9;
                firstPolls = feedsPolledOnce(engines);
                firstPollCpu = (service.cpuMillis() - cpuAtSeed) / (double) Math.max(1, firstPolls);
                Faults.sleep(POLL_WARM_UP);
                String tables0 = tableActivity(engines, "polls");
                engines.statementCosts("polls", 0);
                long polls0 = feeds.polls.sum();
                long notModified0 = feeds.notModified.sum();
                long cpu0 = service.cpuMillis();
                long pg0 = engines.postgresCpuMillis();
                long bench0 = ownCpuMillis();
                long machine0 = machineBusyMillis();
                threadsAtStart = service.cpuMillisByThread();
                windowStart = Instant.now();
                long t0 = System.nanoTime();
                Faults.sleep(POLL_WINDOW);
                double seconds = (System.nanoTime() - t0) / 1e9;
                threadsAtEnd = service.cpuMillisByThread();
                windowMillis = service.cpuMillis() - cpu0;
                Files.writeString(DIR.resolve("polls-tables.txt"), "before the window\n" + tables0 + "\nafter the window\n" + tableActivity(engines, "polls"));
                statements = engines.statementCosts("polls", 12);
                postgresCores = (engines.postgresCpuMillis() - pg0) / 1000.0 / seconds;
                benchCores = (ownCpuMillis() - bench0) / 1000.0 / seconds;
                machineCores = (machineBusyMillis() - machine0) / 1000.0 / seconds;
                long polls = feeds.polls.sum() - polls0;
                pollsPerSecond = polls / seconds;
                notModifiedShare = polls == 0 ? 0 : (double) (feeds.notModified.sum() - notModified0) / polls;
                cpuCores = (service.cpuMillis() - cpu0) / 1000.0 / seconds;
                rss = service.rssMiB();
                peakRss = service.peakRssMiB();
            }
            List<Map.Entry<String, String>> targets = IntStream.range(0, POLL_FEEDS)
                    .mapToObj(f -> Map.entry(feeds.url(f), feeds.etag(f))).toList();
            String profile = threadTable(threadsAtStart, threadsAtEnd, windowMillis) + "\n"
                    + (POLLS_RECORDER ? HotMethods.read(recording, windowStart, windowStart.plus(POLL_WINDOW)).markdown(15)
                            : "(no flight recording: this run had `-Dbench.pollsRecorder=false`, for the memory rows)\n");
            String recorder = POLLS_RECORDER ? "flight recorder on" : "flight recorder off";
            double httpLimit = Limits.conditionalGetsPerSecond(targets, 64, Duration.ofSeconds(QUICK ? 5 : 10));
            new Fragment("polls", String.format(Locale.ROOT, "Poll capacity: %,d feeds, 90 %% answered `304`", POLL_FEEDS), List.of(
                    Row.of("sustained polls (counted at the feed server)", pollsPerSecond, "polls/s")
                            .against(String.format(Locale.ROOT, "plain HTTP client on the same server, 64 in flight, %,.0f/s", httpLimit), httpLimit)
                            .target("≥ 1,000 polls/s", pollsPerSecond >= TARGET_POLLS_PER_SECOND),
                    Row.of("first polls (each stores its feed's one new story), before the window", firstPolls / firstPollsSeconds, "polls/s")
                            .against(String.format(Locale.ROOT, "%,d feeds%s", POLL_FEEDS, firstPollsDone ? ""
                                    : ", not all polled within " + FIRST_POLLS_TIMEOUT.toSeconds() + " s"), POLL_FEEDS),
                    Row.of("service CPU per first poll", firstPollCpu, "CPU-ms/poll"),
                    Row.of("service CPU while polling", cpuCores, "cores")
                            .against("the machine's cores", Runtime.getRuntime().availableProcessors()),
                    Row.of("service CPU per poll", pollsPerSecond == 0 ? Double.NaN : cpuCores * 1000 / pollsPerSecond, "CPU-ms/poll"),
                    Row.of("PostgreSQL CPU while polling", postgresCores, "cores"),
                    Row.of("benchmark JVM CPU while polling (the feed server, the Kafka broker)", benchCores, "cores"),
                    Row.of("whole machine busy while polling (/proc/stat)", machineCores, "cores")
                            .against("the machine's cores", Runtime.getRuntime().availableProcessors()),
                    // With the recorder on, its own buffers are in these two; the memory target is the footprint section's.
                    Row.of("resident memory at the end of the window, " + recorder + " (VmRSS)", rss, "MiB"),
                    Row.of("peak resident memory, " + recorder + " (VmHWM)", peakRss, "MiB")),
                    String.format(Locale.ROOT, "The feeds are subscribed with SQL (`seed-items.sql`, section `@feeds`), each asking for a poll every "
                            + "second (minimum interval 1 s), first polls spread over that second, so the figure is what the service can do, "
                            + "not what the feeds need. Each feed's first poll gets its document and stores its one story; once every "
                            + "feed has had it (the first-poll rows), %d s of warm-up, then the window of %d s; %.0f %% of the polls in "
                            + "the window were answered `304` (the others get the unchanged document, 10 %% of the time). "
                            + "The extract stage is off (`INGEST_EXTRACT_ENABLED=false`): the stories' pages are on hosts that do not "
                            + "resolve, and reading pages is the ingest-with-extraction section's figure. "
                            + "Feeds on %d loopback addresses.%n%n"
                            + "**Where the service's CPU goes** in the window (JDK Flight Recorder from the start, as in the ingest "
                            + "section: started for the window only, its warm-up cost the window a third of its polls; "
                            + "`target/benchmarks/polls.jfr`):%n%n%s%n"
                            + "**Where PostgreSQL's time goes** in the window (`pg_stat_statements`, the costliest statements):%n%n%s",
                            POLL_WARM_UP.toSeconds(), POLL_WINDOW.toSeconds(), notModifiedShare * 100, feeds.hosts(), profile, statements)).write();
        }
    }

    /** Feeds of the poll scenario that have had a poll. */
    private static long feedsPolledOnce(Engines engines) {
        try (Connection c = engines.connect("polls"); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT count(*) FROM feed WHERE last_fetched_at IS NOT NULL")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("counting the polled feeds", e);
        }
    }

    /** What PostgreSQL did per table so far (scans, rows read and written), for reading a poll's cost on the database's side. */
    private static String tableActivity(Engines engines, String database) throws java.sql.SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = engines.connect(database); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup "
                     + "FROM pg_stat_user_tables ORDER BY seq_tup_read DESC")) {
            out.append("table seq_scan seq_tup_read idx_scan idx_tup_fetch ins upd del live\n");
            while (r.next()) {
                for (int column = 1; column <= 9; column++) {
                    out.append(r.getString(column)).append(column == 9 ? "\n" : " ");
                }
            }
        }
        return out.toString();
    }

    /** CPU time of this JVM: the feed server and the Kafka broker run in it. */
    private static long ownCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    /** CPU time all processes of the machine spent busy (not idle, not waiting for I/O), from the first line of /proc/stat. */
    private static long machineBusyMillis() {
        try {
            String[] jiffies = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field = 1; field < Math.min(jiffies.length, 9); field++) {
                if (field != 4 && field != 5) { // idle, iowait
                    busy += Long.parseLong(jiffies[field]);
                }
            }
            return busy * 10; // USER_HZ is 100 on Linux
        } catch (IOException e) {
            return 0;
        }
    }

    private static void serveOneStoryEach(LoopbackFeeds feeds, int count) {
        Instant published = Instant.parse("2026-11-01T00:00:00Z");
        for (int f = 0; f < count; f++) {
            feeds.serve(f, Stories.rss(f, List.of(Stories.story(f, 0, published))));
        }
    }

    // --- footprint ------------------------------------------------------------------------

    /** Ready and resident memory with a feed list of {@code POLL_FEEDS} feeds: first start, then a restart on the same database. */
    private void footprint(Engines engines) throws Exception {
        String topic = "bench.footprint";
        engines.createTopic(topic);
        String jdbc = engines.createDatabase("footprint");
        try (LoopbackFeeds feeds = new LoopbackFeeds(HOSTS, 0.9)) {
            serveOneStoryEach(feeds, POLL_FEEDS);
            Path feedList = feedList("footprint", feeds, POLL_FEEDS, Duration.ofMinutes(15));
            Map<String, String> env = env(engines, jdbc, topic, Map.of("INGEST_FEEDS_FILE", feedList.toString()));
            List<String> problems = new ArrayList<>();
            // As the image does (docker/Dockerfile): a first start archives the classes it loaded
            // (AppCDS), and later starts map the archive. Here the training start runs to ready.
            Path archive = DIR.resolve("app-cds.jsa");
            Files.deleteIfExists(archive);
            double[] first = startAndMeasure(env, withJvm("-XX:ArchiveClassesAtExit=" + archive), "footprint-first", problems, new ArrayList<>());
            double[] plain = startAndMeasure(env, SERVICE_JVM, "footprint-restart-plain", problems, new ArrayList<>());
            List<String> phases = new ArrayList<>();
            List<String> imageJvm = Files.exists(archive) ? withJvm("-XX:SharedArchiveFile=" + archive) : SERVICE_JVM;
            double[] restart = startAndMeasure(env, imageJvm, "footprint-restart", problems, phases);
            new Fragment("footprint", String.format(Locale.ROOT, "Footprint: %,d feeds in the feed-list file", POLL_FEEDS), List.of(
                    Row.of("time to ready, restart on a migrated database with the feeds subscribed, with the class archive as the image runs it (start of the JVM → /q/health/ready UP)", restart[0], "s")
                            .target("≤ 3 s", restart[0] <= TARGET_READY_S),
                    Row.of("the same restart without the class archive", plain[0], "s"),
                    Row.of("time to ready, first start (Flyway migrates an empty database, the feed list is synced)", first[0], "s"),
                    Row.of(String.format(Locale.ROOT, "resident memory with %,d feeds, %d s after ready (VmRSS), restart", POLL_FEEDS, FOOTPRINT_SETTLE.toSeconds()), restart[1], "MiB")
                            .target("≤ 400 MiB", restart[1] <= TARGET_RSS_MIB),
                    Row.of("the same restart without the class archive", plain[1], "MiB"),
                    Row.of("the same after the first start", first[1], "MiB")),
                    "JVM mode, engines already running; service JVM options `" + String.join(" ", SERVICE_JVM)
                            + "` and `MALLOC_ARENA_MAX=2`, as the image runs it; the first start writes an AppCDS archive "
                            + "(`-XX:ArchiveClassesAtExit`, as the image build does) and the restart maps it (`-XX:SharedArchiveFile`)"
                            + (Files.exists(archive) ? "" : " (**no archive was written: the restart ran without it**)")
                            + ". Feeds polled every 15 minutes (the default). "
                            + "Readiness is probed on the HTTP port and on the management port; ∞ means the service was not ready within "
                            + READY_TIMEOUT.toSeconds() + " s or exited, and – that no memory could be read."
                            + "\n\nWhere the restart's time goes (the service's log timestamps, from the start of the process): "
                            + String.join("; ", phases) + "."
                            + problems.stream().map(p -> "\n\n**" + p + "**").collect(Collectors.joining())).write();
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(QUICK ? 150 : 240);
    private static final Duration FOOTPRINT_SETTLE = Duration.ofSeconds(QUICK ? 10 : 20);

    /**
     * Starts the service, returns {seconds to ready (∞ if never), VmRSS after settling (NaN if gone)},
     * keeps why it failed in {@code problems} and the start's phases in {@code phases}.
     */
    private static double[] startAndMeasure(Map<String, String> env, List<String> jvm, String name, List<String> problems, List<String> phases) {
        try (ServiceProcess service = ServiceProcess.start(env, jvm, DIR.resolve(name + "-service.log"))) {
            double ready;
            try {
                ready = service.awaitReady(READY_TIMEOUT).toMillis() / 1000.0;
            } catch (IllegalStateException notReady) {
                problems.add(name + ": " + notReady.getMessage() + serviceError(service.log));
                ready = Double.POSITIVE_INFINITY;
            }
            Faults.sleep(FOOTPRINT_SETTLE);
            double rss = service.alive() ? service.rssMiB() : Double.NaN;
            phases.addAll(startPhases(service));
            return new double[] {ready, rss};
        }
    }

    /** Start-up milestones the service logs, in order, each with the message that marks its end. */
    private static final List<Map.Entry<String, String>> START_PHASES = List.of(
            Map.entry("JVM and Quarkus boot until Flyway connects", "Database: jdbc:"),
            Map.entry("Flyway validates the schema", "No migration necessary"),
            Map.entry("Hibernate ORM starts", "HHH100501"),
            Map.entry("taxonomy compiled", "taxonomy "),
            Map.entry("scheduler, relay and HTTP server start", " started in "),
            Map.entry("after that, while ready: feed-list file read and synced", "feed list:"));

    /** How long each start-up phase took, from the timestamps of the service's JSON log lines. */
    private static List<String> startPhases(ServiceProcess service) {
        List<String> phases = new ArrayList<>();
        try (Stream<String> lines = Files.lines(service.log)) {
            List<String> log = lines.toList();
            Instant previous = service.startedAt;
            for (Map.Entry<String, String> phase : START_PHASES) {
                Optional<Instant> end = log.stream().filter(line -> line.contains(phase.getValue())).findFirst()
                        .flatMap(ThroughputBenchmarkIT::logTime);
                if (end.isPresent()) {
                    phases.add(String.format(Locale.ROOT, "%s %.2f s", phase.getKey(), Duration.between(previous, end.get()).toMillis() / 1000.0));
                    previous = end.get();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            phases.add("no log to read");
        }
        return phases;
    }

    private static Optional<Instant> logTime(String jsonLine) {
        int at = jsonLine.indexOf("\"timestamp\":\"");
        if (at < 0) {
            return Optional.empty();
        }
        int from = at + "\"timestamp\":\"".length();
        return Optional.of(java.time.OffsetDateTime.parse(jsonLine.substring(from, jsonLine.indexOf('"', from))).toInstant());
    }

    /** The service's own words on why it stopped: its first ERROR line and the causes under it. */
    private static String serviceError(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            String causes = lines.dropWhile(line -> !line.contains(" ERROR "))
                    .filter(line -> line.contains(" ERROR ") || line.startsWith("Caused by:"))
                    .limit(4).map(String::strip).collect(Collectors.joining(" / "));
            return causes.isEmpty() ? "" : ". The service logged: " + causes;
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    // --- freshness ------------------------------------------------------------------------

    private void freshness(Engines engines) throws Exception {
        String topic = "bench.fresh";
        engines.createTopic(topic);
        String jdbc = engines.createDatabase("fresh");
        Map<String, Long> appeared = new ConcurrentHashMap<>();
        Random random = new Random(7);
        try (LoopbackFeeds feeds = new LoopbackFeeds(HOSTS, 1.0); EventTap tap = new EventTap(engines.bootstrap, topic)) {
            List<List<Story>> documents = new ArrayList<>();
            Instant published = Instant.now().minus(Duration.ofHours(1));
            for (int f = 0; f < FRESH_FEEDS; f++) {
                documents.add(new ArrayList<>(List.of(Stories.story(f, 0, published))));
                feeds.serve(f, Stories.rss(f, documents.get(f)));
            }
            Path feedList = feedList("fresh", feeds, FRESH_FEEDS, FRESH_INTERVAL);
            long cpu0;
            double seconds;
            long cpu1;
            double peakRss;
            try (ServiceProcess service = ServiceProcess.start(env(engines, jdbc, topic, Map.of(
                    "INGEST_FEEDS_FILE", feedList.toString(),
                    "INGEST_POLL_DEFAULT_INTERVAL", FRESH_INTERVAL.toString())), SERVICE_JVM, DIR.resolve("fresh-service.log"))) {
                service.awaitReady(Duration.ofSeconds(120));
                // One interval for the first round of polls, so every feed has its ETag.
                Faults.sleep(FRESH_INTERVAL.plusSeconds(5));
                cpu0 = service.cpuMillis();
                long t0 = System.nanoTime();
                long end = t0 + FRESH_RUN.toNanos();
                long number = 1;
                while (System.nanoTime() < end) {
                    Faults.sleep(Duration.ofMillis((long) (-Math.log(1 - random.nextDouble()) * FRESH_MEAN_GAP.toMillis())));
                    int f = random.nextInt(FRESH_FEEDS);
                    List<Story> stories = documents.get(f);
                    Story story = Stories.story(f, number++, Instant.now());
                    stories.add(story);
                    if (stories.size() > 20) {
                        stories.remove(0);
                    }
                    feeds.serve(f, Stories.rss(f, stories));
                    appeared.put(story.guid(), System.currentTimeMillis());
                }
                // Let the last stories have their poll: one interval plus the jitter and some slack.
                EventTap.await(() -> appeared.keySet().stream().allMatch(tap.guidArrivals::containsKey),
                        System.nanoTime() + FRESH_INTERVAL.multipliedBy(2).plusSeconds(10).toNanos());
                seconds = (System.nanoTime() - t0) / 1e9;
                cpu1 = service.cpuMillis();
                peakRss = service.peakRssMiB();
            }
            long[] delays = appeared.entrySet().stream()
                    .mapToLong(e -> tap.guidArrivals.containsKey(e.getKey()) ? tap.guidArrivals.get(e.getKey()) - e.getValue() : Long.MAX_VALUE)
                    .sorted().toArray();
            long missing = Arrays.stream(delays).filter(d -> d == Long.MAX_VALUE).count();
            double p50 = percentile(delays, 0.50);
            double p99 = percentile(delays, 0.99);
            long[] delivered = Arrays.stream(delays).filter(d -> d != Long.MAX_VALUE).toArray();
            double bound = FRESH_INTERVAL.toSeconds() + TARGET_FRESHNESS_SLACK_S;
            new Fragment("freshness", String.format(Locale.ROOT, "Freshness: %,d feeds polled every %d s", FRESH_FEEDS, FRESH_INTERVAL.toSeconds()), List.of(
                    Row.of("appearance at the origin → event seen by a consumer, p50", p50, "s")
                            .against("the poll interval", FRESH_INTERVAL.toSeconds()),
                    Row.of("appearance at the origin → event seen by a consumer, p99", p99, "s")
                            .against("the poll interval", FRESH_INTERVAL.toSeconds())
                            .target(String.format(Locale.ROOT, "≤ %.0f s (interval + 2 s)", bound), p99 <= bound),
                    Row.of("p50 of the stories that did arrive", percentile(delivered, 0.50), "s"),
                    Row.of("p99 of the stories that did arrive", percentile(delivered, 0.99), "s"),
                    Row.of("stories that appeared during the run", delays.length, "stories"),
                    Row.of("of them never seen on Kafka by the end", missing, "stories"),
                    Row.of("service CPU", (cpu1 - cpu0) / 1000.0 / seconds, "cores")
                            .against("the machine's cores", Runtime.getRuntime().availableProcessors()),
                    Row.of("peak resident memory (VmHWM)", peakRss, "MiB")),
                    String.format(Locale.ROOT, "Stories appear one at a time in random feeds at random times (exponential gaps, mean %d ms) for %d s, "
                            + "after one interval for the first round of polls; each is timed from the moment the feed server "
                            + "starts serving it to the moment the benchmark's consumer receives its `created` event (one clock). "
                            + "A story never seen counts as infinitely late, so a p99 of `∞` means more than 1 %% never arrived "
                            + "within two intervals and 10 s after the run.",
                            FRESH_MEAN_GAP.toMillis(), FRESH_RUN.toSeconds())).write();
        }
    }

    /** Seconds at quantile {@code q} of sorted delays in ms; infinite when it falls on a story that never arrived. */
    private static double percentile(long[] sortedMillis, double q) {
        if (sortedMillis.length == 0) {
            return Double.NaN;
        }
        long value = sortedMillis[Math.min(sortedMillis.length - 1, (int) Math.ceil(q * sortedMillis.length) - 1)];
        return value == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : value / 1000.0;
    }

    // --- dedupe scaling -------------------------------------------------------------------

    private void scaling(Engines engines) throws Exception {
        String topic = "bench.scaling";
        engines.createTopic(topic);
        String jdbc = engines.createDatabase("scaling");
        String seed = seedSql("items");
        List<Row> rows = new ArrayList<>();
        Map<Integer, Double> costs = new LinkedHashMap<>();
        StringBuilder notes = new StringBuilder();
        try (LoopbackFeeds feeds = new LoopbackFeeds(SCALING_FEEDS * (SCALING_SIZES.length + 1), 1.0);
                EventTap tap = new EventTap(engines.bootstrap, topic);
                ServiceProcess service = ServiceProcess.start(env(engines, jdbc, topic, Map.of()), SERVICE_JVM, DIR.resolve("scaling-service.log"))) {
            service.awaitReady(Duration.ofSeconds(120));
            int stored = 0;
            long expected = 0;
            // Stage 0 warms the service up (JIT, connections) on an empty store and is not reported.
            for (int stage = 0; stage <= SCALING_SIZES.length; stage++) {
                int size = stage == 0 ? 0 : SCALING_SIZES[stage - 1];
                long seedStart = System.nanoTime();
                try (Connection c = engines.connect("scaling"); Statement s = c.createStatement()) {
                    s.execute(seed.replace("{from}", String.valueOf(stored)).replace("{to}", String.valueOf(size)));
                    s.execute("VACUUM ANALYZE item");
                    s.execute("VACUUM ANALYZE item_sighting");
                }
                if (size > 0) {
                    notes.append(String.format(Locale.ROOT, "Seeding to %,d items took %.0f s. ", size, (System.nanoTime() - seedStart) / 1e9));
                }
                stored = size;
                long cpu0 = service.cpuMillis();
                long pg0 = engines.postgresCpuMillis();
                long t0 = System.nanoTime();
                for (int i = 0; i < SCALING_FEEDS; i++) {
                    int feed = stage * SCALING_FEEDS + i;
                    List<Story> stories = new ArrayList<>();
                    for (int n = 0; n < SCALING_ITEMS_PER_FEED; n++) {
                        stories.add(Stories.story(1_000_000 + feed, n, Instant.now().minusSeconds(60L * n)));
                    }
                    feeds.serve(feed, Stories.rss(1_000_000 + feed, stories));
                    subscribe(service, feeds.url(feed));
                }
                expected += (long) SCALING_FEEDS * SCALING_ITEMS_PER_FEED;
                long target = expected;
                boolean complete = EventTap.await(() -> tap.created() >= target, t0 + Duration.ofSeconds(QUICK ? 180 : 300).toNanos());
                double seconds = (System.nanoTime() - t0) / 1e9;
                int items = SCALING_FEEDS * SCALING_ITEMS_PER_FEED;
                double serviceCpu = (service.cpuMillis() - cpu0) / (double) items;
                double pgCpu = (engines.postgresCpuMillis() - pg0) / (double) items;
                double cost = serviceCpu + pgCpu;
                if (stage == 0) {
                    continue;
                }
                costs.put(size, cost);
                double base = costs.values().iterator().next();
                Row row = Row.of(String.format(Locale.ROOT, "CPU per new item (service + PostgreSQL) with %,d stored items", size), cost, "CPU-ms/item")
                        .against(String.format(Locale.ROOT, "the cost at %,d stored items", SCALING_SIZES[0]), base);
                if (stage == SCALING_SIZES.length && stage > 1) {
                    row = row.target("≤ 2× the cost at 10k", cost <= TARGET_DEDUPE_GROWTH * base);
                }
                rows.add(row);
                rows.add(Row.of(String.format(Locale.ROOT, "wall time per new item with %,d stored items (subscribe → last event)", size), seconds * 1000 / items, "ms/item"));
                notes.append(String.format(Locale.ROOT, "At %,d: service %.2f + PostgreSQL %.2f CPU-ms per item%s. ",
                        size, serviceCpu, pgCpu, complete ? "" : ", **not every item arrived within the time limit**"));
            }
        }
        notes.append(String.format(Locale.ROOT, "%nEach step seeds items directly with SQL (`src/test/resources/bench/seed-items.sql`, "
                + "generate_series into `item` and `item_sighting`, first seen within the similarity window), then subscribes %d new "
                + "feeds of %d new items each through the API and waits for their events. The cost per item is the CPU time of the "
                + "service and of the PostgreSQL server processes over that batch (with the little the idle service spends while "
                + "waiting for its scheduler), after one unreported batch on an empty store that warms the service up.",
                SCALING_FEEDS, SCALING_ITEMS_PER_FEED));
        new Fragment("scaling", "Dedupe cost as the store grows", rows, notes.toString()).write();
    }

    /** Section {@code @name} of {@code bench/seed-items.sql}. */
    private static String seedSql(String section) throws IOException {
        try (InputStream in = ThroughputBenchmarkIT.class.getResourceAsStream("/bench/seed-items.sql")) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int start = all.indexOf("-- @" + section + "\n");
            int end = all.indexOf("\n-- @", start + 1);
            return all.substring(start, end < 0 ? all.length() : end);
        }
    }

    private static void subscribe(ServiceProcess service, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/feeds"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\",\"pollInterval\":\"PT1H\"}"))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("subscribing " + url + ": " + response.statusCode() + " " + response.body());
        }
    }

    // --- shared ---------------------------------------------------------------------------

    private static Map<String, String> env(Engines engines, String jdbc, String topic, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.ofEntries(
                // Without a list of its own the service would subscribe its bundled default feeds, on the internet.
                Map.entry("INGEST_FEEDS_FILE", NO_FEEDS.toString()),
                // As the image sets it (docker/Dockerfile).
                Map.entry("MALLOC_ARENA_MAX", "2"),
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", jdbc),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", engines.username()),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", engines.password()),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", engines.bootstrap),
                Map.entry("INGEST_KAFKA_TOPIC", topic),
                Map.entry("INGEST_FETCH_ALLOW_PRIVATE_NETWORKS", "true"),
                // A real key, as production requires (writes without one are refused at start-up).
                Map.entry("INGEST_API_KEY", API_KEY),
                // Many loopback hosts stand for many outlets; spacing off as in the issue's own runs.
                Map.entry("INGEST_FETCH_PER_HOST_SPACING", "PT0S"),
                Map.entry("INGEST_POLL_MIN_INTERVAL", "PT1S")));
        env.putAll(extra);
        return env;
    }

    private static final Path NO_FEEDS = DIR.resolve("no-feeds.yaml");

    private static Path feedList(String name, LoopbackFeeds feeds, int count, Duration interval) throws IOException {
        StringBuilder yaml = new StringBuilder("feeds:\n");
        for (int f = 0; f < count; f++) {
            yaml.append("  - url: ").append(feeds.url(f)).append('\n')
                    .append("    title: Bench feed ").append(f).append('\n')
                    .append("    pollInterval: ").append(interval).append('\n');
        }
        Path file = DIR.resolve(name + "-feeds.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
