package org.newsingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newsingest.normalize.CanonicalUrl;
import org.newsingest.normalize.NormalizedItem;

class IdentityKeysTest {

    @Test
    void guidIsTheKeyWhenItIsUniqueInTheDocument() {
        List<String> keys = IdentityKeys.of(List.of(item("g1", "https://a.example/1", "One"), item("g2", "https://a.example/2", "Two")));
        assertThat(keys.get(0)).startsWith("guid:");
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(IdentityKeys.of(List.of(item("g1", "https://a.example/changed-link", "Renamed")))).containsExactly(keys.get(0));
    }

    @Test
    void aGuidRepeatedInOneDocumentIsCombinedWithTheLink() {
        List<String> keys = IdentityKeys.of(List.of(item("same", "https://a.example/1", "One"), item("same", "https://a.example/2", "Two")));
        assertThat(keys).allMatch(key -> key.startsWith("guid+link:")).doesNotHaveDuplicates();
    }

    @Test
    void withoutGuidTheCanonicalLinkIsTheKey() {
        String plain = IdentityKeys.of(List.of(item(null, "https://a.example/1", "One"))).get(0);
        String tracked = IdentityKeys.of(List.of(item(null, "https://A.example/1?utm_source=x#c", "One"))).get(0);
        assertThat(plain).startsWith("link:").isEqualTo(tracked);
    }

    @Test
    void withNeitherGuidNorLinkTitleAndContentAreTheKey() {
        List<String> keys = IdentityKeys.of(List.of(item(null, null, "Bulletin"), item(null, null, "Another bulletin")));
        assertThat(keys).allMatch(key -> key.startsWith("content:")).doesNotHaveDuplicates();
    }

    @Test
    void revisionsCountTextChangesButNotDatesAlone() {
        NormalizedItem original = item("g", "https://a.example/1", "Title");
        NormalizedItem redated = new NormalizedItem(original.guid(), original.url(), original.canonicalUrl(), original.title(),
                original.summary(), original.contentText(), original.author(), original.language(), Optional.of(Instant.EPOCH),
                Optional.of(Instant.EPOCH), original.categories(), original.enclosures());
        assertThat(Revisions.contentHash(redated)).isEqualTo(Revisions.contentHash(original));
        assertThat(Revisions.contentHash(item("g", "https://a.example/1", "Title, corrected"))).isNotEqualTo(Revisions.contentHash(original));
    }

    private static NormalizedItem item(String guid, String url, String title) {
        Optional<String> link = Optional.ofNullable(url);
        return new NormalizedItem(Optional.ofNullable(guid), link, link.flatMap(CanonicalUrl::of),
                Optional.of(title), Optional.of("summary of " + title), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), List.of());
    }
}
