package org.newsingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredTextTest {

    @Test
    void removesWhatPostgresqlOrJsonCannotHoldAndKeepsTheRest() {
        assertThat(StoredText.clean("a\u0000b\u0001c\u001Fd\tE\nF\rG\uFFFEH\uFFFF")).isEqualTo("abcd\tE\nF\rGH");
        assertThat(StoredText.clean("lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00")).isEqualTo("lone  high, lone  low, pair \uD83D\uDE00");
        assertThat(StoredText.clean("\uDE00\uD83D")).isEmpty();
        String clean = "Цитата 引用 \uD83D\uDE00 ok";
        assertThat(StoredText.clean(clean)).isSameAs(clean);
    }

    @Test
    void countsAndCutsInUtf8BytesNeverInsideACodePoint() {
        String mixed = "aЖ引\uD83D\uDE00"; // 1 + 2 + 3 + 4 bytes
        assertThat(StoredText.utf8Length(mixed)).isEqualTo(mixed.getBytes(StandardCharsets.UTF_8).length).isEqualTo(10);
        assertThat(StoredText.truncate(mixed, 10)).isSameAs(mixed);
        assertThat(StoredText.truncate(mixed, 9)).isEqualTo("aЖ引");
        assertThat(StoredText.truncate(mixed, 6)).isEqualTo("aЖ引");
        assertThat(StoredText.truncate(mixed, 5)).isEqualTo("aЖ");
        assertThat(StoredText.truncate(mixed, 2)).isEqualTo("a");
        assertThat(StoredText.exceeds(mixed, 9)).isTrue();
        assertThat(StoredText.exceeds(mixed, 10)).isFalse();
        // 1 000 CJK characters: far below a 2 000-character limit, but 3 000 bytes
        String cjk = "引".repeat(1_000);
        assertThat(StoredText.exceeds(cjk, 2_000)).isTrue();
        assertThat(StoredText.truncate(cjk, 2_000).getBytes(StandardCharsets.UTF_8)).hasSize(1_998);
    }
}
