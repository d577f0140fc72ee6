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

    @Test
    void tickerEntriesSharingALinkAreToldApartByContentAndClaimNoUrl() {
        String live = "https://live.example/live/war";
        List<EntryIdentity> keyed = IdentityKeys.of(List.of(item(null, live, "09:00 Sirens"), item(null, live, "09:10 All clear"),
                item(null, "https://live.example/a/1", "Article")), IdentityPolicy.GUID);
        assertThat(keys(keyed).subList(0, 2)).allMatch(key -> key.startsWith("link+content:")).doesNotHaveDuplicates();
        assertThat(keyed.get(2).key()).startsWith("link:");
        assertThat(keyed).extracting(EntryIdentity::linkIdentifies).containsExactly(false, false, true);
        assertThat(keys(IdentityKeys.of(List.of(item(null, live, "09:00 Sirens"), item(null, live, "09:10 All clear")), IdentityPolicy.GUID)))
                .containsExactlyElementsOf(keys(keyed).subList(0, 2));
    }

    @Test
    void aGuidUsedForSeveralLinksCollides() {
        List<EntryIdentity> keyed = IdentityKeys.of(List.of(item("same", "https://a.example/1", "One"), item("same", "https://a.example/2", "Two"),
                item("own", "https://a.example/3", "Three")), IdentityPolicy.GUID);
        assertThat(keyed).extracting(EntryIdentity::guidCollides).containsExactly(true, true, false);
    }

    @Test
    void everyPolicyKeysAnEntryWithoutAUsableGuidAlike() {
        String live = "https://live.example/live/war";
        List<NormalizedItem> ticker = List.of(item("1", live, "09:00 Sirens"), item("1", live, "09:10 All clear"));
        List<String> byGuid = keys(IdentityKeys.of(ticker, IdentityPolicy.GUID));
        assertThat(keys(IdentityKeys.of(ticker, IdentityPolicy.URL))).isEqualTo(byGuid);
        assertThat(keys(IdentityKeys.of(ticker, IdentityPolicy.CONTENT))).isEqualTo(byGuid);
        assertThat(keys(IdentityKeys.of(List.of(item("g1", "https://a.example/1", "One")), IdentityPolicy.URL)).get(0)).startsWith("link:");
    }

    private static NormalizedItem item(String guid, String url, String title) {
        Optional<String> link = Optional.ofNullable(url);
        return new NormalizedItem(Optional.ofNullable(guid), link, link.flatMap(CanonicalUrl::of),
                Optional.of(title), Optional.of("summary of " + title), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    private static List<String> keys(List<EntryIdentity> identities) {
        return identities.stream().map(EntryIdentity::key).toList();
    }
}
