package org.newsingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;
import org.newsingest.publish.BatchOutcome.Failure;

/** The relay's rules that need no engine: failure classes, routes, event ids. */
class RelayRulesTest {

    @Test
    void everyProducerErrorHasAClassAndTheUnknownIsFatal() {
        assertThat(BatchOutcome.classify(new RecordTooLargeException("big"))).isEqualTo(Failure.PERMANENT);
        assertThat(BatchOutcome.classify(new InvalidTopicException("bad name"))).isEqualTo(Failure.PERMANENT);
        assertThat(BatchOutcome.classify(new SerializationException("bytes"))).isEqualTo(Failure.PERMANENT);
        assertThat(BatchOutcome.classify(new org.apache.kafka.common.errors.TimeoutException("no metadata"))).isEqualTo(Failure.RETRIABLE);
        assertThat(BatchOutcome.classify(new NetworkException("gone"))).isEqualTo(Failure.RETRIABLE);
        assertThat(BatchOutcome.classify(new NotEnoughReplicasException("isr"))).isEqualTo(Failure.RETRIABLE);
        assertThat(BatchOutcome.classify(new TimeoutException("our wait"))).isEqualTo(Failure.RETRIABLE);
        assertThat(BatchOutcome.classify(new TopicAuthorizationException(Set.of("t")))).isEqualTo(Failure.FATAL);
        assertThat(BatchOutcome.classify(new ClusterAuthorizationException("acl"))).isEqualTo(Failure.FATAL);
        assertThat(BatchOutcome.classify(new AuthenticationException("sasl"))).isEqualTo(Failure.FATAL);
        assertThat(BatchOutcome.classify(new ProducerFencedException("fenced"))).isEqualTo(Failure.FATAL);
        assertThat(BatchOutcome.classify(new UnsupportedVersionException("old broker"))).isEqualTo(Failure.FATAL);
        assertThat(BatchOutcome.classify(new IllegalStateException("closed"))).isEqualTo(Failure.FATAL);
        assertThat(BatchOutcome.classify(new KafkaException("unknown"))).isEqualTo(Failure.FATAL);
        assertThat(BatchOutcome.classify(new RuntimeException("unknown"))).isEqualTo(Failure.FATAL);
        // as the futures deliver them
        assertThat(BatchOutcome.classify(new CompletionException(new RecordTooLargeException("big")))).isEqualTo(Failure.PERMANENT);
    }

    @Test
    void routesAreOneEnvironmentVariable() {
        Routes routes = new Routes("news.items", " geo:UA = news.ukraine ; iptc:sport=news.sport,news.all-sport;geo:MD=news.ukraine");
        assertThat(routes.routes()).isEqualTo(Map.of("geo:UA", List.of("news.ukraine"),
                "iptc:sport", List.of("news.sport", "news.all-sport"), "geo:MD", List.of("news.ukraine")));
        assertThat(routes.destinations("geo:UA,geo:MD,war")).containsExactly("news.items", "news.ukraine");
        assertThat(routes.destinations("iptc:sport")).containsExactly("news.items", "news.sport", "news.all-sport");
        assertThat(routes.destinations("geo:UAX,")).containsExactly("news.items");
        assertThat(routes.destinations("")).containsExactly("news.items");
        assertThat(new Routes("news.items", "").destinations("geo:UA")).containsExactly("news.items");
        assertThatThrownBy(() -> Routes.parse("geo:UA")).hasMessageContaining("topic-id=kafka-topic");
        assertThatThrownBy(() -> Routes.parse("geo:UA=news ukraine")).hasMessageContaining("not a Kafka topic name");
    }

    @Test
    void eventIdsFollowItemRevisionAndType() {
        UUID item = UUID.fromString("3f2c1e9a-0000-4000-8000-000000000001");
        assertThat(Outbox.eventId(item, 1, "news.item.created")).isEqualTo(Outbox.eventId(item, 1, "news.item.created"));
        assertThat(Outbox.eventId(item, 2, "news.item.updated")).isNotEqualTo(Outbox.eventId(item, 3, "news.item.updated"));
        assertThat(Outbox.eventId(item, 1, "news.item.created")).isNotEqualTo(Outbox.eventId(item, 1, "news.item.updated"));
    }
}
