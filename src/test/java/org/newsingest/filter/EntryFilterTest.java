package org.newsingest.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.normalize.NormalizedItem;

class EntryFilterTest {

    private static NormalizedItem entry(String title, String summary, List<String> categories, String url) {
        return new NormalizedItem(Optional.empty(), Optional.ofNullable(url), Optional.ofNullable(url), Optional.ofNullable(title),
                Optional.ofNullable(summary), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                categories, List.of());
    }

    private static EntryFilter compiled(List<String> keep, List<String> block) {
        return ((EntryFilter.Compiled.Valid) EntryFilter.compile(new FeedFilters(keep, block))).filter();
    }

    @Test
    void blockWinsOverKeep() {
        EntryFilter filter = compiled(List.of("Ukraine"), List.of("^Sponsored:"));

        assertThat(filter.dropReason(entry("Sponsored: Ukraine travel deals", null, List.of(), "https://x.example/a"))).contains("block: ^Sponsored:");
        assertThat(filter.dropReason(entry("Ukraine talks resume", null, List.of(), "https://x.example/b"))).isEmpty();
    }

    @Test
    void anEmptyKeepListKeepsEverythingNotBlocked() {
        EntryFilter filter = compiled(List.of(), List.of("(?i)podcast"));

        assertThat(filter.dropReason(entry("Morning news", "Today", List.of("World"), "https://x.example/news/1"))).isEmpty();
        assertThat(filter.dropReason(entry("Episode 12", null, List.of("PODCAST"), "https://x.example/1"))).contains("block: (?i)podcast");
    }

    @Test
    void aKeepListDropsWhatNoneOfItsRulesMatchAndSaysSo() {
        EntryFilter filter = compiled(List.of("/news/", "Ukraine"), List.of());

        assertThat(filter.dropReason(entry("Weather", null, List.of(), "https://x.example/news/7"))).isEmpty();
        assertThat(filter.dropReason(entry("Live: the war", "Ukraine", List.of(), "https://x.example/live/1"))).isEmpty();
        assertThat(filter.dropReason(entry("Sport", null, List.of(), "https://x.example/sport/1"))).contains("keep: none of 2 rules matched");
    }

    @Test
    void rulesAreSearchedInTitleSummaryCategoriesAndUrl() {
        EntryFilter filter = compiled(List.of(), List.of("liveblog"));

        assertThat(filter.dropReason(entry("liveblog", null, List.of(), null))).isPresent();
        assertThat(filter.dropReason(entry("t", "a liveblog entry", List.of(), null))).isPresent();
        assertThat(filter.dropReason(entry("t", null, List.of("liveblog"), null))).isPresent();
        assertThat(filter.dropReason(entry("t", null, List.of(), "https://x.example/liveblog/3"))).isPresent();
        assertThat(filter.dropReason(entry("t", "s", List.of("c"), "https://x.example/a"))).isEmpty();
    }

    @Test
    void anInvalidPatternNamesItsListRuleAndPosition() {
        EntryFilter.Compiled unclosed = EntryFilter.compile(new FeedFilters(List.of("ok", "(abc"), List.of()));
        EntryFilter.Compiled badRange = EntryFilter.compile(new FeedFilters(List.of(), List.of("ab[z-a]")));
        EntryFilter.Compiled strayParen = EntryFilter.compile(new FeedFilters(List.of(), List.of("abc)")));
        EntryFilter.Compiled backreference = EntryFilter.compile(new FeedFilters(List.of(), List.of("(a)\\1")));

        assertThat(((EntryFilter.Compiled.Invalid) unclosed).rule()).isEqualTo(new EntryFilter.InvalidRule("keep", 1, "(abc", 4, "missing closing )"));
        assertThat(((EntryFilter.Compiled.Invalid) badRange).rule().position()).isEqualTo(3);
        assertThat(((EntryFilter.Compiled.Invalid) strayParen).rule().position()).isEqualTo(3);
        assertThat(((EntryFilter.Compiled.Invalid) backreference).rule().position()).isEqualTo(3);
        assertThat(((EntryFilter.Compiled.Invalid) unclosed).rule().detail()).isEqualTo(
                "filters.keep[1] is not a valid RE2 pattern: missing closing ) at position 4");
    }

    @Test
    void anEmptyRuleIsRefused() {
        assertThat(EntryFilter.compile(new FeedFilters(List.of(""), List.of()))).isInstanceOf(EntryFilter.Compiled.Invalid.class);
    }

    /** A backtracking engine takes exponential time here (2^50 paths); RE2/J is linear, so this completes at once. */
    @Test
    @Timeout(30)
    void aReDosPatternOnALongInputCompletes() {
        EntryFilter filter = compiled(List.of(), List.of("(a+)+$"));
        String hostile = "a".repeat(50_000) + "!";

        assertThat(filter.dropReason(entry(hostile, hostile, List.of(hostile), null))).isEmpty();
        assertThat(filter.dropReason(entry("a".repeat(50_000), null, List.of(), null))).contains("block: (a+)+$");
    }
}
