package org.newsingest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderSecretsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final Map<String, String> HEADERS = Map.of("Authorization", "Bearer s3cr3t-token", "Cookie", "session=abc");

    @Test
    void withAKeyHeadersAreSealedWithAesGcmAndOpenOnlyForTheirFeed() {
        HeaderSecrets secrets = new HeaderSecrets(Optional.of(KEY));

        String sealed = secrets.seal(7, HEADERS);

        assertThat(sealed).startsWith("aesgcm:v1:").doesNotContain("s3cr3t", "Authorization", "session");
        assertThat(secrets.open(7, sealed)).isEqualTo(HEADERS);
        // Sealed to feed 7: copied to another feed's row it does not open.
        assertThat(secrets.open(8, sealed)).isEmpty();
        // A fresh nonce each time.
        assertThat(secrets.seal(7, HEADERS)).isNotEqualTo(sealed);
    }

    @Test
    void withoutAKeyHeadersAreStoredPlainAndASealedValueCannotBeOpened() {
        HeaderSecrets plain = new HeaderSecrets(Optional.empty());
        String stored = plain.seal(7, HEADERS);

        assertThat(stored).startsWith("plain:v1:");
        assertThat(plain.open(7, stored)).isEqualTo(HEADERS);
        assertThat(plain.open(7, new HeaderSecrets(Optional.of(KEY)).seal(7, HEADERS))).isEmpty();
        assertThat(plain.seal(7, Map.of())).isNull();
    }

    @Test
    void aFeedsProxyIsSealedWithItsCredentialsAndOpensAsTheProxy() {
        HeaderSecrets secrets = new HeaderSecrets(Optional.of(KEY));

        String sealed = secrets.seal(7, Map.of(HeaderSecrets.PROXY, "http://reader:pr0xy-pw@proxy.corp:3128"));

        assertThat(sealed).doesNotContain("pr0xy-pw", "reader", "proxy.corp");
        assertThat(secrets.openProxy(7, sealed)).hasValueSatisfying(proxy -> assertThat(proxy.shown()).isEqualTo("http://***@proxy.corp:3128"));
        assertThat(secrets.openProxy(8, sealed)).isEmpty();
        assertThat(secrets.openProxy(7, null)).isEmpty();
    }

    @Test
    void aKeyThatIsNot256BitsIsRefusedAtStart() {
        assertThatThrownBy(() -> new HeaderSecrets(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("256 bits");
    }

    @Test
    void problemsNameTheHeaderNeverItsValue() {
        assertThat(RequestHeaders.problemWith(Map.of("Authorization", "Bearer x\r\nX-Injected: 1"))).get().asString()
                .contains("Authorization").doesNotContain("Bearer", "Injected");
        assertThat(RequestHeaders.problemWith(Map.of("Host", "evil.example"))).get().asString().contains("set by the fetcher");
        assertThat(RequestHeaders.problemWith(Map.of("Bad Name", "x"))).isPresent();
        assertThat(RequestHeaders.problemWith(HEADERS)).isEmpty();
    }
}
