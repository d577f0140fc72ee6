package org.newsingest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.tag.TaxonomyFile;
import org.newsingest.tag.Topic;
import org.newsingest.tag.TopicTagger;

/**
 * What tagging one 5 KB article costs with the full default taxonomy (every country, IPTC subjects,
 * RFE/RL beats): median and 99th percentile over 20,000 articles after warm-up, in English, Russian
 * and Ukrainian. Writes {@code target/benchmarks/tagging.json}. Never fails on timing.
 */
@Tag("benchmark")
class TaggingBenchmark {

    private static final int ARTICLE_BYTES = 5 * 1024;
    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 20_000;

    private static final List<String> PARAGRAPHS = List.of(
            "Ukrainian President Volodymyr Zelenskyy held talks in Berlin with U.S. envoys on a framework to end Russia's war, "
                    + "as European leaders pressed for security guarantees and the use of frozen Russian assets. ",
            "The central bank kept its key rate unchanged as inflation slowed, while energy companies reported damage to power plants "
                    + "after overnight drone attacks on the grid in the Odesa and Kharkiv regions. ",
            "Российские войска нанесли удар по Харькову, повреждены объекты энергетической инфраструктуры, сообщили в администрации. "
                    + "В Москве суд приговорил журналиста к шести годам колонии. ",
            "Парламент Грузії ухвалив закон про іноземних агентів, опозиція та правозахисники закликали до протестів у Тбілісі. "
                    + "Уряд України підвищив мінімальну зарплату з 1 січня. ",
            "Voters in Moldova go to the polls on Sunday in parliamentary elections seen as a choice between the European Union and Moscow, "
                    + "with observers warning of vote buying in Transnistria and Gagauzia. ");

    @Test
    void taggingAFiveKilobyteArticle() throws IOException {
        long loadStart = System.nanoTime();
        TopicTagger tagger = new TopicTagger(TaxonomyFile.defaults());
        double loadMs = (System.nanoTime() - loadStart) / 1e6;
        List<String> articles = articles();
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += tag(tagger, articles.get(i % articles.size())).size();
        }
        double[] millis = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            String article = articles.get(i % articles.size());
            long start = System.nanoTime();
            sink += tag(tagger, article).size();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        double median = round(millis[MEASURED / 2]);
        double p99 = round(millis[(int) (MEASURED * 0.99)]);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("name", "tagging");
        report.put("title", "Topic tagging");
        report.put("rows", List.of(
                row("median per 5 KB article", median, "ms", "< 0.2 ms", median < 0.2),
                row("99th percentile per 5 KB article", p99, "ms", null, null),
                row("taxonomy load and compile (once, at start)", round(loadMs), "ms", null, null)));
        report.put("notes", String.format("%d topics; %d articles measured after %d warm-up, each about %d bytes of mixed en/ru/uk news text "
                        + "with title; JDK %s, %d cores; topics found per article: %d",
                tagger.taxonomy().entries().size(), MEASURED, WARM_UP, ARTICLE_BYTES, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), sink / (WARM_UP + MEASURED)));
        Path out = Path.of("target", "benchmarks", "tagging.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        System.out.println(Files.readString(out));
    }

    private static List<Topic> tag(TopicTagger tagger, String article) {
        int title = article.indexOf('\n');
        return tagger.tag(new TopicTagger.Text(article.substring(0, title), article.substring(title + 1), List.of(), Optional.empty()), List.of());
    }

    /** Articles of about 5 KB, each a different rotation of the paragraphs. */
    private static List<String> articles() {
        List<String> articles = new ArrayList<>();
        for (int offset = 0; offset < PARAGRAPHS.size(); offset++) {
            StringBuilder text = new StringBuilder("Talks in Berlin as strikes hit Ukraine's grid\n");
            for (int i = offset; text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < ARTICLE_BYTES; i++) {
                text.append(PARAGRAPHS.get(i % PARAGRAPHS.size()));
            }
            articles.add(text.toString());
        }
        return articles;
    }

    private static Map<String, Object> row(String figure, double value, String unit, String target, Boolean met) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("figure", figure);
        row.put("value", value);
        row.put("unit", unit);
        row.put("limit", null);
        row.put("ratio", null);
        row.put("target", target);
        row.put("met", met);
        return row;
    }

    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }
}
