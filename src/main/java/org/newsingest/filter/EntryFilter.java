package org.newsingest.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.newsingest.normalize.NormalizedItem;

/**
 * A feed's filters, compiled. Each rule is searched for (not matched whole) in the entry's title,
 * summary, categories and URL, as written: {@code (?i)} makes a rule case-insensitive. The
 * engine is RE2/J, which runs in time linear in the input whatever the pattern, so an
 * operator's {@code (a+)+$} cannot stall a poll (a backtracking engine would take exponential time).
 */
public final class EntryFilter {

    public static final EntryFilter KEEP_ALL = new EntryFilter(List.of(), List.of());

    private record Rule(String source, Pattern pattern) {}

    private final List<Rule> keep;
    private final List<Rule> block;

    private EntryFilter(List<Rule> keep, List<Rule> block) {
        this.keep = keep;
        this.block = block;
    }

    /** A pattern that does not compile: which list, which rule, and where in it. */
    public record InvalidRule(String list, int index, String pattern, int position, String description) {
        public String detail() {
            return "filters." + list + "[" + index + "] is not a valid RE2 pattern: " + description + " at position " + position;
        }
    }

    /** The compiled filter, or the first rule that does not compile. */
    public sealed interface Compiled {
        record Valid(EntryFilter filter) implements Compiled {}

        record Invalid(InvalidRule rule) implements Compiled {}
    }

    public static Compiled compile(FeedFilters filters) {
        if (filters == null || filters.isEmpty()) {
            return new Compiled.Valid(KEEP_ALL);
        }
        List<Rule> keep = new ArrayList<>();
        List<Rule> block = new ArrayList<>();
        Optional<InvalidRule> invalid = compileInto("keep", filters.keep(), keep).or(() -> compileInto("block", filters.block(), block));
        return invalid.<Compiled>map(Compiled.Invalid::new).orElseGet(() -> new Compiled.Valid(new EntryFilter(keep, block)));
    }

    /** Filters stored with a feed were validated when they were written; one that no longer compiles keeps everything. */
    public static EntryFilter of(FeedFilters filters) {
        return compile(filters) instanceof Compiled.Valid valid ? valid.filter() : KEEP_ALL;
    }

    private static Optional<InvalidRule> compileInto(String list, List<String> patterns, List<Rule> into) {
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            if (pattern == null || pattern.isEmpty()) {
                return Optional.of(new InvalidRule(list, i, String.valueOf(pattern), 0, "an empty pattern matches everything"));
            }
            try {
                into.add(new Rule(pattern, Pattern.compile(pattern)));
            } catch (PatternSyntaxException e) {
                return Optional.of(new InvalidRule(list, i, pattern, ErrorPosition.of(pattern, e), e.getDescription()));
            }
        }
        return Optional.empty();
    }

    /** Why the entry is dropped ({@code block: <rule>} or {@code keep: none of n rules matched}), or empty when it is kept. */
    public Optional<String> dropReason(NormalizedItem item) {
        if (keep.isEmpty() && block.isEmpty()) {
            return Optional.empty();
        }
        List<String> fields = fields(item);
        for (Rule rule : block) {
            if (fields.stream().anyMatch(field -> rule.pattern().matcher(field).find())) {
                return Optional.of("block: " + rule.source());
            }
        }
        if (keep.isEmpty() || keep.stream().anyMatch(rule -> fields.stream().anyMatch(field -> rule.pattern().matcher(field).find()))) {
            return Optional.empty();
        }
        return Optional.of("keep: none of " + keep.size() + (keep.size() == 1 ? " rule" : " rules") + " matched");
    }

    private static List<String> fields(NormalizedItem item) {
        return Stream.of(item.title().stream(), item.summary().stream(), item.categories().stream(), item.url().stream())
                .flatMap(s -> s).toList();
    }
}
