package org.newsingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageCharsetTest {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final String TEXT = "Zürich – “café”";

    @Test
    void aByteOrderMarkWinsOverTheHeaderAndTheMetaTag() {
        byte[] page = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                html("<meta charset=\"windows-1252\">", TEXT).getBytes(StandardCharsets.UTF_8));
        String decoded = PageCharset.decode(page, Optional.of("text/html; charset=iso-8859-2"));
        assertThat(decoded).contains(TEXT).doesNotStartWith("\uFEFF");
    }

    @Test
    void aUtf16ByteOrderMarkIsRead() {
        byte[] page = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, html("", TEXT).getBytes(StandardCharsets.UTF_16LE));
        assertThat(PageCharset.decode(page, Optional.empty())).contains(TEXT);
    }

    @Test
    void theHeaderCharsetWinsOverTheMetaTag() {
        byte[] page = html("<meta charset=\"utf-8\">", TEXT).getBytes(WINDOWS_1252);
        assertThat(PageCharset.decode(page, Optional.of("text/html; charset=\"windows-1252\""))).contains(TEXT);
    }

    @Test
    void aMetaCharsetInTheFirst1024BytesDecidesWithoutAHeader() {
        byte[] page = html("<meta charset='windows-1252'>", TEXT).getBytes(WINDOWS_1252);
        assertThat(PageCharset.decode(page, Optional.of("text/html"))).contains(TEXT);
    }

    @Test
    void anHttpEquivContentTypeDecidesLikeAMetaCharset() {
        byte[] page = html("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">", TEXT).getBytes(WINDOWS_1252);
        assertThat(PageCharset.decode(page, Optional.empty())).contains(TEXT);
    }

    @Test
    void aMetaTagAfterTheFirst1024BytesIsNotSeenAndValidUtf8IsSniffed() {
        String late = "<!--" + "x".repeat(1100) + "--><meta charset=\"windows-1252\">";
        byte[] page = html(late, TEXT).getBytes(StandardCharsets.UTF_8);
        assertThat(PageCharset.decode(page, Optional.empty())).contains(TEXT);
    }

    @Test
    void latin1AndAsciiLabelsMeanWindows1252SoC1BytesBecomeQuotes() {
        byte[] page = html("", TEXT).getBytes(WINDOWS_1252);
        assertThat(PageCharset.decode(page, Optional.of("text/html; charset=ISO-8859-1"))).contains(TEXT);
        assertThat(PageCharset.decode(page, Optional.of("text/html; charset=us-ascii"))).contains(TEXT);
    }

    @Test
    void undeclaredBytesThatAreNotUtf8AreReadAsWindows1252() {
        byte[] page = html("", TEXT).getBytes(WINDOWS_1252);
        assertThat(PageCharset.decode(page, Optional.empty())).contains(TEXT);
    }

    @Test
    void aMetaTagNamingUtf16MeansUtf8BecauseItsAsciiBytesWereReadable() {
        byte[] page = html("<meta charset=\"utf-16\">", TEXT).getBytes(StandardCharsets.UTF_8);
        assertThat(PageCharset.decode(page, Optional.empty())).contains(TEXT);
    }

    @Test
    void anUnknownLabelIsIgnoredAndTheNextStepDecides() {
        byte[] page = html("<meta charset=\"windows-1252\">", TEXT).getBytes(WINDOWS_1252);
        assertThat(PageCharset.decode(page, Optional.of("text/html; charset=no-such-charset"))).contains(TEXT);
    }

    private static String html(String head, String body) {
        return "<!doctype html><html><head>" + head + "<title>t</title></head><body><p>" + body + "</p></body></html>";
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
