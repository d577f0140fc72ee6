package org.newsingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads a response body into memory with a hard cap counted on the <em>decompressed</em> bytes
 * (gzip bombs stop at the cap, not at the end of the bomb), and on the bytes on the wire too.
 * Errors are sorted into: the connection failed ({@link WireException}), the encoding is corrupt
 * ({@link DecodeException}), or the body is too large ({@link TooLargeException}). Before holding
 * more decoded bytes it asks the {@link Reservation} (the {@link BodyBudget}), which may wait.
 */
final class BodyReader {

    /** Reserves room for a body as it grows; waiting is its business. */
    @FunctionalInterface
    interface Reservation {
        /** Makes sure {@code bytes} of body may be held in all; throws when that cannot be had in time. */
        void upTo(long bytes) throws IOException;

        Reservation NONE = bytes -> { };
    }

    /** Reserved ahead of the bytes read, so the budget is asked once per this many bytes, not once per buffer. */
    private static final long RESERVE_STEP = 1024 * 1024;

    private BodyReader() {}

    static byte[] read(InputStream wire, Optional<String> contentEncoding, long maxBytes) throws IOException {
        return read(wire, contentEncoding, maxBytes, -1, Reservation.NONE);
    }

    /**
     * {@code contentLength} (or -1) sizes the buffer and the first reservation when the body is not
     * compressed, so a body of known size is neither copied while it grows nor reserved bit by bit.
     */
    static byte[] read(InputStream wire, Optional<String> contentEncoding, long maxBytes, long contentLength, Reservation reservation)
            throws IOException {
        String encoding = contentEncoding.map(e -> e.strip().toLowerCase(Locale.ROOT)).orElse("");
        boolean identity = encoding.isEmpty() || encoding.equals("identity");
        long known = identity && contentLength >= 0 && contentLength <= maxBytes ? contentLength : -1;
        long reserved = Math.max(known, 0);
        reservation.upTo(reserved);
        InputStream counted = new WireStream(wire, maxBytes);
        InputStream decoded = decoder(counted, encoding);
        Buffer out = new Buffer(known >= 0 ? (int) known : 8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        while (true) {
            int n;
            try {
                n = decoded.read(buffer);
            } catch (WireException | TooLargeException e) {
                throw e;
            } catch (IOException e) {
                // Anything the decoder itself raised: corrupt or truncated compressed data.
                throw new DecodeException("cannot decode the " + LogSafe.text(contentEncoding.orElse("identity"), 40) + " body: " + LogSafe.text(e.getMessage(), 120));
            }
            if (n < 0) {
                return out.bytes();
            }
            total += n;
            if (total > maxBytes) {
                throw new TooLargeException("body exceeds " + maxBytes + " bytes once decompressed");
            }
            if (total > reserved) {
                reserved = Math.min(maxBytes, total + RESERVE_STEP);
                reservation.upTo(reserved);
            }
            out.write(buffer, 0, n);
        }
    }

    /**
     * The first {@code maxBytes} decoded bytes of a body, or fewer when it is shorter: for looking
     * at an error page (never stored or logged). Anything unreadable yields what was read so far.
     */
    static byte[] readPrefix(InputStream wire, Optional<String> contentEncoding, int maxBytes) {
        try {
            InputStream decoded = decoder(new WireStream(wire, Long.MAX_VALUE), contentEncoding.map(e -> e.strip().toLowerCase(Locale.ROOT)).orElse(""));
            return decoded.readNBytes(maxBytes);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static InputStream decoder(InputStream in, String encoding) throws IOException {
        switch (encoding) {
            case "", "identity":
                return in;
            case "gzip", "x-gzip":
                try {
                    return new GZIPInputStream(in, 8192);
                } catch (WireException | TooLargeException e) {
                    throw e;
                } catch (IOException e) {
                    throw new DecodeException("not gzip data: " + LogSafe.text(e.getMessage(), 120));
                }
            case "deflate":
                // RFC 9110 says zlib-wrapped; some servers send raw deflate. Look at the header.
                PushbackInputStream pushback = new PushbackInputStream(in, 2);
                byte[] head = pushback.readNBytes(2);
                pushback.unread(head);
                boolean zlib = head.length == 2 && (head[0] & 0x0f) == 8 && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0;
                return new InflaterInputStream(pushback, new Inflater(!zlib), 8192);
            default:
                throw new DecodeException("unsupported Content-Encoding '" + LogSafe.text(encoding, 40) + "'");
        }
    }

    /** A byte buffer that hands out its array without a copy when it is exactly full (a body of known length). */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    /** Counts bytes on the wire and marks the connection's own failures so they are not taken for decode errors. */
    private static final class WireStream extends FilterInputStream {
        private final long max;
        private long count;

        WireStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw new WireException(e, count);
            }
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TooLargeException("body exceeds " + max + " bytes on the wire");
                }
            }
            return n;
        }
    }

    static final class WireException extends IOException {
        /** Body bytes that had arrived (on the wire, before decoding) when the connection failed. */
        final long received;

        WireException(IOException cause, long received) {
            super(cause.getMessage(), cause);
            this.received = received;
        }
    }

    static final class DecodeException extends IOException {
        DecodeException(String message) {
            super(message);
        }
    }

    /** The body byte budget stayed spent for longer than the fetch may wait. */
    static final class BudgetException extends IOException {
        BudgetException(String message) {
            super(message);
        }
    }

    static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }
}
