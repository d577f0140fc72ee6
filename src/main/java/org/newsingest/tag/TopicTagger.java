package org.newsingest.tag;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.newsingest.normalize.NormalizedItem;

/**
 * Tags an item with topics of the {@link Taxonomy}: from the places and subject terms in its title
 * and text, its own categories and its feed's configured tags. It is about 400 lines because the
 * scoring rules are written out in this comment, next to the code that applies them.
 *
 * <h2>What the score means</h2>
 * Each kind of evidence gives a score, and independent pieces of evidence combine as
 * {@code 1 − Π(1 − s)} (each one can only raise the score):
 * <ul>
 *   <li>text: every mention adds evidence, {@code 1.0} for the title (once per topic), {@code 0.4}
 *       in the lead (the body's first sentence, at most 250 chars: where a news story says what it
 *       is about) and {@code 0.25} after it, times the topic's weight (1.0 for places; single subject
 *       words count less); a body mention also loses up to 60 % of its weight the later it comes in a
 *       long text (full effect from 1,500 chars), so the place a story is about outweighs one named in
 *       passing at the end. Two kinds of mention count {@value #ATTRIBUTE} of one: a place named in
 *       the body as an attribute of someone or something else, a person's or company's nationality
 *       ({@code Brazilian forward}, {@code a Turkish company}) or an institution's seat
 *       ({@code museum in London}, {@code Prague-based}; the taxonomy's {@code attributes} section
 *       lists the words), and a topic's role words ({@code roles}: a teacher on trial is not yet an
 *       education story). Evidence {@code e} becomes the score {@code 1 − exp(−e)}: one title mention
 *       of a place is 0.63, one in the lead 0.33, one later in a short text 0.22 (so a place named
 *       once, after the first sentence, stays under the default minimum score), one at the end of a
 *       long article 0.1, one attribute in the lead 0.15;</li>
 *   <li>a category the taxonomy knows: {@value #CATEGORY_SCORE} (the publisher filed it so);</li>
 *   <li>a feed tag: {@value #FEED_SCORE} (the operator's word about the whole feed, not this item).</li>
 * </ul>
 * A topic also gives its ancestors its score (a story about Crimea is about Ukraine). The score is
 * an ordering of evidence, not a calibrated probability; {@code ingest.topics.min-score} decides
 * which ids go into the {@code news_topics} header, and {@code docs/topics.md} shows precision and
 * recall at the default.
 */
@Startup
@ApplicationScoped
public class TopicTagger {

    static final double CATEGORY_SCORE = 0.9;
    static final double FEED_SCORE = 0.6;
    private static final double TITLE_MENTION = 1.0;
    private static final double LEAD_MENTION = 0.4;
    private static final double BODY_MENTION = 0.25;
    /** The lead is the body's first sentence, where a news story says what it is about, and at most this many chars. */
    private static final int LEAD = 250;
    /** Letters a word before a full stop needs to end a sentence: {@code U.S.}, {@code St.}, {@code Mr.} do not. */
    private static final int MIN_SENTENCE_END_WORD = 3;
    private static final double LATE_PENALTY = 0.6;
    /** What a place named as an attribute in the body, or a topic's role word anywhere, counts relative to a mention. */
    private static final double ATTRIBUTE = 0.4;
    private static final double LONG_TEXT = 1_500;
    /** Which source names a topic when several agree: the item's own word first. */
    private static final List<String> SOURCE_RANK = List.of(Topic.FROM_CATEGORY, Topic.FROM_GEO, Topic.FROM_RULE, Topic.FROM_FEED);

    private static final Pattern COMBINING_MARKS = Pattern.compile("(?<=\\p{IsLatin})\\p{M}+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");
    private static final int MAX_SLUG = 64;

    /** What the tagger reads of an item. {@code body} is the summary or text, {@code language} its tag if known. */
    public record Text(String title, String body, List<String> categories, Optional<String> language) {

        public static Text of(NormalizedItem item) {
            return of(item.title().orElse(""), item.summary().orElse(null), item.contentText().orElse(null), item.categories(), item.language());
        }

        /** The body from a summary and a full text, without counting the summary twice when the text repeats it. */
        public static Text of(String title, String summary, String content, List<String> categories, Optional<String> language) {
            String body;
            if (content == null || content.isBlank()) {
                body = summary == null ? "" : summary;
            } else if (summary == null || summary.isBlank() || content.startsWith(summary.substring(0, Math.min(summary.length(), 80)))) {
                body = content;
            } else {
                body = summary + "\n\n" + content;
            }
            return new Text(title == null ? "" : title, body, categories, language);
        }
    }

    /**
     * The taxonomy, compiled on a thread of its own from start-up: compiling the default one takes
     * about 1.6 s of a cold JVM, and start-up goes on meanwhile on the other core (the producer,
     * the scheduler, the HTTP server). Readiness waits for it ({@link TaxonomyReadiness}); a file
     * that does not compile stops the service with the message naming the problem.
     */
    private final CompletableFuture<Taxonomy> compiled;

    @Inject
    TopicTagger(TaxonomyConfig config) {
        this.compiled = new CompletableFuture<>();
        Thread compiler = new Thread(() -> {
            try {
                compiled.complete(load(config.file()));
            } catch (RuntimeException | Error e) {
                compiled.completeExceptionally(e);
            }
        }, "taxonomy-compiler");
        compiler.setDaemon(true);
        compiler.start();
    }

    public TopicTagger(Taxonomy taxonomy) {
        this.compiled = CompletableFuture.completedFuture(taxonomy);
    }

    void onStart(@Observes StartupEvent event) {
        compiled.whenComplete((taxonomy, failure) -> {
            if (failure != null) {
                Log.errorf("the taxonomy cannot be used, stopping: %s", failure.getMessage());
                Quarkus.asyncExit(1);
            }
        });
    }

    /** Whether the taxonomy is compiled (true), failed (false), or still compiling (empty); for readiness. */
    Optional<Boolean> compiledState() {
        if (!compiled.isDone()) {
            return Optional.empty();
        }
        return Optional.of(!compiled.isCompletedExceptionally());
    }

    private static Taxonomy load(Optional<String> file) {
        Taxonomy taxonomy = file.map(path -> TaxonomyFile.of(Path.of(path))).orElseGet(TaxonomyFile::defaults);
        Log.infof("taxonomy %s: %d topics, %d rule nodes", taxonomy.origin(), taxonomy.entries().size(), taxonomy.rules().size());
        return taxonomy;
    }

    /** The compiled taxonomy; waits for the compilation in the first moments after start-up. */
    public Taxonomy taxonomy() {
        return compiled.join();
    }

    public List<Topic> tag(NormalizedItem item, List<String> feedTags) {
        return tag(Text.of(item), feedTags);
    }

    /** Every topic with any evidence, strongest first; callers filter by score where they need to. */
    public List<Topic> tag(Text text, List<String> feedTags) {
        Taxonomy taxonomy = taxonomy(); // once: the helpers below run per hit
        Map<String, Evidence> evidence = new LinkedHashMap<>();
        double[] mentions = new double[taxonomy.entries().size()];
        mentions(taxonomy, text.title(), true, mentions);
        mentions(taxonomy, text.body(), false, mentions);
        for (int topic = 0; topic < mentions.length; topic++) {
            if (mentions[topic] > 0) {
                Taxonomy.Entry entry = taxonomy.entry(topic);
                evidence.computeIfAbsent(entry.id(), id -> new Evidence())
                        .add(entry.isPlace() ? Topic.FROM_GEO : Topic.FROM_RULE, 1 - Math.exp(-mentions[topic]), null);
            }
        }
        named(taxonomy, text.categories(), Topic.FROM_CATEGORY, CATEGORY_SCORE, evidence);
        named(taxonomy, feedTags, Topic.FROM_FEED, FEED_SCORE, evidence);
        implied(taxonomy, evidence);
        inherit(taxonomy, evidence);
        String language = text.language().map(tag -> Locale.forLanguageTag(tag).getLanguage()).orElse("en");
        return evidence.entrySet().stream()
                .map(found -> topic(taxonomy, found.getKey(), found.getValue(), language))
                .sorted(Comparator.comparingDouble(Topic::score).reversed().thenComparing(Topic::id))
                .toList();
    }

    /** Adds each topic's text evidence from {@code text} to {@code mentions}. */
    private void mentions(Taxonomy taxonomy, String raw, boolean title, double[] mentions) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        String text = TextFold.composed(raw);
        List<PhraseTrie.Hit> hits = new ArrayList<>();
        List<PhraseTrie.Hit> attributes = new ArrayList<>();
        for (PhraseTrie.Hit hit : taxonomy.rules().find(text, TextFold.fold(text))) {
            (hit.rule().attribute() ? attributes : hits).add(hit);
        }
        List<PhraseTrie.Hit> kept = outermost(kept(taxonomy, hits));
        boolean[] inTitle = new boolean[mentions.length];
        double fade = LATE_PENALTY * Math.min(1, text.length() / LONG_TEXT);
        int lead = title ? 0 : leadEnd(text);
        Set<Long> counted = new HashSet<>();
        for (PhraseTrie.Hit hit : kept) {
            int topic = hit.rule().topic();
            if (!counted.add(((long) topic << 32) | hit.start())) {
                continue; // one mention, reached by several rules (the same stem in Russian and Ukrainian)
            }
            double weight = taxonomy.entry(topic).weight() * (hit.rule().kind() == PhraseTrie.Kind.ROLE ? ATTRIBUTE : 1);
            if (title) {
                if (!inTitle[topic]) {
                    inTitle[topic] = true;
                    mentions[topic] += TITLE_MENTION * weight;
                }
            } else {
                double where = hit.start() < lead ? LEAD_MENTION : BODY_MENTION;
                double role = taxonomy.entry(topic).isPlace() && isAttribute(hit, attributes, text) ? ATTRIBUTE : 1;
                mentions[topic] += where * role * weight * (1 - fade * hit.start() / text.length());
            }
        }
    }

    /**
     * Where the first sentence ends: at a {@code .}, {@code !}, {@code ?} or {@code …} followed by a
     * space and a capital, digit or quote, unless the word before is an abbreviation (a word with a
     * dot inside, or shorter than {@value #MIN_SENTENCE_END_WORD} letters); {@value #LEAD} chars at most.
     */
    static int leadEnd(String text) {
        int limit = Math.min(LEAD, text.length() - 2);
        for (int i = 1; i < limit; i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?' || c == '…') && Character.isWhitespace(text.charAt(i + 1))) {
                int next = i + 1;
                while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                    next++;
                }
                boolean opensSentence = next < text.length() && (Character.isUpperCase(text.charAt(next))
                        || Character.isDigit(text.charAt(next)) || "\"«“'".indexOf(text.charAt(next)) >= 0);
                if (opensSentence && (c != '.' || !abbreviation(text, i))) {
                    return i + 1;
                }
            }
        }
        return Math.min(LEAD, text.length());
    }

    /** Whether the word ending before the full stop at {@code dot} is an abbreviation. */
    private static boolean abbreviation(String text, int dot) {
        int start = dot;
        while (start > 0 && (Character.isLetter(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
            start--;
        }
        String word = text.substring(start, dot);
        return word.indexOf('.') >= 0 || word.length() < MIN_SENTENCE_END_WORD;
    }

    /** The hits not inside a longer hit of the same topic: {@code Великої Британії} is one mention, not two. */
    private static List<PhraseTrie.Hit> outermost(List<PhraseTrie.Hit> hits) {
        List<PhraseTrie.Hit> outermost = new ArrayList<>(hits.size());
        for (PhraseTrie.Hit hit : hits) {
            boolean inside = false;
            for (PhraseTrie.Hit other : hits) {
                if (other.rule().topic() == hit.rule().topic() && other.start() <= hit.start() && other.end() >= hit.end()
                        && other.end() - other.start() > hit.end() - hit.start()) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                outermost.add(hit);
            }
        }
        return outermost;
    }

    /** Whether an attribute context sits right after or right before {@code hit}, with only spaces or a hyphen between. */
    private static boolean isAttribute(PhraseTrie.Hit hit, List<PhraseTrie.Hit> attributes, String text) {
        for (PhraseTrie.Hit context : attributes) {
            boolean after = context.rule().kind() == PhraseTrie.Kind.ATTRIBUTE_AFTER && adjacent(text, hit.end(), context.start());
            boolean before = context.rule().kind() == PhraseTrie.Kind.ATTRIBUTE_BEFORE && adjacent(text, context.end(), hit.start());
            if (after || before) {
                return true;
            }
        }
        return false;
    }

    private static boolean adjacent(String text, int from, int to) {
        if (from >= to || to - from > 3) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && Character.getType(c) != Character.DASH_PUNCTUATION) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hits that count: not cancelled by an exclusion of their topic, and for places not inside a
     * longer place name ({@code Papua New Guinea} is not Guinea; {@code American Samoa} is not the US).
     */
    private static List<PhraseTrie.Hit> kept(Taxonomy taxonomy, List<PhraseTrie.Hit> hits) {
        List<PhraseTrie.Hit> kept = new ArrayList<>(hits.size());
        for (PhraseTrie.Hit hit : hits) {
            if (hit.rule().exclusion() || cancelled(taxonomy, hit, hits)) {
                continue;
            }
            kept.add(hit);
        }
        return kept;
    }

    private static boolean cancelled(Taxonomy taxonomy, PhraseTrie.Hit hit, List<PhraseTrie.Hit> hits) {
        boolean isPlace = taxonomy.entry(hit.rule().topic()).isPlace();
        for (PhraseTrie.Hit other : hits) {
            if (other == hit || other.start() >= hit.end() || hit.start() >= other.end()) {
                continue;
            }
            if (other.rule().exclusion() && other.rule().topic() == hit.rule().topic()) {
                return true;
            }
            if (isPlace && !other.rule().exclusion() && taxonomy.entry(other.rule().topic()).isPlace()
                    && other.rule().topic() != hit.rule().topic() && covers(other, hit)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code other} is the longer (or, on the same words, more specific) place name. */
    private static boolean covers(PhraseTrie.Hit other, PhraseTrie.Hit hit) {
        boolean contains = other.start() <= hit.start() && other.end() >= hit.end();
        int otherSpan = other.end() - other.start();
        int span = hit.end() - hit.start();
        return contains && (otherSpan > span || (otherSpan == span && other.matched() > hit.matched()));
    }

    private static void named(Taxonomy taxonomy, List<String> names, String source, double score, Map<String, Evidence> evidence) {
        for (String name : names) {
            Optional<Integer> topic = taxonomy.synonym(name);
            String id = topic.map(t -> taxonomy.entry(t).id()).or(() -> slug(name).map(slug -> "category:" + slug)).orElse(null);
            if (id != null) {
                evidence.computeIfAbsent(id, i -> new Evidence()).add(source, score, name.strip());
            }
        }
    }

    /** Topics that a set of others implies together get the weakest member's own score. */
    private static void implied(Taxonomy taxonomy, Map<String, Evidence> evidence) {
        Map<String, Double> own = new HashMap<>();
        evidence.forEach((id, found) -> own.put(id, found.own()));
        for (Taxonomy.Entry entry : taxonomy.entries()) {
            for (List<String> members : entry.impliedBy()) {
                double score = members.stream().mapToDouble(member -> own.getOrDefault(member, 0.0)).min().orElse(0);
                if (score > 0) {
                    evidence.computeIfAbsent(entry.id(), id -> new Evidence()).add(Topic.FROM_RULE, score, null);
                }
            }
        }
    }

    /** Every topic passes its score to its ancestors, which keep the stronger of their own and the inherited one. */
    private static void inherit(Taxonomy taxonomy, Map<String, Evidence> evidence) {
        for (Map.Entry<String, Evidence> found : new ArrayList<>(evidence.entrySet())) {
            Optional<String> parent = taxonomy.find(found.getKey()).flatMap(Taxonomy.Entry::parent);
            while (parent.isPresent()) {
                Evidence own = evidence.computeIfAbsent(parent.get(), id -> new Evidence());
                own.inherit(found.getValue());
                parent = taxonomy.find(parent.get()).flatMap(Taxonomy.Entry::parent);
            }
        }
    }

    private static Topic topic(Taxonomy taxonomy, String id, Evidence evidence, String language) {
        double score = Math.round(evidence.score() * 1000) / 1000.0;
        return taxonomy.find(id)
                .map(entry -> new Topic(id, entry.label(language), entry.label("en"), evidence.source(), score))
                .orElseGet(() -> new Topic(id, evidence.label, evidence.source(), score));
    }

    /** The evidence for one topic: combined score and the source that contributed most. */
    private static final class Evidence {
        private final Map<String, Double> bySource = new HashMap<>();
        private double inherited;
        private String inheritedSource;
        private String label;

        void add(String source, double score, String label) {
            bySource.merge(source, score, (a, b) -> 1 - (1 - a) * (1 - b));
            if (this.label == null) {
                this.label = label;
            }
        }

        void inherit(Evidence child) {
            double score = child.score();
            if (score > inherited) {
                inherited = score;
                inheritedSource = child.source();
            }
        }

        double own() {
            double missing = 1;
            for (double score : bySource.values()) {
                missing *= 1 - score;
            }
            return 1 - missing;
        }

        double score() {
            return Math.max(own(), inherited);
        }

        String source() {
            if (inherited > own()) {
                return inheritedSource;
            }
            return bySource.entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
                            .thenComparing(e -> -SOURCE_RANK.indexOf(e.getKey())))
                    .map(Map.Entry::getKey)
                    .orElseThrow();
        }
    }

    /**
     * Lower-case words joined by hyphens. Letters of every script are kept (a Cyrillic category
     * stays Cyrillic); accents on Latin letters are dropped so "Économie" and "economie" meet. Commas never
     * survive, so slugs can be joined with commas in the {@code news_topics} header.
     */
    public static Optional<String> slug(String label) {
        String decomposed = Normalizer.normalize(label, Normalizer.Form.NFKD);
        String plain = COMBINING_MARKS.matcher(decomposed).replaceAll("");
        String slug = NOT_SLUG.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = slug.replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? Optional.empty() : Optional.of(Normalizer.normalize(slug, Normalizer.Form.NFC));
    }
}
