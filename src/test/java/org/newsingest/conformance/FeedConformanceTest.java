package org.newsingest.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.normalize.ItemNormalizer;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.parse.FeedContext;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.parse.ParsedItem;

/**
 * Parses every document of the feed-parsing conformance corpus ({@code ../shared/conformance}, or
 * {@code -Dconformance.dir=...}) and compares the result with the reference extraction, field by
 * field, following the corpus README: entries matched by position; URLs, text and languages
 * normalised on both sides; dates compared as instants at one-second precision; a reference date
 * it could not read is not scored; summary length is a soft check; {@code format}, {@code encoding},
 * {@code content_lengths}, {@code media_content_urls} are informational.
 *
 * <p>Writes the score table and every remaining disagreement to {@code docs/conformance.md}
 * (between generated-section markers; text outside them is kept) and enforces the thresholds.
 * Nothing here names a corpus file: the only per-file rules come from the corpus itself (the
 * README's list of charset-guessing documents, and the {@code expect} line where the README says
 * to follow it).
 */
@Tag("conformance")
class FeedConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = Long.getLong("conformance.timeoutSeconds", 20);
    private static final String START = "<!-- conformance:generated:start -->";
    private static final String END = "<!-- conformance:generated:end -->";

    static final List<String> FIELDS = List.of(
            "entry_count", "id", "link", "title", "published", "updated", "categories", "author", "summary",
            "enclosures", "feed.title", "feed.link", "feed.language", "feed.updated", "summary_length~");

    private final FeedParser parser = new FeedParser();
    private final ItemNormalizer normalizer = new ItemNormalizer();

    /** Per group, per field: [agree, scored]. */
    private final Map<String, Map<String, int[]>> scores = new TreeMap<>();
    /** field -> list of disagreement lines. */
    private final Map<String, List<String>> disagreements = new TreeMap<>();
    private final List<String> crashes = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final List<String> betterThanReference = new ArrayList<>();
    private int files;
    private int parsedFiles;

    @Test
    void corpus() throws Exception {
        Path dir = Path.of(System.getProperty("conformance.dir", Path.of("..", "shared", "conformance").toString()));
        assertThat(dir.resolve("MANIFEST.tsv")).as("conformance corpus at %s", dir.toAbsolutePath()).exists();
        Set<String> charsetGuessed = charsetGuessedFiles(Files.readString(dir.resolve("README.md")));
        List<String> manifest = Files.readAllLines(dir.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
        String[] header = manifest.get(0).split("\t");
        assertThat(header[0]).isEqualTo("path");

        ExecutorService executor = Executors.newSingleThreadExecutor(daemon());
        long started = System.nanoTime();
        try {
            for (String row : manifest.subList(1, manifest.size())) {
                if (row.isBlank()) {
                    continue;
                }
                String path = row.split("\t")[0];
                String group = path.split("/")[1];
                String name = path.substring("feeds/".length());
                JsonNode reference = JSON.readTree(dir.resolve("reference").resolve(name + ".json").toFile());
                byte[] body = Files.readAllBytes(dir.resolve(path));
                FeedContext context = context(reference.path("input").path("http"));
                files++;
                Future<Outcome> future = executor.submit(() -> run(body, context));
                Outcome outcome;
                try {
                    outcome = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    future.cancel(true);
                    executor.shutdownNow();
                    executor = Executors.newSingleThreadExecutor(daemon());
                    crashes.add(name + ": no result within " + TIMEOUT_SECONDS + " s");
                    score(group, "entry_count", false, name, "hang", "");
                    continue;
                } catch (java.util.concurrent.ExecutionException e) {
                    crashes.add(name + ": " + e.getCause());
                    score(group, "entry_count", false, name, "crash", String.valueOf(e.getCause()));
                    continue;
                }
                compare(group, name, reference, outcome, charsetGuessed.contains(name));
            }
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String report = report(seconds);
        writeDoc(report);
        System.out.println(report);

        int[] total = total("entry_count");
        assertThat(crashes).as("crashes, hangs and uncaught exceptions").isEmpty();
        assertThat(ratio(total("entry_count"))).as("entry counts agree (share of feeds)").isGreaterThanOrEqualTo(0.98);
        for (String field : List.of("id", "link", "title", "published")) {
            assertThat(ratio(total(field))).as("%s agrees (share of entries)", field).isGreaterThanOrEqualTo(0.96);
        }
        assertThat(ratio(total("categories"))).as("categories agree (share of entries)").isGreaterThanOrEqualTo(0.92);
        assertThat(total[1]).isEqualTo(files);
    }

    // ------------------------------------------------------------------ running

    record Outcome(ParseResult result, List<NormalizedItem> normalized) {}

    private Outcome run(byte[] body, FeedContext context) {
        ParseResult result = parser.parse(body, context);
        List<NormalizedItem> normalized = List.of();
        if (result instanceof ParseResult.Parsed parsed) {
            URI feedUrl = context.documentUrl().orElse(URI.create("http://feed.invalid/"));
            normalized = parsed.feed().items().stream().map(item -> normalizer.normalize(item, parsed.feed(), feedUrl)).toList();
        }
        return new Outcome(result, normalized);
    }

    private static FeedContext context(JsonNode http) {
        if (http.isMissingNode() || http.isNull()) {
            return FeedContext.NONE;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = http.path("headers").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> header = fields.next();
            headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
        }
        return new FeedContext(
                Optional.ofNullable(headers.get("content-type")),
                Optional.of(URI.create(http.path("url").asText())),
                Optional.ofNullable(headers.get("content-location")),
                Optional.ofNullable(headers.get("content-language")));
    }

    // ------------------------------------------------------------------ comparing

    private void compare(String group, String name, JsonNode reference, Outcome outcome, boolean textInformational) {
        JsonNode result = reference.path("result");
        int expectedCount = result.path("entry_count").asInt();
        if (outcome.result() instanceof ParseResult.Failed failed) {
            refused.add(name + ": " + failed.error().code() + ": " + failed.detail());
            score(group, "entry_count", expectedCount == 0 && false, name, String.valueOf(expectedCount), "refused: " + failed.detail());
            for (JsonNode ignored : result.path("entries")) {
                for (String field : List.of("id", "link", "title", "published", "categories")) {
                    score(group, field, false, name, "(entry)", "refused");
                }
            }
            return;
        }
        parsedFiles++;
        ParsedFeed feed = ((ParseResult.Parsed) outcome.result()).feed();
        List<ParsedItem> items = feed.items();
        score(group, "entry_count", items.size() == expectedCount, name, String.valueOf(expectedCount), String.valueOf(items.size()));

        JsonNode refFeed = result.path("feed");
        if (!textInformational) {
            compareText(group, name, "feed.title", str(refFeed, "title"), feed.title().map(FeedConformanceTest::htmlToText), false);
        }
        compareLink(group, name, "feed.link", str(refFeed, "link"), refFeed.path("link_from_id").asBoolean(), feed.link());
        Optional<String> refLanguage = str(refFeed, "language");
        score(group, "feed.language", lang(refLanguage).equals(lang(feed.language())), name, refLanguage.orElse("null"), feed.language().orElse("null"));
        compareDate(group, name, "feed.updated", refFeed, "updated", feed.updated());

        JsonNode entries = result.path("entries");
        Map<Integer, String> expectedLinks = expectedLinksFromUpstream(reference.path("upstream_test"));
        for (int i = 0; i < entries.size(); i++) {
            JsonNode ref = entries.get(i);
            String where = name + "#" + i;
            if (i >= items.size()) {
                for (String field : List.of("id", "link", "title", "published", "categories")) {
                    score(group, field, false, where, "(entry)", "missing");
                }
                continue;
            }
            ParsedItem item = items.get(i);
            NormalizedItem normalized = outcome.normalized().get(i);

            Optional<String> refId = str(ref, "id").map(String::strip).filter(s -> !s.isEmpty());
            Optional<String> id = item.guid().map(String::strip);
            score(group, "id", refId.equals(id), where, refId.orElse("null"), id.orElse("null"));

            Optional<String> refLink = str(ref, "link");
            boolean linkFromId = ref.path("link_from_id").asBoolean();
            if (expectedLinks.containsKey(i)) {
                refLink = Optional.of(expectedLinks.get(i));
                linkFromId = false;
            }
            compareLink(group, where, "link", refLink, linkFromId, item.link());

            if (!textInformational) {
                compareText(group, where, "title", str(ref, "title"), normalized.title(), false);
                compareText(group, where, "author", str(ref, "author"), normalized.author(), true);
                Optional<Integer> refSummary = ref.path("summary_length").isNull() ? Optional.empty() : Optional.of(ref.path("summary_length").asInt());
                Optional<String> summary = item.summaryHtml().filter(s -> !s.isBlank());
                boolean presentRef = refSummary.isPresent() && refSummary.get() > 0;
                score(group, "summary", presentRef == summary.isPresent(), where, refSummary.map(String::valueOf).orElse("null"),
                        summary.map(s -> "present (" + s.codePointCount(0, s.length()) + ")").orElse("null"));
                if (presentRef && summary.isPresent()) {
                    int ours = summary.get().codePointCount(0, summary.get().length());
                    int theirs = refSummary.get();
                    score(group, "summary_length~", Math.abs(ours - theirs) <= Math.max(16, theirs * 0.15), where, String.valueOf(theirs), String.valueOf(ours));
                }
            }
            compareDate(group, where, "published", ref, "published", item.issued());
            compareDate(group, where, "updated", ref, "updated", item.updated());

            Set<String> refCategories = new HashSet<>();
            ref.path("categories").forEach(c -> refCategories.add(c.asText().strip()));
            refCategories.remove("");
            Set<String> categories = item.categories().stream().map(String::strip).collect(Collectors.toSet());
            score(group, "categories", refCategories.equals(categories), where, refCategories.toString(), categories.toString());

            Set<String> refEnclosures = new HashSet<>();
            ref.path("enclosures").forEach(e -> refEnclosures.add(url(e.asText())));
            Set<String> enclosures = item.enclosures().stream().filter(e -> e.source() == ParsedItem.Source.ENCLOSURE)
                    .map(e -> url(e.url())).collect(Collectors.toSet());
            score(group, "enclosures", refEnclosures.equals(enclosures), where, refEnclosures.toString(), enclosures.toString());
        }
    }

    private void compareText(String group, String where, String field, Optional<String> ref, Optional<String> ours, boolean author) {
        Optional<String> r = ref.map(FeedConformanceTest::text).filter(s -> !s.isEmpty());
        Optional<String> o = ours.map(FeedConformanceTest::text).filter(s -> !s.isEmpty());
        boolean agree = r.equals(o);
        if (!agree && author && r.isPresent() && o.isPresent()) {
            Matcher m = Pattern.compile("^(.*?)\\s*\\((.*)\\)$").matcher(r.get());
            if (m.matches()) {
                agree = o.get().equals(m.group(1).strip()) || o.get().equals(m.group(2).strip());
            }
        }
        score(group, field, agree, where, r.orElse("null"), o.orElse("null"));
    }

    private void compareLink(String group, String where, String field, Optional<String> ref, boolean fromId, Optional<String> ours) {
        Optional<String> r = ref.map(FeedConformanceTest::url).filter(s -> !s.isEmpty());
        Optional<String> o = ours.map(FeedConformanceTest::url).filter(s -> !s.isEmpty());
        boolean agree = r.equals(o) || (fromId && o.isEmpty());
        score(group, field, agree, where, r.orElse("null") + (fromId ? " (from id)" : ""), o.orElse("null"));
    }

    private void compareDate(String group, String where, String field, JsonNode ref, String key, Optional<Instant> ours) {
        Optional<String> value = str(ref, key);
        Optional<String> raw = str(ref, key + "_raw");
        if (value.isEmpty() && raw.isPresent()) {
            ours.ifPresent(o -> betterThanReference.add(where + " " + field + ": reference could not read '" + raw.get() + "', we read " + o));
            return;
        }
        Optional<Instant> r = value.map(Instant::parse);
        Optional<Instant> o = ours.map(i -> i.truncatedTo(ChronoUnit.SECONDS));
        score(group, field, r.equals(o), where, r.map(Instant::toString).orElse("null") + raw.map(s -> " ('" + s + "')").orElse(""),
                o.map(Instant::toString).orElse("null"));
    }

    private void score(String group, String field, boolean agree, String where, String expected, String actual) {
        int[] counts = scores.computeIfAbsent(group, g -> new LinkedHashMap<>()).computeIfAbsent(field, f -> new int[2]);
        counts[1]++;
        if (agree) {
            counts[0]++;
        } else {
            disagreements.computeIfAbsent(field, f -> new ArrayList<>())
                    .add(where + " — reference: `" + clip(expected) + "`, ours: `" + clip(actual) + "`");
        }
    }

    // ------------------------------------------------------------------ normalisation (README)

    static String text(String s) {
        String stripped = Jsoup.parseBodyFragment(s).text();
        stripped = Normalizer.normalize(stripped, Normalizer.Form.NFC);
        return stripped.replaceAll("[\\s\\u00A0\\u2000-\\u200A\\u2028\\u2029\\u3000]+", " ").strip();
    }

    private static String htmlToText(String html) {
        return Jsoup.parseBodyFragment(html).wholeText();
    }

    static String plain(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC).replaceAll("[\\s\\u00A0\\u2000-\\u200A\\u2028\\u2029\\u3000]+", " ").strip();
    }

    static String url(String s) {
        String u = s.strip();
        Matcher m = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$").matcher(u);
        if (m.matches()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            String host = m.group(2).toLowerCase(Locale.ROOT);
            if (scheme.equals("http") && host.endsWith(":80")) {
                host = host.substring(0, host.length() - 3);
            } else if (scheme.equals("https") && host.endsWith(":443")) {
                host = host.substring(0, host.length() - 4);
            }
            String rest = m.group(3);
            if (rest.isEmpty() || rest.startsWith("?") || rest.startsWith("#")) {
                rest = "/" + rest;
            }
            u = scheme + "://" + host + rest;
        }
        Matcher pct = Pattern.compile("%[0-9a-fA-F]{2}").matcher(u);
        return pct.replaceAll(r -> r.group().toUpperCase(Locale.ROOT));
    }

    private static String lang(Optional<String> l) {
        return l.map(s -> s.strip().toLowerCase(Locale.ROOT).replace('_', '-')).filter(s -> !s.isEmpty()).orElse("");
    }

    private static Optional<String> str(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isMissingNode() || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    /** The README's list of documents whose text the reference decoded with a charset guesser. */
    static Set<String> charsetGuessedFiles(String readme) {
        Set<String> out = new HashSet<>();
        int at = readme.indexOf("informational too");
        if (at < 0) {
            return out;
        }
        String folder = null;
        for (String line : readme.substring(at).split("\n", -1)) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher m = Pattern.compile("`([^`]+\\.xml)`").matcher(line);
            while (m.find()) {
                String file = m.group(1);
                if (file.contains("/")) {
                    folder = file.substring(0, file.indexOf('/'));
                    out.add(file);
                } else if (folder != null) {
                    out.add(folder + "/" + file);
                }
            }
        }
        return out;
    }

    /** Where the reference's own expectation fails (expect_holds false), the README says to follow the expect line for links. */
    private static Map<Integer, String> expectedLinksFromUpstream(JsonNode upstream) {
        Map<Integer, String> out = new java.util.HashMap<>();
        if (upstream.path("expect_holds").asBoolean(true)) {
            return out;
        }
        Matcher m = Pattern.compile("((?:entries\\[\\d+\\]\\['link'\\]\\s*==\\s*)+)'([^']*)'").matcher(upstream.path("expect").asText());
        while (m.find()) {
            Matcher index = Pattern.compile("entries\\[(\\d+)\\]").matcher(m.group(1));
            while (index.find()) {
                out.put(Integer.parseInt(index.group(1)), m.group(2));
            }
        }
        return out;
    }

    private static String clip(String s) {
        String one = s.replace('\n', ' ').replace("`", "'");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }

    // ------------------------------------------------------------------ report

    private int[] total(String field) {
        int[] t = new int[2];
        for (Map<String, int[]> g : scores.values()) {
            int[] c = g.get(field);
            if (c != null) {
                t[0] += c[0];
                t[1] += c[1];
            }
        }
        return t;
    }

    private static double ratio(int[] c) {
        return c[1] == 0 ? 1.0 : (double) c[0] / c[1];
    }

    private static String cell(int[] c) {
        if (c == null || c[1] == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * c[0] / c[1], c[0], c[1]);
    }

    private String report(double seconds) {
        StringBuilder md = new StringBuilder();
        md.append(START).append("\n\n");
        md.append(String.format(Locale.ROOT, "Corpus: %d documents; parsed %d, refused %d, crashes/hangs %d; %.1f s.%n%n",
                files, parsedFiles, refused.size(), crashes.size(), seconds));
        md.append("`entry_count` is per feed; every other column is per reference entry (or per feed for `feed.*`). ")
                .append("`summary_length~` is the README's soft check (informational). A dash: nothing to score.\n\n");
        md.append("| group | ").append(String.join(" | ", FIELDS)).append(" |\n");
        md.append("|---|").append("---|".repeat(FIELDS.size())).append("\n");
        for (Map.Entry<String, Map<String, int[]>> g : scores.entrySet()) {
            md.append("| ").append(g.getKey()).append(" |");
            for (String f : FIELDS) {
                md.append(' ').append(cell(g.getValue().get(f))).append(" |");
            }
            md.append('\n');
        }
        md.append("| **all** |");
        for (String f : FIELDS) {
            md.append(" **").append(cell(total(f))).append("** |");
        }
        md.append("\n\nThresholds: entry_count ≥ 98 %, id/link/title/published ≥ 96 %, categories ≥ 92 %, 0 crashes.\n\n");
        md.append("### Crashes and hangs\n\n");
        md.append(crashes.isEmpty() ? "None.\n" : crashes.stream().map(c -> "- " + c).collect(Collectors.joining("\n")) + "\n");
        md.append("\n### Documents refused\n\n");
        md.append(refused.isEmpty() ? "None.\n" : refused.stream().map(c -> "- " + clip(c)).collect(Collectors.joining("\n")) + "\n");
        md.append("\n### Remaining disagreements, by field\n\n");
        for (String f : FIELDS) {
            List<String> list = disagreements.getOrDefault(f, List.of());
            if (list.isEmpty()) {
                continue;
            }
            md.append("<details><summary>").append(f).append(": ").append(list.size()).append("</summary>\n\n");
            list.forEach(l -> md.append("- ").append(l).append('\n'));
            md.append("\n</details>\n\n");
        }
        md.append("### Dates the reference could not read and we did (not scored)\n\n");
        md.append(betterThanReference.isEmpty() ? "None.\n" : betterThanReference.stream().map(c -> "- " + clip(c)).collect(Collectors.joining("\n")) + "\n");
        md.append('\n').append(END).append('\n');
        return md.toString();
    }

    private static void writeDoc(String generated) throws IOException {
        Path doc = Path.of(System.getProperty("conformance.report", "docs/conformance.md"));
        Files.createDirectories(doc.toAbsolutePath().getParent());
        String existing = Files.exists(doc) ? Files.readString(doc) : "# Feed-parsing conformance\n\n" + START + "\n" + END + "\n";
        int s = existing.indexOf(START);
        int e = existing.indexOf(END);
        String updated = s >= 0 && e > s
                ? existing.substring(0, s) + generated.strip() + existing.substring(e + END.length())
                : existing + "\n" + generated;
        Files.writeString(doc, updated);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "conformance-parse");
            t.setDaemon(true);
            return t;
        };
    }
}
