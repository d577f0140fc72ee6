package org.newsingest.extract;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Small inline pages for the extractor's tests. */
final class TestPages {

    static final URI URL = URI.create("https://news.example/world/2026/12/06/river-flood.html");

    private TestPages() {}

    /** {@code count} distinct article paragraphs of about 300 characters each. */
    static List<String> paragraphs(int count) {
        List<String> paragraphs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            paragraphs.add("Paragraph " + i + " of the report: the river rose by " + i + " metres overnight, officials said, "
                    + "and crews worked through the night to shore up the levees, move families from the lowest streets, "
                    + "and keep the bridge open for ambulances, while the weather service warned that more rain, "
                    + "heavier than forecast, could fall on the valley before the weekend.");
        }
        return paragraphs;
    }

    static String asHtml(List<String> paragraphs) {
        StringBuilder html = new StringBuilder();
        paragraphs.forEach(p -> html.append("<p>").append(p).append("</p>\n"));
        return html.toString();
    }

    static String page(String head, String body) {
        return "<!doctype html><html lang=\"en-GB\"><head><title>River flood</title>" + head + "</head><body>" + body + "</body></html>";
    }
}
