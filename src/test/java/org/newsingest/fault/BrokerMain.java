package org.newsingest.fault;

import java.nio.file.Path;
import org.newsingest.testing.EmbeddedKafka;

/**
 * A Kafka broker as its own process, for the fault tests: {@code BrokerMain <dataDir> <port>
 * <controllerPort>}. Restarted on the same directory and ports it keeps its topics and log.
 */
public final class BrokerMain {

    public static final String READY = "BROKER READY";

    private BrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println(READY + " " + kafka.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
