package org.newsingest.fetch;

import java.net.UnknownHostException;
import org.newsingest.feed.PollError;

/**
 * Thrown from inside the HTTP client's resolution step when the address guard refuses a host: it
 * is an {@link UnknownHostException} so the client gives up before opening any socket.
 */
final class BlockedAddressException extends UnknownHostException {

    private final PollError error;

    BlockedAddressException(PollError error, String message) {
        super(message);
        this.error = error;
    }

    PollError error() {
        return error;
    }
}
