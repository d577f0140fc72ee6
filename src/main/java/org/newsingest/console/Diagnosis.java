package org.newsingest.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.newsingest.publish.RelayHealth;

/** What is wrong, in sentences an operator reads first: the overview's top lines. */
final class Diagnosis {

    /** A backlog whose oldest event has waited longer than this is worth a sentence. */
    static final Duration SLOW_BACKLOG = Duration.ofMinutes(5);

    private Diagnosis() {}

    static List<String> of(List<ConsoleFeeds.FailureGroup> failing, long challenged, RelayHealth.State relay, double backlog,
                           double backlogAgeSeconds) {
        List<String> problems = new ArrayList<>();
        failure(failing).ifPresent(problems::add);
        if (challenged > 0) {
            problems.add(plural(challenged, "feed") + " answered with a bot-challenge page instead of the feed.");
        }
        switch (relay) {
            case PAUSED_UNREACHABLE -> problems.add("The relay to Kafka is paused: Kafka cannot be reached; events wait in the outbox.");
            case PAUSED_FAILED -> problems.add("The relay to Kafka is paused after a fatal producer error; it recreates its producer.");
            case STOPPED -> problems.add("The relay to Kafka is stopped (the service is shutting down).");
            case RUNNING -> { }
        }
        if (backlog > 0 && backlogAgeSeconds >= SLOW_BACKLOG.toSeconds()) {
            problems.add(Figures.number(backlog) + " events are waiting to be sent to Kafka, the oldest for "
                    + Figures.duration(Duration.ofSeconds((long) backlogAgeSeconds)) + ".");
        }
        return problems;
    }

    /** "12 feeds failing, 9 of them with HTTP 403 from one host (x.example)". */
    private static Optional<String> failure(List<ConsoleFeeds.FailureGroup> groups) {
        long total = groups.stream().mapToLong(ConsoleFeeds.FailureGroup::feeds).sum();
        if (total == 0) {
            return Optional.empty();
        }
        Map<String, Long> byError = new LinkedHashMap<>();
        Map<String, Set<String>> hosts = new LinkedHashMap<>();
        for (ConsoleFeeds.FailureGroup group : groups) {
            String error = cause(group);
            byError.merge(error, group.feeds(), Long::sum);
            hosts.computeIfAbsent(error, e -> new LinkedHashSet<>()).add(group.host());
        }
        Map.Entry<String, Long> top = byError.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        Set<String> topHosts = hosts.get(top.getKey());
        String from = topHosts.size() == 1 ? "from one host (" + topHosts.iterator().next() + ")" : "from " + topHosts.size() + " hosts";
        String share = top.getValue() == total ? (total == 1 ? "" : "all ") : top.getValue() + " of them ";
        return Optional.of(plural(total, "feed") + " failing, " + share + "with " + top.getKey() + " " + from + ".");
    }

    private static String cause(ConsoleFeeds.FailureGroup group) {
        return group.status() != null && group.error().startsWith("http_") ? "HTTP " + group.status() : Figures.error(group.error(), null);
    }

    static String plural(long n, String noun) {
        return Figures.number(n) + " " + noun + (n == 1 ? "" : "s");
    }
}
