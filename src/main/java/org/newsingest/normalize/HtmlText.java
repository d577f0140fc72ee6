package org.newsingest.normalize;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** HTML fragments to readable plain text. */
final class HtmlText {

    private HtmlText() {}

    /** The text a reader sees: tags dropped, entities decoded, block elements as line breaks. */
    static String toText(String html) {
        Document document = Jsoup.parseBodyFragment(html);
        document.outputSettings().prettyPrint(false);
        document.select("br").after("\n");
        document.select("p, div, li, h1, h2, h3, h4, h5, h6, blockquote, tr").after("\n\n");
        String text = document.body().wholeText();
        return text.replaceAll("[ \\t\\x0B\\f\\r\\u00A0]+", " ")
                .replaceAll(" *\\n *", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }
}
