package org.newsingest.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicTaggerTest {

    static final TopicTagger TAGGER = new TopicTagger(TaxonomyFile.defaults());

    static Map<String, Topic> tag(String title, String body, List<String> categories, String language, List<String> feedTags) {
        return TAGGER.tag(new TopicTagger.Text(title, body, categories, Optional.ofNullable(language)), feedTags).stream()
                .collect(Collectors.toMap(Topic::id, Function.identity()));
    }

    static Map<String, Topic> tag(String title, String body, String language) {
        return tag(title, body, List.of(), language, List.of());
    }

    @Test
    void slugsAreLowerCaseWordsJoinedByHyphens() {
        assertThat(TopicTagger.slug("RFE/RL")).hasValue("rfe-rl");
        assertThat(TopicTagger.slug("  Middle East, Iran ")).hasValue("middle-east-iran");
        assertThat(TopicTagger.slug("Économie")).hasValue("economie");
        assertThat(TopicTagger.slug("Война в Украине")).hasValue("война-в-украине");
        assertThat(TopicTagger.slug("Новий рік")).hasValue("новий-рік");
        assertThat(TopicTagger.slug("--- / ---")).isEmpty();
    }

    @Test
    void everyInflectedFormOfUkraineReachesOneId() {
        for (String text : List.of("Украина", "Украины", "Украине", "Украину", "Україні", "Україну", "України", "Ukraine", "UKRAINE", "Ukraine's")) {
            assertThat(tag(text + " news", "", null)).as(text).containsKey("geo:UA");
        }
    }

    @Test
    void russianUkrainianAndEnglishItemsAboutUkraineShareTheId() {
        assertThat(tag("Киев получил новую партию вооружений", "Поставки в Украину продолжатся, заявили в Министерстве обороны Украины.", "ru"))
                .containsKey("geo:UA");
        assertThat(tag("Київ отримав нову партію озброєнь", "Постачання в Україну триватимуть, заявили в Міністерстві оборони України.", "uk"))
                .containsKey("geo:UA");
        assertThat(tag("Kyiv receives new batch of weapons", "Deliveries to Ukraine will continue, Ukraine's Defense Ministry said.", "en"))
                .containsKey("geo:UA");
    }

    @Test
    void wordBoundariesAndCaseKeepCommonWordsOut() {
        assertThat(tag("Груз доставили вовремя", "Того же дня грузовик вернулся.", "ru")).doesNotContainKeys("geo:GE", "geo:TG");
        assertThat(tag("Tell us what you think", "Let us know.", "en")).doesNotContainKey("geo:US");
        assertThat(tag("Papua New Guinea votes", "Voters in Papua New Guinea went to the polls.", "en"))
                .containsKey("geo:PG").doesNotContainKey("geo:GN");
    }

    @Test
    void titleMentionsOutweighAPassingMentionAtTheEndOfALongText() {
        String filler = "The parliament debated the budget for many hours, and the ministers answered questions. ".repeat(25);
        Map<String, Topic> topics = tag("Moldova's parliament passes budget", filler + "A delegation from Japan watched.", "en");
        assertThat(topics.get("geo:MD").score()).isGreaterThan(0.6);
        assertThat(topics.get("geo:JP").score()).isLessThan(0.3);
    }

    @Test
    void categoriesAndFeedTagsMapToTheSameIdsWithTheirSource() {
        Map<String, Topic> topics = tag("Новости", "", List.of("Украина", "Война в Украине", "Дневник войны"), "ru", List.of("Україна", "RFE/RL"));
        assertThat(topics.get("geo:UA").source()).isEqualTo(Topic.FROM_CATEGORY);
        assertThat(topics.get("geo:UA").score()).isGreaterThan(TopicTagger.CATEGORY_SCORE);
        assertThat(topics.get("beat:russia-ukraine-war").source()).isEqualTo(Topic.FROM_CATEGORY);
        assertThat(topics.get("category:дневник-войны").source()).isEqualTo(Topic.FROM_CATEGORY);
        assertThat(topics.get("category:rfe-rl").source()).isEqualTo(Topic.FROM_FEED);
        assertThat(topics.get("geo:UA").label()).isEqualTo("Украина");
        assertThat(topics.get("geo:UA").labelEn()).isEqualTo("Ukraine");
    }

    @Test
    void aPlaceNamedAsSomeonesNationalityOrAnInstitutionsSeatCountsLessThanWhereTheStoryIs() {
        assertThat(tag("Dynamo win", "Brazilian forward Vitinho scored twice for Dynamo on Sunday.", "en").get("geo:BR").score()).isLessThan(0.3);
        assertThat(tag("Dynamo win", "Dynamo won a friendly in Brazil on Sunday.", "en").get("geo:BR").score()).isGreaterThanOrEqualTo(0.3);
        assertThat(tag("New frog species", "Researchers from the Natural History Museum in London described the frog.", "en").get("geo:GB").score())
                .isLessThan(0.3);
        assertThat(tag("New frog species", "The London-based group described the frog.", "en").get("geo:GB").score()).isLessThan(0.3);
        assertThat(tag("Засудили активістів", "Серед засуджених — громадянин Великої Британії.", "uk").get("geo:GB").score()).isLessThan(0.3);
        assertThat(tag("Засудили активістів", "Суд у Великій Британії засудив активістів.", "uk").get("geo:GB").score()).isGreaterThanOrEqualTo(0.3);
        // The title says what the story is about, nationality or not.
        assertThat(tag("Kazakh figure skater wins Grand Prix gold", "", "en").get("geo:KZ").score()).isGreaterThan(0.6);
    }

    @Test
    void aPlaceNamedOnceAfterTheFirstSentenceIsNotEnoughOnItsOwn() {
        assertThat(tag("Coffee prices rise", "Coffee got 40 percent dearer in a year. Importers blame the harvest in Brazil.", "en").get("geo:BR").score())
                .isLessThan(0.3);
        assertThat(tag("Coffee prices rise", "Coffee from Brazil got 40 percent dearer in a year. Importers blame the harvest.", "en").get("geo:BR").score())
                .isGreaterThanOrEqualTo(0.3);
    }

    @Test
    void theLeadEndsAtTheFirstSentenceNotAtAnAbbreviation() {
        String text = "The U.S. Treasury imposed sanctions on St. Petersburg firms on Monday. Iran protested.";
        assertThat(TopicTagger.leadEnd(text)).isEqualTo(text.indexOf(" Iran"));
        assertThat(TopicTagger.leadEnd("No full stop at all")).isEqualTo("No full stop at all".length());
        assertThat(TopicTagger.leadEnd("x".repeat(400))).isEqualTo(250);
    }

    @Test
    void roleWordsAndLabourMigrantsAreWeakerEvidenceThanTheSubject() {
        assertThat(tag("Russian court jails teacher over antiwar posts", "", "en").get("mediatopic:05000000").score()).isLessThan(0.3);
        assertThat(tag("Schools switch to remote learning", "", "en").get("mediatopic:05000000").score()).isGreaterThanOrEqualTo(0.3);
        assertThat(tag("Узбекистан посилив покарання для трудових мігрантів", "", "uk")).doesNotContainKey("mediatopic:09000000")
                .containsKey("mediatopic:14000000");
        assertThat(tag("Train drivers strike over pay", "", "en").get("mediatopic:09000000").score()).isGreaterThanOrEqualTo(0.3);
        assertThat(tag("Labour wins by-election", "", "en")).doesNotContainKey("mediatopic:09000000");
        assertThat(tag("Missiles made in Northern Ireland", "", "en")).containsKey("geo:GB").doesNotContainKey("geo:IE");
    }

    @Test
    void aRegionGivesItsCountryAndABeatItsSubject() {
        Map<String, Topic> topics = tag("Explosions reported in occupied Crimea", "", "en");
        assertThat(topics).containsKeys("geo:UA-43", "geo:UA");
        assertThat(topics.get("geo:UA").score()).isEqualTo(topics.get("geo:UA-43").score());
        assertThat(tag("Kazakhstan raises fuel prices", "", "en")).containsKeys("geo:KZ", "beat:central-asia");
    }

    @Test
    void aReplacementTaxonomyFileIsUsedAsWritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("taxonomy.yaml");
        Files.writeString(file, """
                topics:
                  - id: beat:grain
                    labels: {en: Grain, uk: Зерно}
                    match:
                      en: [grain, wheat]
                      uk: [зерн*, пшениц*]
                """);
        TopicTagger tagger = new TopicTagger(TaxonomyFile.of(file));
        List<Topic> topics = tagger.tag(new TopicTagger.Text("Експорт зерна зріс", "", List.of(), Optional.of("uk")), List.of());
        assertThat(topics).extracting(Topic::id).containsExactly("beat:grain");
        assertThat(topics.get(0).label()).isEqualTo("Зерно");
        assertThatThrownBy(() -> TaxonomyFile.of(dir.resolve("missing.yaml"))).hasMessageContaining("missing.yaml");
    }

    @Test
    void aBrokenTaxonomyNamesItsProblem() {
        String yaml = "topics:\n  - id: beat:x\n    parent: beat:missing\n    labels: {en: X}\n";
        assertThatThrownBy(() -> TaxonomyFile.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"))
                .hasMessageContaining("test.yaml").hasMessageContaining("beat:missing");
        String rule = "topics:\n  - id: beat:x\n    labels: {en: X}\n    match: {en: ['open(a|b']}\n";
        assertThatThrownBy(() -> TaxonomyFile.read(new ByteArrayInputStream(rule.getBytes(StandardCharsets.UTF_8)), "rule.yaml"))
                .hasMessageContaining("unmatched (");
    }
}
