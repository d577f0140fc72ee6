package org.newsingest.bench.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The peer that issue 18 measures the service against: a plain Apache Camel route, as a team
 * would write it without this service. Each feed is polled by camel-rss, split into entries,
 * deduplicated by guid in a JDBC idempotent repository on PostgreSQL, and each new entry is sent
 * to Kafka as a small JSON record. Built only by {@code -Pbenchmark}, never shipped.
 *
 * <p>{@code CamelPeer <jdbc-url> <user> <password> <bootstrap> <topic> <feed-url-file>}; prints
 * {@link #READY} once every route has started, and runs until it is killed.
 */
public final class CamelPeer {

    public static final String READY = "camel peer: routes started";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CamelPeer() {}

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(args[0]);
        database.setUser(args[1]);
        database.setPassword(args[2]);
        String kafka = "kafka:" + args[4] + "?brokers=" + args[3] + "&requestRequiredAcks=all&enableIdempotence=true";
        List<String> feeds = Files.readAllLines(Path.of(args[5])).stream().filter(line -> !line.isBlank()).toList();
        // The repository's own "create if missing" probes inside a transaction, which PostgreSQL
        // aborts at the probe's error; its documented table is made here instead.
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255), "
                    + "messageId VARCHAR(100), createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))");
        }
        JdbcMessageIdRepository seen = new JdbcMessageIdRepository(database, "camel-peer");
        seen.setCreateTableIfNotExists(false);

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (String feed : feeds) {
                        // filter=false: which entries are new is the idempotent repository's job, as in the service;
                        // throttleEntries=false: every entry of a poll at once, not one per delay.
                        from("rss:" + feed + "?splitEntries=true&throttleEntries=false&sortEntries=false&filter=false&initialDelay=0&delay=5000")
                                .process(exchange -> {
                                    SyndEntry entry = exchange.getIn().getBody(SyndFeed.class).getEntries().get(0);
                                    exchange.getIn().setHeader("guid", entry.getUri());
                                })
                                .idempotentConsumer(header("guid"), seen)
                                .process(exchange -> {
                                    SyndEntry entry = exchange.getIn().getBody(SyndFeed.class).getEntries().get(0);
                                    Map<String, Object> event = new LinkedHashMap<>();
                                    event.put("guid", entry.getUri());
                                    event.put("url", entry.getLink());
                                    event.put("title", entry.getTitle());
                                    event.put("summary", entry.getDescription() == null ? null : entry.getDescription().getValue());
                                    event.put("published", entry.getPublishedDate() == null ? null : entry.getPublishedDate().toInstant().toString());
                                    event.put("feedUrl", feed);
                                    exchange.getIn().setBody(JSON.writeValueAsBytes(event));
                                    exchange.getIn().setHeader(KafkaConstants.KEY, entry.getUri());
                                    // The benchmark's consumer counts distinct ce_id of news.item.created, as for the service.
                                    exchange.getIn().setHeader("ce_id", entry.getUri());
                                    exchange.getIn().setHeader("ce_type", "news.item.created");
                                })
                                .to(kafka);
                    }
                }
            });
            camel.start();
            System.out.println(READY);
            new CountDownLatch(1).await(); // until SIGTERM; Camel's own hook stops the routes
        }
    }
}
