package org.newsingest.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTaggerTest {

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
    void feedTagsComeFirstAndATopicIsNeverRepeated() {
        List<Topic> topics = TopicTagger.tag(List.of("Ukraine", "RFE/RL"), List.of("ukraine", "Energy"));
        assertThat(topics).extracting(Topic::id).containsExactly("ukraine", "rfe-rl", "energy");
        assertThat(topics).extracting(Topic::source).containsExactly(Topic.FROM_FEED, Topic.FROM_FEED, Topic.FROM_CATEGORY);
        assertThat(topics.get(2).label()).isEqualTo("Energy");
    }
}
