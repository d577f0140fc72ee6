package org.newsingest.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.newsingest.fetch.OutboundProxy;

/**
 * Seals and opens a feed's request headers for the {@code feed.request_headers} column.
 *
 * <p>With {@code ingest.secrets.key} (base64, 256 bits) the headers are stored as
 * {@code aesgcm:v1:<base64(12-byte nonce | ciphertext | tag)>}, AES-256-GCM with a fresh random
 * nonce per write and the feed id as associated data (a sealed value copied to another feed does
 * not open). Without a key they are stored as {@code plain:v1:<json>}: still write-only in the
 * API and never logged, but readable by whoever reads the database. A value sealed with a key
 * cannot be opened without it: the feed is then polled without its headers (and records
 * {@code auth_failed}), and a warning names the feed.
 */
@ApplicationScoped
public class HeaderSecrets {

    /** The one key of a sealed proxy column ({@link Feed#proxy}). */
    static final String PROXY = "url";
    private static final String SEALED = "aesgcm:v1:";
    private static final String PLAIN = "plain:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> HEADERS = new TypeReference<>() {};

    private final Optional<SecretKey> key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    HeaderSecrets(SecretsConfig config) {
        this(config.key());
    }

    HeaderSecrets(Optional<String> base64Key) {
        this.key = base64Key.filter(k -> !k.isBlank()).map(HeaderSecrets::secretKey);
    }

    private static SecretKey secretKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ingest.secrets.key (INGEST_SECRETS_KEY) is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("ingest.secrets.key (INGEST_SECRETS_KEY) must be 256 bits (32 bytes), not " + bytes.length * 8);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** The column value for {@code headers} of feed {@code feedId}; null for none. */
    public String seal(long feedId, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(new TreeMap<>(headers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers cannot be written as JSON", e);
        }
        if (key.isEmpty()) {
            return PLAIN + new String(json, StandardCharsets.UTF_8);
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(feedId));
            byte[] sealed = cipher.doFinal(json);
            return SEALED + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The headers stored in {@code column} for feed {@code feedId}; empty headers when there are none or they cannot be opened. */
    public Map<String, String> open(long feedId, String column) {
        if (column == null || column.isEmpty()) {
            return Map.of();
        }
        try {
            if (column.startsWith(PLAIN)) {
                return JSON.readValue(column.substring(PLAIN.length()), HEADERS);
            }
            if (column.startsWith(SEALED) && key.isPresent()) {
                byte[] sealed = Base64.getDecoder().decode(column.substring(SEALED.length()));
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
                cipher.updateAAD(associatedData(feedId));
                return JSON.readValue(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), HEADERS);
            }
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            // Never the exception's text: it could echo part of the value.
            Log.warnf("feed %d: its request headers cannot be opened (%s); it is polled without them", feedId, e.getClass().getSimpleName());
            return Map.of();
        }
        Log.warnf("feed %d: its request headers are encrypted and ingest.secrets.key is not set; it is polled without them", feedId);
        return Map.of();
    }

    /** The feed's own proxy, opened from {@link Feed#proxy}; empty for none, or when it cannot be opened (then the service's proxy is used). */
    public Optional<OutboundProxy> openProxy(long feedId, String column) {
        return Optional.ofNullable(open(feedId, column).get(PROXY)).flatMap(OutboundProxy::ifValid);
    }

    private static byte[] associatedData(long feedId) {
        return ("feed:" + feedId).getBytes(StandardCharsets.UTF_8);
    }
}
