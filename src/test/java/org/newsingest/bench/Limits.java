package org.newsingest.bench;

import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What this machine can do at each stage without the service, measured in the same run: the
 * ceilings the service's figures are divided by. Each runs in this JVM against the same engines.
 */
final class Limits {

    private Limits() {}

    /** Raw Rome ({@code new SyndFeedInput().build(new XmlReader(bytes))}), one thread, items/s over {@code documents}. */
    static double romeItemsPerSecond(List<byte[]> documents, Duration warmUp, Duration measure) {
        long until = System.nanoTime() + warmUp.toNanos();
        int d = 0;
        while (System.nanoTime() < until) {
            parse(documents.get(d++ % documents.size()));
        }
        long items = 0;
        long start = System.nanoTime();
        long end = start + measure.toNanos();
        long now;
        do {
            items += parse(documents.get(d++ % documents.size()));
            now = System.nanoTime();
        } while (now < end);
        return items / ((now - start) / 1e9);
    }

    private static int parse(byte[] document) {
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(document), true)) {
            return new SyndFeedInput().build(reader).getEntries().size();
        } catch (Exception e) {
            throw new IllegalStateException("Rome refused a benchmark document", e);
        }
    }

    /**
     * Records like the service's events (UUID key, CloudEvents headers, a JSON body of
     * {@code valueBytes}) sent with acks=all and idempotence on, the producer's other settings
     * default; records acknowledged per second.
     */
    static double kafkaRecordsPerSecond(String bootstrap, String topic, int records, int valueBytes) {
        byte[] value = ("{\"title\":\"" + "x".repeat(Math.max(0, valueBytes - 13)) + "\"}").getBytes(StandardCharsets.UTF_8);
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            send(producer, topic, value, records / 5, acked); // warm-up: connections, metadata, JIT
            acked.set(0);
            long start = System.nanoTime();
            send(producer, topic, value, records, acked);
            return acked.get() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value, int records, AtomicLong acked) {
        for (int i = 0; i < records; i++) {
            String id = UUID.randomUUID().toString();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, id, value);
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                    .add("ce_id", id.getBytes(StandardCharsets.UTF_8))
                    .add("ce_type", "news.item.created".getBytes(StandardCharsets.UTF_8))
                    .add("ce_source", "http://127.0.0.1/feeds/1.xml".getBytes(StandardCharsets.UTF_8))
                    .add("ce_subject", id.getBytes(StandardCharsets.UTF_8))
                    .add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8))
                    .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8))
                    .add("news_topics", "world,politics".getBytes(StandardCharsets.UTF_8));
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.incrementAndGet();
                }
            });
        }
        producer.flush();
    }

    /**
     * Rows shaped like items (UUIDs, texts, a text array, JSONB, timestamps; {@code summaryChars}
     * of summary) inserted in JDBC batches of {@code batch} with one commit per batch, into a
     * table with the item table's unique index on the canonical URL; rows per second.
     */
    static double insertRowsPerSecond(Connection connection, int rows, int batch, int summaryChars) throws Exception {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS limit_item");
            ddl.execute("""
                    CREATE TABLE limit_item (
                        id UUID PRIMARY KEY, story_id UUID NOT NULL, feed_id BIGINT NOT NULL, guid TEXT, url TEXT,
                        canonical_url TEXT, title TEXT, summary TEXT, author TEXT, language TEXT,
                        published_at TIMESTAMPTZ, first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                        categories TEXT[] NOT NULL DEFAULT '{}', topics JSONB NOT NULL DEFAULT '[]',
                        content_hash TEXT NOT NULL)""");
            ddl.execute("CREATE UNIQUE INDEX limit_item_canonical_url ON limit_item (canonical_url)");
        }
        connection.setAutoCommit(false);
        String summary = "s".repeat(summaryChars);
        String sql = "INSERT INTO limit_item (id, story_id, feed_id, guid, url, canonical_url, title, summary, author, language,"
                + " published_at, categories, topics, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,CAST(? AS JSONB),?)"
                + " ON CONFLICT DO NOTHING";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insertRows(connection, insert, 0, rows / 5, batch, summary); // warm-up
            long start = System.nanoTime();
            insertRows(connection, insert, rows / 5, rows, batch, summary);
            double rate = (rows - rows / 5) / ((System.nanoTime() - start) / 1e9);
            connection.setAutoCommit(true);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("DROP TABLE limit_item");
            }
            return rate;
        }
    }

    private static void insertRows(Connection connection, PreparedStatement insert, int from, int to, int batch, String summary) throws Exception {
        var categories = connection.createArrayOf("text", new String[] {"World", "Politics"});
        for (int i = from; i < to; i++) {
            UUID id = UUID.randomUUID();
            insert.setObject(1, id);
            insert.setObject(2, id);
            insert.setLong(3, 1 + i % 200);
            insert.setString(4, "urn:limit:" + i);
            insert.setString(5, "https://limit.example/news/" + i);
            insert.setString(6, "https://limit.example/news/" + i);
            insert.setString(7, "A title of about the usual length for story number " + i);
            insert.setString(8, summary);
            insert.setString(9, "Bench Reporter");
            insert.setString(10, "en");
            insert.setTimestamp(11, Timestamp.from(Instant.now()));
            insert.setArray(12, categories);
            insert.setString(13, "[{\"id\":\"world\",\"label\":\"World\",\"source\":\"category\",\"score\":1.0}]");
            insert.setString(14, Integer.toHexString(i).repeat(8));
            insert.addBatch();
            if ((i + 1 - from) % batch == 0 || i == to - 1) {
                insert.executeBatch();
                connection.commit();
            }
        }
    }

    /**
     * Conditional GETs answered {@code 304} by the benchmark's own feed server, from a plain
     * HTTP client with {@code concurrency} requests in flight, each echoing its document's ETag; requests per second.
     * The ceiling for the poll-capacity scenario: the server and one client on these two cores.
     */
    static double conditionalGetsPerSecond(List<Map.Entry<String, String>> urlsAndEtags, int concurrency, Duration measure) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong answered = new AtomicLong();
        long warmUpEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long start = 0;
        long end = warmUpEnd + measure.toNanos();
        int i = 0;
        while (System.nanoTime() < end) {
            if (start == 0 && System.nanoTime() >= warmUpEnd) {
                answered.set(0);
                start = System.nanoTime();
            }
            inFlight.acquire();
            Map.Entry<String, String> target = urlsAndEtags.get(i++ % urlsAndEtags.size());
            HttpRequest request = HttpRequest.newBuilder(URI.create(target.getKey()))
                    .header("If-None-Match", target.getValue()).timeout(Duration.ofSeconds(5)).GET().build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        if (error == null) {
                            answered.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        inFlight.tryAcquire(concurrency, 10, TimeUnit.SECONDS);
        return answered.get() / ((System.nanoTime() - start) / 1e9);
    }
}
