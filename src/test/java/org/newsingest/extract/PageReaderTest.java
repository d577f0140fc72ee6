package org.newsingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageReaderTest {

    private static final byte[] HTML = "<!doctype html><html></html>".getBytes(StandardCharsets.UTF_8);

    @Test
    void onlyHtmlContentTypesAreRead() {
        assertThat(PageReader.isHtml(Optional.of("text/html; charset=utf-8"), HTML)).isTrue();
        assertThat(PageReader.isHtml(Optional.of("Application/XHTML+XML"), HTML)).isTrue();
        assertThat(PageReader.isHtml(Optional.of("application/pdf"), HTML)).isFalse();
        assertThat(PageReader.isHtml(Optional.of("video/mp4"), HTML)).isFalse();
        assertThat(PageReader.isHtml(Optional.of("image/jpeg"), HTML)).isFalse();
    }

    @Test
    void withoutAContentTypeAPdfOrImageIsRecognisedByItsFirstBytes() {
        assertThat(PageReader.isHtml(Optional.empty(), HTML)).isTrue();
        assertThat(PageReader.isHtml(Optional.empty(), "%PDF-1.7".getBytes(StandardCharsets.ISO_8859_1))).isFalse();
        assertThat(PageReader.isHtml(Optional.empty(), new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isFalse();
    }

    @Test
    void aLongBodyIsCutAfterItsLastWholeWord() {
        assertThat(PageReader.capped("short body", 100)).isEqualTo("short body");
        assertThat(PageReader.capped("one two three four", 12)).isEqualTo("one two");
        assertThat(PageReader.capped("x".repeat(50), 10)).isEqualTo("x".repeat(10));
    }
}
