package org.newsingest.parse;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Proves on the running JVM, once at start-up, that documents with a DTD the parser would have to
 * process are refused: an XXE document, an entity-expansion document and an external DTD with an
 * internal subset go through the real {@link FeedParser}, and the XML builder behind it is probed
 * directly too (so a change of XML parser implementation on the classpath cannot silently
 * re-enable DTDs). If any of them is accepted the service reports not ready: it must not read
 * hostile feeds. An RSS 0.91 document that only names Netscape's public DTD (at an address where
 * nothing answers) must be read, with the DTD skipped: safe is not the same as refusing.
 */
@Readiness
@ApplicationScoped
public class DoctypeSelfTest implements HealthCheck {

    static final String NAME = "feed-parser-refuses-doctype";

    private static final String[] PROBES = {
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&xxe;</title><item><title>x</title></item></channel></rss>",
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><rss version=\"2.0\"><channel><title>&c;</title><item><title>x</title></item></channel></rss>",
        "<!DOCTYPE rss SYSTEM \"http://127.0.0.1:9/rss-0.91.dtd\" [<!ENTITY e \"expanded\">]><rss version=\"0.91\"><channel><title>&e;</title><item><title>x</title></item></channel></rss>",
    };

    private static final String EXTERNAL_DTD_ONLY =
        "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://127.0.0.1:9/rss-0.91.dtd\"><rss version=\"0.91\"><channel><title>t</title><item><title>x</title></item></channel></rss>";

    private final FeedParser parser;
    private volatile HealthCheckResponse result;
    private volatile boolean probing;

    public DoctypeSelfTest(FeedParser parser) {
        this.parser = parser;
    }

    /** Probes on a thread of its own, beside the rest of start-up; not ready until it is done. */
    void onStart(@Observes StartupEvent event) {
        probing = true;
        Thread probe = new Thread(() -> result = run(), "doctype-self-test");
        probe.setDaemon(true);
        probe.start();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse r = result;
        if (r == null && probing) {
            return HealthCheckResponse.named(NAME).down().withData("state", "probing").build();
        }
        if (r == null) {
            r = run();
            result = r;
        }
        return r;
    }

    HealthCheckResponse run() {
        int accepted = 0;
        for (String probe : PROBES) {
            if (parser.parse(probe.getBytes(StandardCharsets.UTF_8), Optional.empty()) instanceof ParseResult.Parsed) {
                accepted++;
            }
        }
        boolean builderRefuses = parser.xmlBuilderRefusesDoctype();
        boolean externalDtdSkipped = parser.parse(EXTERNAL_DTD_ONLY.getBytes(StandardCharsets.UTF_8), Optional.empty())
                instanceof ParseResult.Parsed parsed && parsed.feed().title().filter("t"::equals).isPresent();
        return HealthCheckResponse.named(NAME)
                .status(accepted == 0 && builderRefuses && externalDtdSkipped)
                .withData("probes", PROBES.length)
                .withData("accepted", accepted)
                .withData("xmlBuilderRefusesDoctype", builderRefuses)
                .withData("externalDtdSkipped", externalDtdSkipped)
                .build();
    }
}
