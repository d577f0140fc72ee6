package org.newsingest.tag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The topics items can be tagged with, their hierarchy and labels, and the compiled rules that
 * find them: read once from a YAML file by {@link TaxonomyFile}. Ids are stored on items; parents
 * are derived from here at read time, so moving a topic in the hierarchy needs no retagging.
 */
public final class Taxonomy {

    /**
     * One topic.
     *
     * @param labels name per language tag ({@code en} always present)
     * @param weight how much one text mention counts, relative to a place name (1.0)
     * @param impliedBy sets of topics that together imply this one (war and Ukraine: the
     *     Russia–Ukraine war), with the weakest member's score
     */
    public record Entry(String id, Optional<String> parent, Map<String, String> labels, double weight, List<List<String>> impliedBy) {

        public String label(String language) {
            return labels.getOrDefault(language, labels.get("en"));
        }

        public boolean isPlace() {
            return id.startsWith("geo:");
        }
    }

    private final List<Entry> entries;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> synonyms;
    private final PhraseTrie rules;
    private final Map<String, List<String>> children = new HashMap<>();
    private final String origin;

    Taxonomy(String origin, List<Entry> entries, Map<String, Integer> synonyms, PhraseTrie rules) {
        this.origin = origin;
        this.entries = List.copyOf(entries);
        this.synonyms = Map.copyOf(synonyms);
        this.rules = rules;
        for (int i = 0; i < entries.size(); i++) {
            index.put(entries.get(i).id(), i);
        }
        for (Entry entry : entries) {
            entry.parent().ifPresent(parent -> children.computeIfAbsent(parent, p -> new ArrayList<>()).add(entry.id()));
        }
    }

    /** Where the taxonomy was read from: {@code classpath:...} or a file path. */
    public String origin() {
        return origin;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> find(String id) {
        Integer i = index.get(id);
        return i == null ? Optional.empty() : Optional.of(entries.get(i));
    }

    /** {@code id} and every topic below it, in breadth-first order. */
    public Set<String> withDescendants(String id) {
        Set<String> found = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>(List.of(id));
        while (!queue.isEmpty()) {
            String next = queue.remove(0);
            if (found.add(next)) {
                queue.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return found;
    }

    Entry entry(int topic) {
        return entries.get(topic);
    }

    int indexOf(String id) {
        return index.getOrDefault(id, -1);
    }

    /** The topic a category or feed tag names, matched on the whole folded phrase. */
    Optional<Integer> synonym(String phrase) {
        return Optional.ofNullable(synonyms.get(TextFold.key(phrase)));
    }

    PhraseTrie rules() {
        return rules;
    }
}
