package org.newsingest.console;

import java.util.List;
import java.util.Locale;

/**
 * Small charts as SVG polyline points, rendered by the templates inside an {@code <svg>} with a
 * text alternative: no script, no chart library, nothing but numbers in an attribute.
 */
final class Svg {

    private Svg() {}

    /** A chart's points and the figures its text alternative states. */
    record Line(String points, double max, double last, int width, int height) {

        public String maxText() {
            return Figures.number(max);
        }

        public String lastText() {
            return Figures.number(last);
        }
    }

    /** {@code values} spread over {@code width}, scaled so the largest touches the top; zero stays on the bottom line. */
    static Line line(List<Double> values, int width, int height) {
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        StringBuilder points = new StringBuilder();
        int n = values.size();
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? width : (double) i * width / (n - 1);
            double y = max <= 0 ? height - 1 : height - 1 - values.get(i) / max * (height - 2);
            points.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return new Line(points.toString(), max, n == 0 ? 0 : values.get(n - 1), width, height);
    }
}
