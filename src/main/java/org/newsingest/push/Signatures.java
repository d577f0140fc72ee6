package org.newsingest.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WebSub §7, Authenticated Content Distribution: {@code X-Hub-Signature: method=signature}, the
 * HMAC of the whole body under the subscription's secret, in hex. The methods are sha1, sha256,
 * sha384 and sha512; the comparison takes the same time wherever the bytes differ.
 */
final class Signatures {

    /** How a pushed body's signature turned out; only {@link #VALID} bodies are processed. */
    enum Check {
        VALID("valid"),
        MISSING("unsigned"),
        UNKNOWN_METHOD("unknown_signature_method"),
        MISMATCH("bad_signature");

        /** Stable name: the outcome label of {@code ingest_websub_pushes_total} and the recorded error. */
        final String code;

        Check(String code) {
            this.code = code;
        }
    }

    private static final Map<String, String> ALGORITHMS = Map.of(
            "sha1", "HmacSHA1", "sha256", "HmacSHA256", "sha384", "HmacSHA384", "sha512", "HmacSHA512");

    private Signatures() {}

    static Check check(Optional<String> header, byte[] body, String secret) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Check.MISSING;
        }
        String value = header.get().strip();
        int equals = value.indexOf('=');
        String algorithm = equals < 0 ? null : ALGORITHMS.get(value.substring(0, equals).strip().toLowerCase(Locale.ROOT));
        if (algorithm == null) {
            return Check.UNKNOWN_METHOD;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(equals + 1).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Check.MISMATCH;
        }
        return MessageDigest.isEqual(hmac(algorithm, secret, body), given) ? Check.VALID : Check.MISMATCH;
    }

    /** {@code method=hex}, as a hub signs: for tests and tools that play the hub. */
    static String sign(String method, String secret, byte[] body) {
        return method + "=" + HexFormat.of().formatHex(hmac(ALGORITHMS.get(method), secret, body));
    }

    private static byte[] hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
