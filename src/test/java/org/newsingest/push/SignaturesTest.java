package org.newsingest.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    private static final String SECRET = "s3cr3t-of-this-subscription";
    private static final byte[] BODY = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>".getBytes(StandardCharsets.UTF_8);

    /** Known HMAC values of "The quick brown fox jumps over the lazy dog" under the key "key" (RFC 2104 test usage). */
    @Test
    void signaturesMatchPublishedHmacValues() {
        byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
        assertThat(Signatures.sign("sha1", "key", fox)).isEqualTo("sha1=de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9");
        assertThat(Signatures.sign("sha256", "key", fox)).isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha1", "sha256", "sha384", "sha512"})
    void eachMethodOfTheRecommendationVerifies(String method) {
        assertThat(Signatures.check(Optional.of(Signatures.sign(method, SECRET, BODY)), BODY, SECRET)).isEqualTo(Signatures.Check.VALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha1", "sha256", "sha384", "sha512"})
    void eachMethodRefusesAnotherSecretAndAnAlteredBody(String method) {
        String signed = Signatures.sign(method, SECRET, BODY);
        assertThat(Signatures.check(Optional.of(Signatures.sign(method, "another secret", BODY)), BODY, SECRET))
                .isEqualTo(Signatures.Check.MISMATCH);
        byte[] altered = BODY.clone();
        altered[altered.length - 2] ^= 1;
        assertThat(Signatures.check(Optional.of(signed), altered, SECRET)).isEqualTo(Signatures.Check.MISMATCH);
    }

    @Test
    void upperCaseHexAndSpacesAroundTheValueStillVerify() {
        String signed = Signatures.sign("sha256", SECRET, BODY);
        String shouted = "SHA256=" + signed.substring("sha256=".length()).toUpperCase();
        assertThat(Signatures.check(Optional.of(" " + shouted + " "), BODY, SECRET)).isEqualTo(Signatures.Check.VALID);
    }

    @Test
    void missingUnknownAndMalformedSignaturesAreNotValid() {
        assertThat(Signatures.check(Optional.empty(), BODY, SECRET)).isEqualTo(Signatures.Check.MISSING);
        assertThat(Signatures.check(Optional.of("  "), BODY, SECRET)).isEqualTo(Signatures.Check.MISSING);
        assertThat(Signatures.check(Optional.of("md5=00ff"), BODY, SECRET)).isEqualTo(Signatures.Check.UNKNOWN_METHOD);
        assertThat(Signatures.check(Optional.of("sha256"), BODY, SECRET)).isEqualTo(Signatures.Check.UNKNOWN_METHOD);
        assertThat(Signatures.check(Optional.of("sha256=not-hex"), BODY, SECRET)).isEqualTo(Signatures.Check.MISMATCH);
        assertThat(Signatures.check(Optional.of("sha256=abc"), BODY, SECRET)).isEqualTo(Signatures.Check.MISMATCH);
        // A sha1 signature presented as sha256 (a downgrade or a confused hub) is not accepted.
        String sha1 = Signatures.sign("sha1", SECRET, BODY).substring("sha1=".length());
        assertThat(Signatures.check(Optional.of("sha256=" + sha1), BODY, SECRET)).isEqualTo(Signatures.Check.MISMATCH);
    }
}
