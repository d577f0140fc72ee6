package org.newsingest.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The feeds table's links: each keeps the current filter and sort and changes one thing. */
final class FeedListLinks {

    private static final List<String[]> COLUMNS = List.of(
            new String[] {"Title", "title"}, new String[] {"Host", "host"}, new String[] {"State", "state"},
            new String[] {"Last fetch", "last-fetch"}, new String[] {"Failures", "failures"}, new String[] {"Next poll", "next-poll"});

    private final ConsoleFeeds.Filter filter;
    private final String sort;
    private final boolean descending;

    FeedListLinks(ConsoleFeeds.Filter filter, String sort, boolean descending) {
        this.filter = filter;
        this.sort = sort;
        this.descending = descending;
    }

    String at(int offset) {
        return link(filter.state(), sort, descending) + "&offset=" + offset;
    }

    String withState(String state) {
        return link(Optional.of(state), sort, descending);
    }

    List<Views.Column> columns() {
        return COLUMNS.stream().map(c -> {
            boolean current = c[1].equals(sort);
            String sorted = current ? (descending ? "descending" : "ascending") : "none";
            return new Views.Column(c[0], link(filter.state(), c[1], current && !descending), sorted);
        }).toList();
    }

    private String link(Optional<String> state, String sortBy, boolean desc) {
        StringBuilder href = new StringBuilder("/console/feeds?sort=").append(encode(sortBy));
        if (desc) {
            href.append("&desc=true");
        }
        state.ifPresent(s -> href.append("&state=").append(encode(s)));
        filter.host().ifPresent(h -> href.append("&host=").append(encode(h)));
        filter.tag().ifPresent(t -> href.append("&tag=").append(encode(t)));
        filter.text().ifPresent(q -> href.append("&q=").append(encode(q)));
        return href.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
