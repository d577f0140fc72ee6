package org.newsingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Writes {@code docs/benchmarks.md} from every fragment in {@code target/benchmarks/*.json}
 * (ours and those of benchmarks in other packages, same shape as {@link Fragment}): the machine,
 * the versions, a table of the targets met or missed, then one section per fragment.
 */
public final class BenchmarkReport {

    static final Path REPORT = Path.of("docs", "benchmarks.md");
    /** Our scenarios first, in the order they run; other fragments follow by name. */
    private static final List<String> ORDER = List.of("limits", "peer", "ingest", "ingest-extract", "polls", "footprint", "freshness", "scaling");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RUN = Fragment.DIR.resolve("run.properties");
    private static final String NOTES_START = "<!-- reading:start (written by hand, kept by the report writer) -->";
    private static final String NOTES_END = "<!-- reading:end -->";

    private BenchmarkReport() {}

    /**
     * Rewrites the report from the fragments and the run facts of the last run, without running anything:
     * {@code ./mvnw -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=org.newsingest.bench.BenchmarkReport -Dexec.classpathScope=test}.
     */
    public static void main(String[] args) throws IOException {
        Properties saved = new Properties();
        try (var in = Files.newInputStream(RUN)) {
            saved.load(in);
        }
        Map<String, String> run = new java.util.HashMap<>();
        saved.stringPropertyNames().forEach(key -> run.put(key, saved.getProperty(key)));
        write(run);
    }

    /** Keeps the run facts next to the fragments, so the report can be written again without a run. */
    static Map<String, String> saveRun(Map<String, String> run) throws IOException {
        Properties saved = new Properties();
        saved.putAll(run);
        saved.put("finished", Instant.now().truncatedTo(ChronoUnit.MINUTES).toString());
        saved.put("commit", commit());
        saved.put("label", System.getProperty("bench.label", ""));
        try (var out = Files.newOutputStream(RUN)) {
            saved.store(out, "facts of the last benchmark run");
        }
        Map<String, String> all = new java.util.HashMap<>();
        saved.stringPropertyNames().forEach(key -> all.put(key, saved.getProperty(key)));
        return all;
    }

    static void write(Map<String, String> run) throws IOException {
        List<JsonNode> fragments = new ArrayList<>();
        try (Stream<Path> files = Files.list(Fragment.DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                fragments.add(JSON.readTree(file.toFile()));
            }
        }
        fragments.sort(Comparator.comparingInt((JsonNode f) -> {
            int i = ORDER.indexOf(f.path("name").asText());
            return i < 0 ? ORDER.size() : i;
        }).thenComparing(f -> f.path("name").asText()));

        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("""
                One command packages the service, starts a real PostgreSQL and a real Kafka broker on loopback
                (the same embedded engines as the tests), runs every scenario against the **packaged service as a
                child process** and rewrites this file:

                ```sh
                ./mvnw verify -Pbenchmark                      # the issue's sizes
                ./mvnw verify -Pbenchmark -Dbench.quick=true   # smoke run: about a fifth of the sizes
                ```

                Every scenario has a time limit, so a run stops by itself. How long it takes depends mostly on the
                service and on the machine's day: on the baseline code (about 50 items/s) the full run needed 35-40
                minutes on this shared 2-core machine; on 2026-11-30's code about 15; on the current code, on a day
                the machine measured 2-3 times slower, 36 (the ingest scenario's three rounds, the extraction
                scenario and the 1M-item seeding of the scaling scenario most of it), and the quick run about 10.

                Options: `-Dbench.label="..."` (a heading for this run), `-Dbench.hosts=100` (loopback addresses the
                feeds are spread over), `-Dbench.serviceJvm="-Xmx256m ..."` (the service's JVM options),
                `-Dbench.jfrNote=<file>` (also write the ingest profile there), `-Dbench.only=polls,footprint` (an
                experiment: only these scenarios run, the report keeps the others from their last run),
                `-Dbench.pollsRecorder=false` (the poll scenario without its flight recorder, whose buffers are in its
                memory rows). Raw figures: `target/benchmarks/*.json`,
                the service logs and the flight recording `target/benchmarks/ingest.jfr`. To rewrite this file from the
                last run's fragments without running anything (e.g. after editing the hand-written reading below):
                `./mvnw -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=org.newsingest.bench.BenchmarkReport -Dexec.classpathScope=test`.

                The service is driven only from outside: environment, feed-list file, REST API, the Kafka topic
                (a real consumer counts what the broker acknowledged) and SQL for seeding. Each figure is divided by a
                limit measured in the same run; benchmarks elsewhere in the build add sections by writing a fragment
                to `target/benchmarks/<name>.json` (see `bench.Fragment`). When other builds share the two cores the
                absolute figures swing by several times between runs (each section records the load average), so
                compare CPU per item and ratios measured in one run.

                """);
        String label = run.getOrDefault("label", "");
        if (!label.isBlank()) {
            md.append("## ").append(label).append("\n\n");
        }
        md.append(String.format(Locale.ROOT, "Run of %s, commit `%s`, %s mode, %s.%n%n",
                run.get("finished"), run.get("commit"), run.get("mode"), run.get("duration")));
        md.append("| machine | |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| CPU | %s, %d cores |%n", cpuModel(), Runtime.getRuntime().availableProcessors()));
        md.append(String.format(Locale.ROOT, "| memory | %s |%n", memory()));
        md.append(String.format(Locale.ROOT, "| OS | %s, kernel %s |%n", os(), System.getProperty("os.version")));
        md.append(String.format(Locale.ROOT, "| JDK | %s %s (%s) |%n", System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("java.vm.vendor")));
        md.append(String.format(Locale.ROOT, "| service JVM options | `%s` |%n", run.get("serviceJvm")));
        md.append(String.format(Locale.ROOT, "| versions | Quarkus %s, Kafka %s (broker and clients), PostgreSQL %s (zonky embedded), Rome %s |%n%n",
                jarVersion("io.quarkus.quarkus-core-"), AppInfoParser.getVersion(), run.get("postgresql"), jarVersion("com.rometools.rome-")));

        md.append("## Targets (issue 9)\n\n| target | figure | value | met |\n|---|---|---:|---|\n");
        for (JsonNode fragment : fragments) {
            for (JsonNode row : fragment.path("rows")) {
                if (row.hasNonNull("target")) {
                    md.append(String.format(Locale.ROOT, "| %s | %s: %s | %s %s | %s |%n", row.path("target").asText(),
                            fragment.path("title").asText(), row.path("figure").asText(), number(row.path("value")), row.path("unit").asText(),
                            !row.hasNonNull("met") ? "–" : row.path("met").asBoolean() ? "**met**" : "**missed**"));
                }
            }
        }
        md.append("\nA missed target's section shows what bounds it: the ingest section carries the CPU profile of the service.\n\n");
        md.append(handWritten());

        for (JsonNode fragment : fragments) {
            md.append("## ").append(fragment.path("title").asText(fragment.path("name").asText())).append("\n\n");
            md.append("| figure | value | unit | limit | ratio to limit | target | met |\n|---|---:|---|---|---:|---|---|\n");
            for (JsonNode row : fragment.path("rows")) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n",
                        row.path("figure").asText(), number(row.path("value")), row.path("unit").asText(""),
                        row.hasNonNull("limit") ? row.path("limit").asText() : "",
                        row.hasNonNull("ratio") ? ratio(row.path("ratio")) : "",
                        row.hasNonNull("target") ? row.path("target").asText() : "",
                        !row.hasNonNull("met") ? "" : row.path("met").asBoolean() ? "met" : "**missed**"));
            }
            if (fragment.hasNonNull("notes")) {
                md.append('\n').append(fragment.path("notes").asText().strip()).append('\n');
            }
            md.append('\n');
        }
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, md.toString().stripTrailing() + "\n");
    }

    /**
     * The block between {@link #NOTES_START} and {@link #NOTES_END} of the current report, kept
     * across rewrites: a person's reading of the figures (what bounds a missed target), which no
     * run can write. Whoever changes the figures updates it.
     */
    private static String handWritten() throws IOException {
        String current = Files.exists(REPORT) ? Files.readString(REPORT) : "";
        int start = current.indexOf(NOTES_START);
        int end = current.indexOf(NOTES_END);
        String block = start >= 0 && end > start ? current.substring(start, end + NOTES_END.length())
                : NOTES_START + "\n" + NOTES_END;
        return block + "\n\n";
    }

    private static String number(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "–";
        }
        // Jackson writes NaN and the infinities as strings
        double v = value.isTextual() ? Double.parseDouble(value.asText()) : value.asDouble();
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return "∞";
        }
        double magnitude = Math.abs(v);
        return String.format(Locale.ROOT, magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f", v);
    }

    private static String ratio(JsonNode value) {
        double v = value.isTextual() ? Double.parseDouble(value.asText()) : value.asDouble();
        return Double.isInfinite(v) ? "∞" : Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String commit() {
        String head = git("rev-parse", "--short=12", "HEAD");
        String dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src", "pom.xml");
        return head + (dirty.isBlank() ? "" : " + uncommitted changes");
    }

    private static String git(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            git.waitFor(10, TimeUnit.SECONDS);
            return git.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    private static String memory() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replace("kB", "").trim()) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static String os() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst().orElse(System.getProperty("os.name"));
        } catch (IOException e) {
            return System.getProperty("os.name");
        }
    }

    private static java.util.Optional<String> procLine(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The version in the name of a jar the packaged service ships, e.g. io.quarkus.quarkus-core-3.33.2.jar. */
    private static String jarVersion(String prefix) {
        try (Stream<Path> jars = Files.walk(Path.of("target", "quarkus-app", "lib"))) {
            return jars.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".jar") && Character.isDigit(n.charAt(prefix.length())))
                    .map(n -> n.substring(prefix.length(), n.length() - 4))
                    .findFirst().orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }
}
