package org.newsingest.bench;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.dedupe.IdentityKeys;
import org.newsingest.dedupe.IdentityPolicy;
import org.newsingest.dedupe.Revisions;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.feed.Feed;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.publish.EventType;
import org.newsingest.publish.Outbox;
import org.newsingest.store.ItemCandidate;
import org.newsingest.store.ItemStore;
import org.newsingest.store.StoreResult;
import org.newsingest.testing.RealEngines;
import org.newsingest.tag.Topic;

/**
 * CPU per new item on the store path alone (identity, locks, inserts, outbox rows), measured on
 * the storing thread, with a JFR recording of where it goes. Prints; asserts nothing about time.
 * Run: {@code ./mvnw -o test -Dtest=StorePathBenchmark -Dgroups=benchmark -DexcludedGroups=}.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(RealEngines.class)
class StorePathBenchmark {

    private static final int DOCUMENTS = 40;
    private static final int ITEMS = 100;
    private static final int WARM_UP = 20;

    @Inject
    ItemStore store;

    @Inject
    Outbox outbox;

    @Test
    void cpuPerNewItem() throws Exception {
        long feedId = QuarkusTransaction.requiringNew().call(() -> {
            Feed feed = new Feed();
            feed.url = "https://bench.example/feed-" + System.nanoTime();
            feed.normalizedUrl = feed.url;
            feed.nextPollAt = Instant.now().plusSeconds(3600);
            feed.persist();
            return feed.id;
        });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Random words = new Random(7);
        for (int document = 0; document < WARM_UP; document++) {
            storeDocument(feedId, document, words);
        }
        Path jfr = Files.createTempFile("store-path", ".jfr");
        long cpu;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
            recording.start();
            long started = threads.getCurrentThreadCpuTime();
            for (int document = WARM_UP; document < WARM_UP + DOCUMENTS; document++) {
                storeDocument(feedId, document, words);
            }
            cpu = threads.getCurrentThreadCpuTime() - started;
            recording.stop();
            recording.dump(jfr);
        }
        System.out.printf("store path: %.3f CPU-ms per new item (%d documents x %d items, storing thread only)%n",
                cpu / 1e6 / (DOCUMENTS * ITEMS), DOCUMENTS, ITEMS);
        printHotFrames(jfr, Thread.currentThread().getName());
    }

    private void storeDocument(long feedId, int document, Random words) {
        List<ItemCandidate> candidates = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            String link = "https://bench.example/" + feedId + "/" + document + "/" + i;
            StringBuilder text = new StringBuilder();
            for (int word = 0; word < 60; word++) {
                text.append(Integer.toString(1000 + words.nextInt(1_000_000), 36)).append(' ');
            }
            NormalizedItem item = new NormalizedItem(Optional.of("guid-" + feedId + "-" + document + "-" + i), Optional.of(link), Optional.of(link),
                    Optional.of("Title " + document + "-" + i), Optional.of("Summary"), Optional.of(text.toString()), Optional.empty(),
                    Optional.of("en"), Optional.of(Instant.now()), Optional.empty(), List.of("News"), List.of());
            candidates.add(new ItemCandidate(IdentityKeys.of(List.of(item), IdentityPolicy.GUID).get(0), item,
                    Revisions.contentHash(item), StoryFingerprint.of(StoryFingerprint.textOf(item)), List.of(new Topic("news", "News", Topic.FROM_CATEGORY, 1.0))));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Feed feed = Feed.findById(feedId);
            outbox.enqueue(store.storeDocument(feed, candidates).results().stream()
                    .filter(StoreResult.Created.class::isInstance)
                    .map(StoreResult.Created.class::cast)
                    .map(created -> new Outbox.Pending(EventType.CREATED, created.item(), feed, List.of()))
                    .toList());
        });
    }

    /** Share of the storing thread's samples per frame that appears anywhere on the stack, top 25. */
    private static void printHotFrames(Path jfr, String thread) throws Exception {
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getThread("sampledThread") == null
                    || !thread.equals(event.getThread("sampledThread").getJavaName()) || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                if ((name.startsWith("org.newsingest") || name.startsWith("org.hibernate.internal.SessionImpl")
                        || name.startsWith("org.hibernate.event") || name.startsWith("org.postgresql.jdbc.PgPreparedStatement")
                        || name.startsWith("com.fasterxml.jackson.databind.ObjectMapper")) && seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
            }
        }
        int total = samples;
        System.out.printf("JFR: %d samples on the storing thread%n", total);
        inclusive.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(25)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
