package org.newsingest.console;

import java.util.ArrayList;
import java.util.List;

/** The overview's charts of the last hours, from the ring buffer of {@link PipelineHistory}. */
final class Charts {

    private static final int WIDTH = 300;
    private static final int HEIGHT = 60;

    private Charts() {}

    static List<Views.Chart> of(List<PipelineHistory.Sample> samples) {
        List<double[]> rates = PipelineHistory.rates(samples);
        List<Double> polls = new ArrayList<>();
        List<Double> items = new ArrayList<>();
        rates.forEach(r -> {
            polls.add(r[0]);
            items.add(r[1]);
        });
        List<Double> backlog = samples.stream().map(PipelineHistory.Sample::backlog).toList();
        List<Double> failing = samples.stream().map(PipelineHistory.Sample::failingFeeds).toList();
        String span = samples.size() < 2 ? "not enough samples yet"
                : "from " + Figures.time(samples.get(0).at()) + " to " + Figures.time(samples.get(samples.size() - 1).at());
        return List.of(
                chart("Polls per minute", "polls/min", polls, span),
                chart("New items per minute", "items/min", items, span),
                chart("Outbox backlog", "events", backlog, span),
                chart("Failing feeds", "feeds", failing, span));
    }

    private static Views.Chart chart(String title, String unit, List<Double> values, String span) {
        Svg.Line line = Svg.line(values, WIDTH, HEIGHT);
        String summary = title + " " + span + ": latest " + line.lastText() + " " + unit + ", highest " + line.maxText() + " " + unit + ".";
        return new Views.Chart(title, unit, line, summary);
    }
}
