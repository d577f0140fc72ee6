package org.newsingest.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.LongSupplier;
import org.apache.hc.client5.http.DnsResolver;

/**
 * httpclient5's resolver for every request to a host a feed named (the feed itself, its WebSub
 * hub): resolves through the {@link AddressGuard} and hands back only addresses it checked, so the
 * address checked is the address connected to (no DNS rebinding between the check and the connect).
 */
public final class PinnedResolver implements DnsResolver {

    private final AddressGuard guard;
    private final LongSupplier deadlineNanos;

    /** {@code deadlineNanos} gives the {@link System#nanoTime()} by which a lookup must be done. */
    public PinnedResolver(AddressGuard guard, LongSupplier deadlineNanos) {
        this.guard = guard;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        try {
            return guard.resolveChecked(host, deadlineNanos.getAsLong());
        } catch (UnknownHostException e) {
            throw e;
        } catch (IOException e) {
            UnknownHostException wrapped = new UnknownHostException(e.getMessage());
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
