package org.newsingest.fetch;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.newsingest.config.IngestConfig;
import org.newsingest.feed.PollError;

/**
 * Decides whether a URL may be fetched at all (SSRF guard): the scheme, the spelling of the host,
 * and every address the host resolves to.
 *
 * <p>Policy:
 * <ul>
 *   <li>only {@code http} and {@code https};
 *   <li>hosts spelled as ambiguous numbers ({@code 2130706433}, {@code 0177.0.0.1}, {@code 127.1},
 *       {@code 0x7f.1}) are always refused: parsers disagree on what they mean;
 *   <li>names that only make sense inside a network ({@code localhost}, {@code *.localhost},
 *       {@code *.local}, {@code *.internal}, {@code *.localdomain}, {@code *.home.arpa}, single-label
 *       names) are refused unless private networks are allowed or the name is on the allow-list;
 *   <li>a host is refused when <em>any</em> of its addresses is refused (a public A record next to
 *       a private AAAA record is refused as a whole, as Nextcloud does);
 *   <li>refused ranges: loopback, RFC 1918, CGNAT 100.64/10, link-local 169.254/16 (cloud
 *       metadata), 0/8, benchmarking, documentation and reserved IPv4 ranges, multicast and
 *       broadcast; IPv6 outside global unicast 2000::/3, plus ULA fc00::/7, IPv4-mapped and
 *       IPv4-compatible ::/96 forms, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16,
 *       Teredo and other IETF special space 2001::/23, documentation 2001:db8::/32;
 *   <li>{@code ingest.fetch.allow-private-networks} lifts the private-range rules; an address
 *       inside an {@code ingest.fetch.allow-list} CIDR or a host named in it (exactly, or as
 *       {@code .suffix}) is allowed too. The unspecified address, multicast, broadcast and the
 *       cloud metadata addresses stay refused unless a CIDR of the allow-list names them.
 * </ul>
 *
 * <p>At fetch time the HTTP client resolves hosts only through {@link #resolveChecked}, so the
 * address checked is the address connected to (no DNS rebinding between check and connect).
 */
@Startup // a malformed allow-list fails the start, naming the entry, instead of the first fetch
@ApplicationScoped
public class AddressGuard {

    private static final List<Range> REFUSED = List.of(
            new Range("0.0.0.0/8", "the unspecified network", true),
            new Range("10.0.0.0/8", "a private network", false),
            new Range("100.64.0.0/10", "carrier-grade NAT space", false),
            new Range("127.0.0.0/8", "loopback", false),
            new Range("169.254.169.254/32", "the cloud metadata service", true),
            new Range("169.254.0.0/16", "link-local", false),
            new Range("172.16.0.0/12", "a private network", false),
            new Range("192.0.0.0/24", "IETF protocol space", false),
            new Range("192.0.2.0/24", "documentation space", false),
            new Range("192.88.99.0/24", "the 6to4 relay anycast", false),
            new Range("192.168.0.0/16", "a private network", false),
            new Range("198.18.0.0/15", "benchmarking space", false),
            new Range("198.51.100.0/24", "documentation space", false),
            new Range("203.0.113.0/24", "documentation space", false),
            new Range("224.0.0.0/4", "multicast", true),
            new Range("240.0.0.0/4", "reserved space or broadcast", true),
            new Range("::/128", "the unspecified address", true),
            new Range("::1/128", "loopback", false),
            new Range("::ffff:0:0/96", "an IPv4-mapped address", false),
            new Range("::/96", "an IPv4-compatible address", false),
            new Range("64:ff9b::/96", "NAT64", false),
            new Range("64:ff9b:1::/48", "local NAT64", false),
            new Range("100::/64", "the discard prefix", false),
            new Range("2001:db8::/32", "documentation space", false),
            new Range("2001::/23", "IETF special space (Teredo and others)", false),
            new Range("2002::/16", "6to4", false),
            new Range("fd00:ec2::254/128", "the cloud metadata service", true),
            new Range("fc00::/7", "a unique-local (private) network", false),
            new Range("fe80::/10", "link-local", false),
            new Range("fec0::/10", "site-local", false),
            new Range("ff00::/8", "multicast", true));

    private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3");

    private static final List<String> INTERNAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".localdomain", ".home.arpa");

    private final boolean allowPrivateNetworks;
    private final List<Cidr> allowedRanges = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private final HostResolver resolver;
    private final Duration resolveTimeout;
    /**
     * Lookups that may run at once. A resolver that hangs ignores interruption, so each hung lookup
     * keeps its thread until the system resolver gives up: without a bound, a dead DNS server would
     * cost one thread per fetch attempt. Beyond the bound, lookups queue (and time out at their
     * deadline) or, with the queue full too, fail at once.
     */
    static final int MAX_LOOKUP_THREADS = 32;
    private static final int MAX_QUEUED_LOOKUPS = 512;

    private final ExecutorService lookups;

    @Inject
    AddressGuard(IngestConfig config) {
        this(config.fetch(), HostResolver.SYSTEM);
    }

    public AddressGuard(IngestConfig.Fetch config, HostResolver resolver) {
        this.allowPrivateNetworks = config.allowPrivateNetworks();
        for (String entry : config.allowList().orElse(List.of())) {
            String value = entry.strip().toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                continue;
            }
            String address = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
            if (IpLiteral.isLiteral(address)) {
                try {
                    allowedRanges.add(Cidr.parse(value));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("ingest.fetch.allow-list: '" + LogSafe.text(entry, 100) + "' is not a valid CIDR", e);
                }
            } else if (value.contains("/") || IpLiteral.isAmbiguousNumeric(address) || address.isEmpty()) {
                throw new IllegalArgumentException("ingest.fetch.allow-list: '" + LogSafe.text(entry, 100)
                        + "' is neither a CIDR (10.0.0.0/8, fd00::/8) nor a host name");
            } else {
                allowedHosts.add(stripTrailingDot(value));
            }
        }
        this.resolver = resolver;
        this.resolveTimeout = config.connectTimeout();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_LOOKUP_THREADS, MAX_LOOKUP_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED_LOOKUPS), runnable -> {
                    Thread thread = new Thread(runnable, "fetch-dns");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.lookups = pool;
    }

    @PreDestroy
    void close() {
        lookups.shutdownNow();
    }

    /**
     * Empty when {@code url} may be fetched, else the error and why not. Resolves the host (bounded
     * by the connect timeout): used when a feed is subscribed. An unknown host is reported as
     * {@link PollError#NETWORK_ERROR}, which callers may choose to tolerate.
     */
    public Optional<FetchResult.Failed> check(URI url) {
        Optional<FetchResult.Failed> syntax = checkUrl(url);
        if (syntax.isPresent()) {
            return syntax;
        }
        try {
            resolveChecked(url.getHost(), System.nanoTime() + resolveTimeout.toNanos());
            return Optional.empty();
        } catch (BlockedAddressException e) {
            return Optional.of(new FetchResult.Failed(0, e.error(), e.getMessage()));
        } catch (IOException e) {
            return Optional.of(new FetchResult.Failed(0, PollError.NETWORK_ERROR, "cannot resolve " + LogSafe.text(url.getHost())));
        }
    }

    /** Checks scheme and host spelling, without resolving anything. */
    Optional<FetchResult.Failed> checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of(new FetchResult.Failed(0, PollError.UNSUPPORTED_SCHEME,
                    "only http and https feeds are fetched, not '" + LogSafe.text(scheme, 20) + "'"));
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            // java.net.URI gives no host for "127.1", "user@a@b", "%31%32%37.0.0.1": refuse rather than guess.
            String raw = rawHost(url);
            if (IpLiteral.isAmbiguousNumeric(raw)) {
                return Optional.of(new FetchResult.Failed(0, PollError.BLOCKED_ADDRESS, "ambiguous numeric host '" + LogSafe.text(raw, 60) + "'"));
            }
            return Optional.of(new FetchResult.Failed(0, PollError.INVALID_URL, "the URL has no host that can be checked"));
        }
        return checkHostName(host).map(reason -> new FetchResult.Failed(0, PollError.BLOCKED_ADDRESS, reason));
    }

    /**
     * Resolves {@code host} (within the deadline) and returns its addresses only if every one may
     * be connected to; else throws {@link BlockedAddressException}. The HTTP client connects only
     * to the addresses returned here.
     */
    InetAddress[] resolveChecked(String host, long deadlineNanos) throws IOException {
        Optional<String> nameRefusal = checkHostName(host);
        if (nameRefusal.isPresent()) {
            throw new BlockedAddressException(PollError.BLOCKED_ADDRESS, nameRefusal.get());
        }
        String bare = IpLiteral.unbracket(host);
        InetAddress[] addresses = lookup(bare, deadlineNanos);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(LogSafe.text(host, 100));
        }
        boolean hostAllowed = allowPrivateNetworks || isAllowedHost(host);
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address, hostAllowed);
            if (refusal.isPresent()) {
                throw new BlockedAddressException(PollError.BLOCKED_ADDRESS,
                        LogSafe.text(host, 100) + " resolves to " + address.getHostAddress() + ", " + refusal.get());
            }
        }
        return addresses;
    }

    /** Why {@code address} may not be connected to, if it may not. */
    Optional<String> refusal(InetAddress address, boolean hostAllowed) {
        for (Cidr allowed : allowedRanges) {
            if (allowed.contains(address)) {
                return Optional.empty();
            }
        }
        for (Range range : REFUSED) {
            if (range.cidr().contains(address)) {
                if (range.always() || !hostAllowed) {
                    return Optional.of("which is " + range.label() + " (" + range.cidr() + ")");
                }
                return Optional.empty();
            }
        }
        if (address instanceof Inet6Address && !GLOBAL_UNICAST_V6.contains(address) && !hostAllowed) {
            return Optional.of("which is not a global unicast IPv6 address");
        }
        return Optional.empty();
    }

    private Optional<String> checkHostName(String host) {
        String name = stripTrailingDot(IpLiteral.unbracket(host).toLowerCase(Locale.ROOT));
        if (name.isEmpty()) {
            return Optional.of("empty host name");
        }
        if (IpLiteral.isAmbiguousNumeric(name)) {
            return Optional.of("ambiguous numeric host '" + LogSafe.text(name, 60) + "'");
        }
        if (IpLiteral.isLiteral(name) || allowPrivateNetworks || isAllowedHost(name)) {
            return Optional.empty();
        }
        if (name.equals("localhost") || INTERNAL_SUFFIXES.stream().anyMatch(name::endsWith)) {
            return Optional.of("'" + LogSafe.text(name, 100) + "' is an internal host name");
        }
        if (name.indexOf('.') < 0) {
            return Optional.of("'" + LogSafe.text(name, 100) + "' is a single-label (intranet) host name");
        }
        return Optional.empty();
    }

    private boolean isAllowedHost(String host) {
        String name = stripTrailingDot(IpLiteral.unbracket(host).toLowerCase(Locale.ROOT));
        for (String allowed : allowedHosts) {
            if (allowed.startsWith(".") ? name.endsWith(allowed) : name.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    private InetAddress[] lookup(String host, long deadlineNanos) throws IOException {
        long remaining = Math.min(deadlineNanos - System.nanoTime(), resolveTimeout.toNanos());
        if (remaining <= 0) {
            throw new InterruptedIOException("deadline passed before resolving " + LogSafe.text(host, 100));
        }
        Future<InetAddress[]> answer;
        try {
            answer = lookups.submit(() -> resolver.resolve(host));
        } catch (RejectedExecutionException e) {
            throw new UnknownHostException("cannot resolve " + LogSafe.text(host, 100) + " now: " + MAX_QUEUED_LOOKUPS
                    + " DNS lookups are already waiting (is the DNS server answering?)");
        }
        try {
            return answer.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new java.net.SocketTimeoutException("resolving " + LogSafe.text(host, 100) + " timed out");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while resolving");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UnknownHostException(LogSafe.text(host, 100) + ": " + e.getCause());
        }
    }

    private static String rawHost(URI url) {
        String authority = url.getRawAuthority();
        if (authority == null) {
            return "";
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (!host.startsWith("[") && host.lastIndexOf(':') > 0) {
            host = host.substring(0, host.lastIndexOf(':'));
        }
        return host;
    }

    private static String stripTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private record Range(Cidr cidr, String label, boolean always) {
        Range(String cidr, String label, boolean always) {
            this(Cidr.parse(cidr), label, always);
        }
    }
}
