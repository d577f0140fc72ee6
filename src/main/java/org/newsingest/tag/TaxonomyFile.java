package org.newsingest.tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a taxonomy YAML file (format in {@code docs/topics.md}) and compiles it.
 *
 * <p>Countries are not listed in the file: every ISO 3166 code the JDK knows becomes a {@code geo:XX}
 * topic whose labels and name rules come from the JDK's locale data ({@link Locale#getDisplayCountry})
 * at load time. Generated at load rather than at build time because the names then always match the
 * running JDK, there is no generated file to keep in step with the YAML, and it costs a few
 * milliseconds once. The file adds what the JDK lacks: short forms, demonyms, capitals, exclusions
 * and parents ({@code countries:} section).
 *
 * <p>Rule syntax, per language: a phrase of one or more words matched on whole words after
 * {@link TextFold folding}; {@code *} at the end lets the last word continue (a stem:
 * {@code украин*}); {@code (a|b|)} expands to alternatives ({@code Крым(|а|у|е)}); a leading
 * {@code ^} requires a capital first letter, a leading {@code =} requires the letters exactly as
 * written ({@code =US}). Exclusions use the same syntax and cancel the topic's hits they overlap.
 */
public final class TaxonomyFile {

    /** Languages whose country names inflect, so the generated rules become stems. */
    private static final Set<String> INFLECTING = Set.of("ru", "uk", "be");
    private static final String VOWELS = "аяеиоуыіїюьэє";
    private static final int MIN_STEM = 4;

    private final String origin;
    private final List<Taxonomy.Entry> entries = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> synonyms = new HashMap<>();
    private final List<RuleSource> rules = new ArrayList<>();

    private record RuleSource(int topic, String language, String rule, PhraseTrie.Kind kind, PhraseTrie.Casing defaultCasing) {}

    private TaxonomyFile(String origin) {
        this.origin = origin;
    }

    /** The taxonomy shipped with the service. */
    public static Taxonomy defaults() {
        String resource = "taxonomy/default.yaml";
        try (InputStream in = TaxonomyFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the default taxonomy " + resource + " is missing from the build");
            }
            return read(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default taxonomy", e);
        }
    }

    /** The taxonomy in {@code file}; fails with a message naming the file and the problem. */
    public static Taxonomy of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("taxonomy file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static Taxonomy read(InputStream in, String origin) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("taxonomy " + origin + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("taxonomy " + origin + " must be a YAML mapping with 'topics' (and optionally 'countries')");
        }
        return new TaxonomyFile(origin).compile(root);
    }

    private Taxonomy compile(JsonNode root) {
        JsonNode topics = root.path("topics");
        if (!topics.isArray() || topics.isEmpty()) {
            throw problem("'topics' must be a non-empty list");
        }
        for (JsonNode topic : topics) {
            topic(topic);
        }
        if (root.has("countries")) {
            countries(root.get("countries"));
        }
        attributes(root.path("attributes"));
        for (Taxonomy.Entry entry : entries) {
            entry.parent().ifPresent(parent -> {
                if (!index.containsKey(parent)) {
                    throw problem("topic " + entry.id() + ": parent " + parent + " is not defined");
                }
            });
            checkNoCycle(entry);
            entry.impliedBy().stream().flatMap(List::stream).forEach(member -> {
                if (!index.containsKey(member)) {
                    throw problem("topic " + entry.id() + ": implied-by names " + member + ", which is not defined");
                }
            });
        }
        PhraseTrie trie = new PhraseTrie();
        for (RuleSource source : rules) {
            for (Expanded phrase : expand(source)) {
                trie.add(phrase.folded(), new PhraseTrie.Rule(source.topic(), phrase.stem(), phrase.casing(), source.kind(), phrase.written()));
            }
        }
        return new Taxonomy(origin, entries, synonyms, trie.compile());
    }

    private void topic(JsonNode node) {
        String id = text(node, "id").orElseThrow(() -> problem("every topic needs an 'id'"));
        if (!id.matches("[a-z]+:[\\p{Alnum}/._-]+")) {
            throw problem("topic id '" + id + "' must look like <scheme>:<name> without spaces or commas");
        }
        Map<String, String> labels = strings(node.path("labels"));
        if (!labels.containsKey("en")) {
            throw problem("topic " + id + " needs an English label (labels: {en: ...})");
        }
        double weight = node.path("weight").asDouble(1.0);
        if (weight <= 0 || weight > 1) {
            throw problem("topic " + id + ": weight must be in (0, 1]");
        }
        List<List<String>> impliedBy = new ArrayList<>();
        for (JsonNode set : node.path("implied-by")) {
            List<String> ids = new ArrayList<>();
            set.forEach(member -> ids.add(member.asText()));
            if (ids.isEmpty()) {
                throw problem("topic " + id + ": every implied-by entry must list topic ids");
            }
            impliedBy.add(List.copyOf(ids));
        }
        int topic = add(new Taxonomy.Entry(id, text(node, "parent"), labels, weight, List.copyOf(impliedBy)));
        rules(topic, "topic " + id + ": 'match'", node.path("match"), PhraseTrie.Kind.MATCH, PhraseTrie.Casing.ANY);
        rules(topic, "topic " + id + ": 'roles'", node.path("roles"), PhraseTrie.Kind.ROLE, PhraseTrie.Casing.ANY);
        rules(topic, "topic " + id + ": 'exclude'", node.path("exclude"), PhraseTrie.Kind.EXCLUSION, PhraseTrie.Casing.ANY);
        labels.values().forEach(label -> synonym(label, topic));
        node.path("synonyms").forEach(synonym -> synonym(synonym.asText(), topic));
    }

    private void countries(JsonNode node) {
        List<String> languages = new ArrayList<>();
        node.path("languages").forEach(language -> languages.add(language.asText()));
        if (!languages.contains("en")) {
            throw problem("countries.languages must include en");
        }
        Set<String> codes = new TreeSet<>(Set.of(Locale.getISOCountries()));
        node.path("additional").forEach(code -> codes.add(code.asText()));
        JsonNode skip = node.path("skip-names");
        JsonNode parents = node.path("parents");
        JsonNode extra = node.path("extra");
        for (String code : codes) {
            Locale country = new Locale("", code);
            Map<String, String> labels = new LinkedHashMap<>();
            for (String language : languages) {
                String name = country.getDisplayCountry(Locale.forLanguageTag(language));
                if (!name.isBlank() && !name.equals(code)) {
                    labels.put(language, name);
                }
            }
            String id = "geo:" + code;
            if (!labels.containsKey("en")) {
                throw problem("the JDK has no English name for country " + code);
            }
            int topic = add(new Taxonomy.Entry(id, text(parents, code), labels, 1.0, List.of()));
            Set<String> skipped = new HashSet<>();
            skip.path(code).forEach(language -> skipped.add(language.asText()));
            labels.forEach((language, name) -> {
                synonym(name, topic);
                if (!skipped.contains(language)) {
                    for (String rule : nameRules(language, name)) {
                        rules.add(new RuleSource(topic, language, rule, PhraseTrie.Kind.MATCH, PhraseTrie.Casing.CAPITAL));
                    }
                }
            });
            JsonNode more = extra.path(code);
            rules(topic, "topic " + id + ": 'match'", more.path("match"), PhraseTrie.Kind.MATCH, PhraseTrie.Casing.ANY);
            rules(topic, "topic " + id + ": 'exclude'", more.path("exclude"), PhraseTrie.Kind.EXCLUSION, PhraseTrie.Casing.ANY);
            more.path("synonyms").forEach(synonym -> synonym(synonym.asText(), topic));
        }
        for (Iterator<String> it = extra.fieldNames(); it.hasNext(); ) {
            String code = it.next();
            if (!codes.contains(code)) {
                throw problem("countries.extra." + code + " is not an ISO 3166 code the JDK knows (add it to countries.additional)");
            }
        }
    }

    /**
     * Rules from one JDK name: the name without parenthesised parts (those are qualifiers such as
     * "(США)" as often as aliases), and in inflecting languages a stem of a one-word name:
     * {@code Украина → украин*}. Stems shorter than {@value #MIN_STEM} letters would swallow words,
     * so short names get a few case endings instead.
     */
    static List<String> nameRules(String language, String name) {
        String plain = name.replaceAll("\\s*\\([^)]*\\)", "").replace("*", "").replace("|", "").replace(".", "")
                .replace("&", language.equals("en") ? "and" : " ").replaceAll("\\s+", " ").strip();
        if (TextFold.key(plain).length() < 3) {
            return List.of();
        }
        if (!INFLECTING.contains(language) || plain.contains(" ") || plain.contains("-")) {
            return List.of(plain);
        }
        char last = plain.toLowerCase(Locale.ROOT).charAt(plain.length() - 1);
        String stem = VOWELS.indexOf(last) >= 0 ? plain.substring(0, plain.length() - 1) : plain;
        if (stem.length() >= MIN_STEM) {
            return List.of(stem + "*");
        }
        if (last == 'а') {
            return List.of(stem + "(а|ы|и|е|у|ой|і|ою)");
        }
        return List.of(VOWELS.indexOf(last) < 0 ? plain + "(|а|у|е|ом|і)" : plain);
    }

    /**
     * The words around a place mention that make it an attribute of something else rather than
     * where the story happens: {@code after} a nationality (Brazilian <i>forward</i>) or a seat
     * (London<i>-based</i>), {@code before} a venue's location (<i>museum in</i> London).
     */
    private void attributes(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        node.fieldNames().forEachRemaining(side -> {
            if (!side.equals("after") && !side.equals("before")) {
                throw problem("attributes: '" + side + "' is neither 'after' nor 'before'");
            }
        });
        rules(-1, "attributes: 'after'", node.path("after"), PhraseTrie.Kind.ATTRIBUTE_AFTER, PhraseTrie.Casing.ANY);
        rules(-1, "attributes: 'before'", node.path("before"), PhraseTrie.Kind.ATTRIBUTE_BEFORE, PhraseTrie.Casing.ANY);
    }

    /** The rules of one section; {@code section} names it in messages ({@code topic geo:UA: 'match'}). */
    private void rules(int topic, String section, JsonNode byLanguage, PhraseTrie.Kind kind, PhraseTrie.Casing casing) {
        if (byLanguage.isMissingNode() || byLanguage.isNull()) {
            return;
        }
        if (!byLanguage.isObject()) {
            throw problem(section + " must map languages to lists of rules");
        }
        byLanguage.fields().forEachRemaining(field -> {
            if (!field.getValue().isArray()) {
                throw problem(section + ": rules for '" + field.getKey() + "' must be a list");
            }
            field.getValue().forEach(rule -> rules.add(new RuleSource(topic, field.getKey(), rule.asText(), kind, casing)));
        });
    }

    /** Who a rule belongs to, for messages: a topic id or the attributes section. */
    private String owner(RuleSource source) {
        return source.topic() < 0 ? "attributes" : "topic " + entries.get(source.topic()).id();
    }

    private record Expanded(String folded, String written, boolean stem, PhraseTrie.Casing casing) {}

    private List<Expanded> expand(RuleSource source) {
        String rule = source.rule().strip();
        PhraseTrie.Casing casing = source.defaultCasing();
        if (rule.startsWith("=")) {
            casing = PhraseTrie.Casing.EXACT;
            rule = rule.substring(1);
        } else if (rule.startsWith("^")) {
            casing = PhraseTrie.Casing.CAPITAL;
            rule = rule.substring(1);
        }
        boolean stem = rule.endsWith("*");
        if (stem) {
            rule = rule.substring(0, rule.length() - 1);
        }
        List<String> alternatives = alternatives(rule, source);
        List<Expanded> expanded = new ArrayList<>();
        for (String alternative : alternatives) {
            String composed = TextFold.composed(alternative);
            StringBuilder folded = new StringBuilder();
            String[] stems = composed.split("\\*", -1);
            for (int i = 0; i < stems.length; i++) {
                if (i > 0) {
                    folded.append(PhraseTrie.INFLECTION);
                }
                folded.append(TextFold.fold(stems[i]));
            }
            String trimmed = folded.toString().strip().replaceAll(" +", " ");
            if (trimmed.isEmpty() || trimmed.startsWith(String.valueOf(PhraseTrie.INFLECTION))) {
                throw problem(owner(source) + ": rule '" + source.rule() + "' has no words or starts with *");
            }
            boolean inner = stems.length > 1;
            if (inner && casing == PhraseTrie.Casing.EXACT) {
                throw problem(owner(source) + ": rule '" + source.rule() + "' cannot be both exact (=) and inflected inside (*)");
            }
            expanded.add(new Expanded(trimmed, composed, stem, casing));
        }
        return expanded;
    }

    private List<String> alternatives(String rule, RuleSource source) {
        int open = rule.indexOf('(');
        if (open < 0) {
            if (rule.contains(")")) {
                throw problem(owner(source) + ": rule '" + source.rule() + "' has an unmatched )");
            }
            return List.of(rule);
        }
        int close = rule.indexOf(')', open);
        if (close < 0) {
            throw problem(owner(source) + ": rule '" + source.rule() + "' has an unmatched (");
        }
        List<String> expanded = new ArrayList<>();
        for (String choice : rule.substring(open + 1, close).split("\\|", -1)) {
            for (String rest : alternatives(rule.substring(close + 1), source)) {
                expanded.add(rule.substring(0, open) + choice.strip() + rest);
            }
        }
        return expanded;
    }

    private int add(Taxonomy.Entry entry) {
        if (index.containsKey(entry.id())) {
            throw problem("topic " + entry.id() + " is defined twice");
        }
        index.put(entry.id(), entries.size());
        entries.add(entry);
        return entries.size() - 1;
    }

    private void synonym(String phrase, int topic) {
        String key = TextFold.key(phrase);
        if (!key.isEmpty()) {
            synonyms.putIfAbsent(key, topic);
        }
    }

    private void checkNoCycle(Taxonomy.Entry entry) {
        Set<String> seen = new HashSet<>();
        Optional<String> parent = entry.parent();
        while (parent.isPresent()) {
            if (!seen.add(parent.get()) || parent.get().equals(entry.id())) {
                throw problem("topic " + entry.id() + " is its own ancestor");
            }
            parent = entries.get(index.get(parent.get())).parent();
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText().strip()) : Optional.empty();
    }

    private IllegalArgumentException problem(String message) {
        return new IllegalArgumentException("taxonomy " + origin + ": " + message);
    }
}
