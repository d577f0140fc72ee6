package org.newsingest.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** gzip files as documents ({@code sitemap.xml.gz}), inflated with a hard cap so a gzip bomb stops at the cap. */
final class Gzip {

    /** The sitemaps protocol caps a sitemap at 50 MB uncompressed; feeds are far smaller. 16 MiB bounds memory per poll. */
    static final int MAX_INFLATED_BYTES = 16 * 1024 * 1024;

    private Gzip() {}

    static boolean isGzip(byte[] body) {
        return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    /** The inflated bytes, or empty when the data is corrupt, truncated or inflates past the cap. */
    static Optional<byte[]> inflate(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            byte[] inflated = in.readNBytes(MAX_INFLATED_BYTES + 1);
            return inflated.length > MAX_INFLATED_BYTES ? Optional.empty() : Optional.of(inflated);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
