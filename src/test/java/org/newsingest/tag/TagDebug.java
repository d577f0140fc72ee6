package org.newsingest.tag;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagDebug {
    @Test
    void show() throws Exception {
        TopicTagger tagger = new TopicTagger(TaxonomyFile.defaults());
        Set<String> ids = Set.of(System.getProperty("ids", "").split(","));
        for (String split : List.of("dev", "heldout")) {
            var in = getClass().getClassLoader().getResourceAsStream("topics/evaluation-" + split + ".yaml");
            if (in == null) continue;
            List<TopicEvaluationTest.Item> items = new YAMLMapper().readValue(in, new TypeReference<List<TopicEvaluationTest.Item>>() {});
            for (var item : items) {
                if (!ids.contains(item.id())) continue;
                System.out.println(item.id() + " " + item.title());
                tagger.tag(new TopicTagger.Text(item.title(), item.body(), item.categories() == null ? List.of() : item.categories(), Optional.of(item.lang())), List.of())
                        .forEach(t -> System.out.println("   " + t.id() + " " + t.score() + " " + t.source()));
                PhraseTrie trie = tagger.taxonomy().rules();
                for (String text : List.of(item.title(), item.body())) {
                    String c = TextFold.composed(text);
                    for (var hit : trie.find(c, TextFold.fold(c))) {
                        System.out.println("      hit " + tagger.taxonomy().entry(hit.rule().topic()).id() + (hit.rule().exclusion() ? " EXCL " : " ") + c.substring(hit.start(), hit.end()));
                    }
                }
            }
        }
    }
}
