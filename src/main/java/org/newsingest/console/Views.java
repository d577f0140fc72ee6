package org.newsingest.console;

import java.util.List;

/**
 * What each console page renders: plain records with every figure already in words, so the
 * templates only place them.
 */
final class Views {

    private Views() {}

    /** A link in a list of filters or counts. */
    record Link(String label, String href, String figure) {}

    record Chart(String title, String unit, Svg.Line line, String summary) {}

    record Overview(List<Link> states, List<String> problems, List<Link> pipeline, String window, List<Chart> charts,
                    List<FailureRow> failures) {}

    record FailureRow(String error, String host, long feeds, String href) {}

    record FeedRow(long id, String title, String url, String host, String state, String lastFetch, String lastFetchAgo,
                   String lastStatus, String error, String errorDetail, String nextPoll, int failures, Svg.Line items,
                   String itemsSummary) {}

    /** A sortable column header: its link sorts by it, ascending, or descending when already ascending. */
    record Column(String label, String href, String sorted) {}

    record FeedsPage(List<FeedRow> feeds, List<Link> states, String state, String host, String tag, String text, List<Column> columns,
                     String range, String previous, String next) {}

    record FetchRow(String at, String outcome, String status, String error, String detail, long bytes, long durationMs, int itemsNew,
                    int itemsSeen) {}

    record PolicyChange(String at, String detail) {}

    record FeedPage(FeedRow feed, List<String> tags, String origin, String identityPolicy, String pollInterval, List<FetchRow> fetches,
                    List<PolicyChange> policyChanges, List<ItemRow> items, String itemsHref) {}

    record TopicTag(String id, String label, String source, String score, String href) {}

    record EventRow(String type, String at, String changedFields, String status) {}

    record ItemRow(String id, String title, String url, String outlet, String outletHref, String language, String seen,
                   List<TopicTag> topics, List<EventRow> events, String storyHref, boolean duplicate) {}

    record ItemsPage(List<ItemRow> items, String filter, String next) {}

    record SightingRow(String feed, String feedHref, String host, String url, String rule, String explanation, String seen) {}

    record StoryItemRow(String id, String title, String url, String outlet, String language, String seen, String role,
                        List<SightingRow> sightings) {}

    record StoryPage(String storyId, String title, List<StoryItemRow> items, List<Link> outlets) {}

    record TopicRow(String id, String label, int depth, long last24h, long last7d, String href) {}

    record TopicsPage(List<TopicRow> topics, String taxonomy) {}

    /** What a console form did: the API's status and its words. */
    record ActionResult(int status, String title, String detail, String back) {}
}
