package org.newsingest.fetch;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.Timeout;
import org.jboss.logging.Logger;
import org.newsingest.config.IngestConfig;
import org.newsingest.feed.PollError;

/**
 * Fetches feed documents over HTTP: conditional GET, redirects followed by hand, hard limits, and
 * every connection checked by the {@link AddressGuard}.
 *
 * <p><b>Why Apache HttpClient 5 and not {@code java.net.http}.</b> The SSRF guard must check the
 * address that is actually connected to. Java 17's {@code HttpClient} has no resolver hook (that
 * arrived with JEP 418 in Java 18), so a check-then-connect there is open to DNS rebinding, and
 * connecting to a checked IP literal instead would lose the Host header and TLS SNI/hostname
 * verification. HttpClient 5 connects only to the addresses its {@link DnsResolver} returns, so
 * our resolver resolves once, checks <em>every</em> address, and hands back exactly those: the
 * answer is pinned for that connection. It also decodes nothing and stores no cookies unless
 * asked, and a request can be cancelled from another thread, which is how the overall deadline
 * (headers <em>and</em> body, JDK-8208693) is enforced.
 *
 * <p><b>Per fetch:</b> at most {@code max-redirects} hops, each checked (scheme, host spelling,
 * resolved addresses, https→http refused, loops detected); for each hop a per-host slot
 * ({@link HostLimiter}); a watchdog cancels the request when the overall deadline passes; a
 * Content-Length over the cap is refused before reading; the body is read through
 * {@link BodyReader} (gzip/deflate decoded by us, capped on decompressed bytes). Every connection
 * is used for one request only and then discarded, so nothing is reused across checks.
 *
 * <p>Its size (over 400 lines) is the hop-by-hop flow, whose checks must run in order on every hop;
 * the client it sends through ({@link GuardedClient}) and how failures are worded
 * ({@link FetchFailures}) live apart.
 */
@ApplicationScoped
public class FeedFetcher {

    private static final Logger LOG = Logger.getLogger(FeedFetcher.class);

    static final String ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, "
            + "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";
    /** Validators longer than this, or with control characters, are not stored or echoed. */
    private static final int MAX_VALIDATOR_LENGTH = 1024;
    /** {@code Link} headers kept of one response (WebSub discovery). */
    private static final int MAX_LINK_HEADERS = 20;

    private final IngestConfig.Fetch config;
    private final AddressGuard guard;
    private final BodyBudget budget;
    private final HostLimiter hosts;
    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor watchdog;
    /** The deadline of the fetch running on this thread, read by the resolver. */
    private final ThreadLocal<Long> deadline = new ThreadLocal<>();
    /** The route of the fetch running on this thread: through which proxy, if any. */
    private final ProxyRoutes routes = new ProxyRoutes();
    /** The service's proxy ({@code ingest.fetch.proxy}); a feed's own replaces it. */
    private final Optional<OutboundProxy> proxy;
    /** Fetches under way, so a shutdown can abandon them ({@link #abandonInFlight()}). */
    private final Set<FetchAttempt> running = ConcurrentHashMap.newKeySet();

    @Inject
    FeedFetcher(IngestConfig config, FetchProxyConfig proxy, AddressGuard guard, BodyBudget budget) {
        this(config.fetch(), guard, null, new HostLimiter(config.fetch().perHostConcurrency(), config.fetch().perHostSpacing()), budget,
                proxy.proxy().map(FeedFetcher::configuredProxy));
    }

    /** {@code sslContext} null means the JVM's default trust store (tests pass their own). */
    public FeedFetcher(IngestConfig.Fetch config, AddressGuard guard, SSLContext sslContext) {
        this(config, guard, sslContext, BodyBudget.unbounded());
    }

    public FeedFetcher(IngestConfig.Fetch config, AddressGuard guard, SSLContext sslContext, BodyBudget budget) {
        this(config, guard, sslContext, new HostLimiter(config.perHostConcurrency(), config.perHostSpacing()), budget, Optional.empty());
    }

    /**
     * A fetcher that shares {@code hosts} and {@code budget} with another, so both count against one
     * per-host cap ({@link PageFetcher}); {@code proxy} is the service's proxy, empty for direct connections.
     */
    FeedFetcher(IngestConfig.Fetch config, AddressGuard guard, SSLContext sslContext, HostLimiter hosts, BodyBudget budget,
                Optional<OutboundProxy> proxy) {
        this.config = config;
        this.guard = guard;
        this.hosts = hosts;
        this.budget = budget;
        this.proxy = proxy;
        PinnedResolver pinned = new PinnedResolver(guard, () -> {
            Long until = deadline.get();
            return until != null ? until : System.nanoTime() + config.connectTimeout().toNanos();
        });
        this.client = GuardedClient.build(config, routes.resolver(pinned), routes.planner(), sslContext);
        this.watchdog = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "fetch-deadline");
            thread.setDaemon(true);
            return thread;
        });
        // A finished fetch cancels its alarm: drop it now, not when its 30 s would have run out.
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /** The per-host slots of this fetcher, for a {@link PageFetcher} to share. */
    HostLimiter hosts() {
        return hosts;
    }

    /** The body byte budget of this fetcher, for a {@link PageFetcher} to share. */
    BodyBudget budget() {
        return budget;
    }

    /** The service's proxy, for a {@link PageFetcher} to go through too. */
    Optional<OutboundProxy> proxy() {
        return proxy;
    }

    /** {@code ingest.fetch.proxy} read at start: a malformed one fails the start, naming the problem but not the credentials. */
    private static OutboundProxy configuredProxy(String text) {
        OutboundProxy.Parsed parsed = OutboundProxy.parse(text);
        if (parsed instanceof OutboundProxy.Parsed.Invalid invalid) {
            throw new IllegalArgumentException("ingest.fetch.proxy: " + invalid.reason());
        }
        return ((OutboundProxy.Parsed.Valid) parsed).proxy();
    }

    @PreDestroy
    void close() {
        watchdog.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing the HTTP client failed", e);
        }
    }

    /** Fetches {@code request}; never throws, and returns within the configured deadline (plus a little). */
    public FetchResult fetch(FetchRequest request) {
        long deadlineNanos = System.nanoTime() + config.timeout().toNanos();
        FetchAttempt attempt = new FetchAttempt(budget.holdOfThisThread());
        attempt.arm(watchdog, config.timeout().toNanos());
        deadline.set(deadlineNanos);
        running.add(attempt);
        try {
            FetchResult result = follow(request, attempt, deadlineNanos);
            if (attempt.abandoned() || Thread.currentThread().isInterrupted()) {
                // Whatever the cut-off request looked like (reset, timeout), it was our doing.
                return new FetchResult.Abandoned("fetch of " + LogSafe.url(request.url()) + " abandoned at shutdown");
            }
            if (result instanceof FetchResult.Failed failed) {
                LOG.debugf("fetch of %s failed: %s (%s)", LogSafe.url(request.url()), failed.error().code(), failed.detail());
            }
            return result;
        } catch (RuntimeException e) {
            // A bug or a library surprise must still end as a recorded failure of this feed.
            LOG.warnf(e, "unexpected error fetching %s", LogSafe.url(request.url()));
            return new FetchResult.Failed(0, PollError.NETWORK_ERROR, "unexpected error: " + LogSafe.text(e.toString(), 200));
        } finally {
            running.remove(attempt);
            attempt.disarm();
            attempt.cancelCurrent();
            attempt.releaseBudgetOfThisFetch();
            deadline.remove();
            routes.clear();
        }
    }

    /** Deadline alarms waiting to fire: one per fetch under way. */
    int pendingDeadlines() {
        return watchdog.getQueue().size();
    }

    /**
     * Cuts off every fetch under way: each returns {@link FetchResult.Abandoned} at once. Used at
     * shutdown once the grace for in-flight polls has run out; an interrupted fetching thread
     * ends the same way. (Interrupting alone would not do: a blocking socket read ignores it.)
     */
    public void abandonInFlight() {
        for (FetchAttempt attempt : running) {
            attempt.abandon();
        }
    }

    private FetchResult follow(FetchRequest request, FetchAttempt attempt, long deadlineNanos) {
        URI current = request.url();
        Optional<FetchResult.Failed> refused = guard.checkUrl(current);
        if (refused.isPresent()) {
            return refused.get();
        }
        Set<String> visited = new HashSet<>();
        visited.add(withoutFragment(current));
        boolean permanentRun = true;
        URI permanentTarget = null;
        for (int hop = 0; ; hop++) {
            Hop response = exchange(current, request, attempt, deadlineNanos);
            if (response.result != null) {
                return response.result;
            }
            int status = response.status;
            // A redirect: validate the next hop before anything is sent to it.
            Optional<String> location = response.location;
            if (location.isEmpty()) {
                return new FetchResult.Failed(status, PollError.INVALID_URL, "HTTP " + status + " redirect without a Location");
            }
            URI next;
            try {
                next = current.resolve(new URI(location.get().strip()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return new FetchResult.Failed(status, PollError.INVALID_URL, "HTTP " + status + " to an invalid Location '" + LogSafe.text(location.get(), 200) + "'");
            }
            Optional<FetchResult.Failed> nextRefused = guard.checkUrl(next);
            if (nextRefused.isPresent()) {
                FetchResult.Failed why = nextRefused.get();
                return new FetchResult.Failed(status, why.error(), "redirect to " + LogSafe.url(next) + " refused: " + why.detail());
            }
            if ("https".equalsIgnoreCase(current.getScheme()) && "http".equalsIgnoreCase(next.getScheme())) {
                return new FetchResult.Failed(status, PollError.INSECURE_REDIRECT, "https feed redirected to plain http " + LogSafe.url(next));
            }
            if (!visited.add(withoutFragment(next))) {
                return new FetchResult.Failed(status, PollError.TOO_MANY_REDIRECTS, "redirect loop back to " + LogSafe.url(next));
            }
            if (hop + 1 > config.maxRedirects()) {
                return new FetchResult.Failed(status, PollError.TOO_MANY_REDIRECTS, "more than " + config.maxRedirects() + " redirects");
            }
            if (permanentRun && (status == 301 || status == 308)) {
                permanentTarget = next;
            } else {
                permanentRun = false;
            }
            // Only an https target may ever replace the stored URL (RFC 9110 §15.4.2: "the connection is secured").
            attempt.permanentRedirect = Optional.ofNullable(permanentTarget).filter(uri -> "https".equalsIgnoreCase(uri.getScheme()));
            current = next;
        }
    }

    /** One request/response. Returns a final result, or the status and Location of a redirect. */
    private Hop exchange(URI url, FetchRequest request, FetchAttempt attempt, long deadlineNanos) {
        String host = IpLiteral.unbracket(url.getHost());
        HostLimiter.Slot slot;
        try {
            slot = hosts.acquire(host, deadlineNanos);
        } catch (HostLimiter.SlotTimeoutException e) {
            return Hop.done(new FetchResult.Failed(0, PollError.TIMEOUT, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Hop.done(new FetchResult.Abandoned("interrupted while waiting for a slot for " + LogSafe.text(host, 100)));
        }
        try (slot) {
            HttpGet get = newRequest(url, host, request, deadlineNanos);
            if (!attempt.start(get)) {
                return Hop.done(timeout());
            }
            HttpClientContext context = HttpClientContext.create();
            ClassicHttpResponse response = null;
            try {
                Optional<OutboundProxy> via = request.settings().proxy().or(() -> proxy);
                if (via.isPresent()) {
                    // The proxy connects to the target, so the guard checks the target's addresses here, before anything is sent.
                    guard.resolveChecked(host, deadlineNanos);
                    routes.use(via.get(), context);
                }
                response = client.executeOpen(new HttpHost(url.getScheme().toLowerCase(Locale.ROOT), host, url.getPort()), get, context);
                return interpret(url, response, attempt);
            } catch (IOException e) {
                return Hop.done(attempt.expired() ? timeout() : FetchFailures.classify(e));
            } catch (RuntimeException e) {
                // A request cancelled under the client, between two of its steps, surfaces as its
                // complaint ("Endpoint not acquired / already released", a null connection) rather
                // than an I/O error. Cancelled by the deadline it is a timeout; abandoned, fetch()
                // reports it as such whatever this hop returns. Anything else is a real surprise.
                if (attempt.expired() || attempt.abandoned()) {
                    return Hop.done(timeout());
                }
                throw e;
            } finally {
                // One request per connection: drop it, without draining whatever the server still sends.
                get.cancel();
                if (response != null) {
                    try {
                        response.close();
                    } catch (IOException ignored) {
                        // the connection is gone already
                    }
                }
            }
        }
    }

    private HttpGet newRequest(URI url, String host, FetchRequest request, long deadlineNanos) {
        // Path and query exactly as in the URL (the fragment is never sent).
        HttpGet get = new HttpGet(url);
        get.setScheme(url.getScheme().toLowerCase(Locale.ROOT));
        // The checked host only, never user info; the port only when the URL names one, as browsers do.
        get.setAuthority(new URIAuthority(host, url.getPort()));
        long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        get.setConfig(RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(remainingMillis))
                .setResponseTimeout(Timeout.ofMilliseconds(remainingMillis))
                .build());
        RequestSettings settings = request.settings();
        if (sameOrigin(url, request.url())) {
            // The feed's own headers (credentials) go to its own origin only, never to where a redirect points elsewhere.
            settings.headers().forEach(get::setHeader);
        }
        get.setHeader("User-Agent", settings.userAgent().orElse(config.userAgent()));
        get.setHeader("Accept", ACCEPT);
        get.setHeader("Accept-Encoding", "gzip");
        request.etag().filter(FeedFetcher::isSafeValidator).ifPresent(etag -> get.setHeader("If-None-Match", etag));
        request.lastModified().filter(FeedFetcher::isSafeValidator).ifPresent(date -> get.setHeader("If-Modified-Since", date));
        return get;
    }

    private Hop interpret(URI url, ClassicHttpResponse response, FetchAttempt attempt) throws IOException {
        int status = response.getCode();
        Instant now = Instant.now();
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308 || status == 300) {
            return new Hop(status, header(response, "Location"));
        }
        FetchResult.CacheHints hints = HttpDates.cacheHints(header(response, "Cache-Control"), header(response, "Expires"), now);
        if (status == 304) {
            return Hop.done(new FetchResult.NotModified(status, hints, attempt.permanentRedirect));
        }
        if (status == 410) {
            return Hop.done(new FetchResult.Gone(status));
        }
        if (status == 429) {
            return Hop.done(new FetchResult.RateLimited(status, HttpDates.retryAfter(header(response, "Retry-After"), now)));
        }
        if (status == 403 || status == 503) {
            // A bot wall answers in the publisher's place: its own error kind and back-off, never "gone" or a plain 4xx/5xx.
            Optional<String> challenger = BotChallenge.recognise(header(response, "cf-mitigated"), errorPagePrefix(response));
            if (challenger.isPresent()) {
                return Hop.done(new FetchResult.Failed(status, PollError.BOT_CHALLENGE,
                        "HTTP " + status + ": a " + challenger.get() + " bot challenge answered instead of the feed"));
            }
        }
        if (status == 503) {
            Optional<Instant> retryAt = HttpDates.retryAfter(header(response, "Retry-After"), now);
            if (retryAt.isPresent()) {
                return Hop.done(new FetchResult.RateLimited(status, retryAt));
            }
        }
        if (status >= 400 || status < 200 || status >= 300) {
            // The body of an error page is never stored, logged or quoted: status and size only.
            String size = Optional.ofNullable(response.getEntity()).map(HttpEntity::getContentLength).filter(n -> n >= 0)
                    .map(n -> ", " + n + " bytes").orElse("");
            PollError error = status == 401 || status == 403 ? PollError.AUTH_FAILED
                    : status >= 500 ? PollError.HTTP_5XX : status >= 400 ? PollError.HTTP_4XX : PollError.NETWORK_ERROR;
            return Hop.done(new FetchResult.Failed(status, error, "HTTP " + status + size));
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return Hop.done(new FetchResult.Failed(status, PollError.EMPTY_BODY, "HTTP " + status + " without a body"));
        }
        if (entity.getContentLength() > config.maxBodyBytes()) {
            return Hop.done(new FetchResult.Failed(status, PollError.TOO_LARGE,
                    "Content-Length " + entity.getContentLength() + " exceeds the limit of " + config.maxBodyBytes() + " bytes"));
        }
        byte[] body;
        try (InputStream wire = entity.getContent()) {
            body = BodyReader.read(wire, Optional.ofNullable(entity.getContentEncoding()), config.maxBodyBytes(), entity.getContentLength(),
                    bytes -> reserve(attempt, bytes));
        } catch (BodyReader.BudgetException e) {
            return Hop.done(new FetchResult.Failed(status, PollError.TIMEOUT, e.getMessage()));
        } catch (BodyReader.TooLargeException e) {
            return Hop.done(new FetchResult.Failed(status, PollError.TOO_LARGE, e.getMessage()));
        } catch (BodyReader.DecodeException e) {
            return Hop.done(attempt.expired() ? timeout() : new FetchResult.Failed(status, PollError.DECODE_ERROR, e.getMessage()));
        } catch (BodyReader.WireException e) {
            return Hop.done(attempt.expired() ? timeout() : FetchFailures.cutShort(status, e, entity.getContentLength()));
        } catch (IOException e) {
            FetchResult.Failed failed = attempt.expired() ? timeout() : FetchFailures.classify(e);
            return Hop.done(new FetchResult.Failed(status, failed.error(), "body cut short: " + failed.detail()));
        }
        if (attempt.expired()) {
            return Hop.done(timeout());
        }
        if (body.length == 0) {
            return Hop.done(new FetchResult.Failed(status, PollError.EMPTY_BODY, "HTTP " + status + " with an empty body"));
        }
        Optional<String> contentType = header(response, "Content-Type");
        if (contentType.filter(type -> type.toLowerCase(Locale.ROOT).contains("html")).isPresent()) {
            Optional<String> challenger = BotChallenge.inPage(body);
            if (challenger.isPresent()) {
                return Hop.done(new FetchResult.Failed(status, PollError.BOT_CHALLENGE,
                        "HTTP " + status + ": a " + challenger.get() + " bot challenge page answered instead of the feed"));
            }
        }
        return Hop.done(new FetchResult.Modified(
                status,
                url,
                body,
                header(response, "Content-Type").map(type -> LogSafe.text(type, 200)),
                header(response, "ETag").filter(FeedFetcher::isSafeValidator),
                header(response, "Last-Modified").filter(FeedFetcher::isSafeValidator),
                hints,
                attempt.permanentRedirect,
                linkHeaders(response)));
    }

    /** At most {@link #MAX_LINK_HEADERS} {@code Link} header values, each cut to a safe length: discovery needs a few. */
    private static List<String> linkHeaders(ClassicHttpResponse response) {
        return Arrays.stream(response.getHeaders("Link")).limit(MAX_LINK_HEADERS)
                .map(Header::getValue).filter(Objects::nonNull).map(value -> value.length() > 4096 ? value.substring(0, 4096) : value)
                .toList();
    }

    /**
     * Reserves body bytes in the {@link BodyBudget}. While it waits for room the fetch's deadline is
     * stopped: time spent queueing for memory is not the server's slowness.
     */
    private void reserve(FetchAttempt attempt, long bytes) throws IOException {
        if (attempt.hold.covers(bytes)) {
            return;
        }
        long left = attempt.disarm();
        try {
            if (!attempt.hold.reserve(bytes)) {
                throw new BodyReader.BudgetException("the body byte budget (ingest.fetch.max-bytes-in-flight) stayed spent for "
                        + budget.maxWait().toMillis() + " ms; " + bytes + " bytes were wanted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the body byte budget");
        } finally {
            attempt.arm(watchdog, left);
        }
    }

    /** The first bytes of an error page, to recognise a bot challenge; never stored, logged or quoted. */
    private static byte[] errorPagePrefix(ClassicHttpResponse response) {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream wire = entity.getContent()) {
            return BodyReader.readPrefix(wire, Optional.ofNullable(entity.getContentEncoding()), BotChallenge.PREFIX_BYTES);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private FetchResult.Failed timeout() {
        return new FetchResult.Failed(0, PollError.TIMEOUT, "no complete response within " + config.timeout().toMillis() + " ms");
    }

    private static Optional<String> header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
    }

    /** Validators are echoed byte for byte, so they must be short and free of control characters. */
    static boolean isSafeValidator(String value) {
        return !value.isEmpty() && value.length() <= MAX_VALIDATOR_LENGTH && isSendable(value);
    }

    /** Printable Latin-1 without control characters (tab allowed): nothing that could split or corrupt a header line. */
    public static boolean isSendable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Same scheme, host and port (the default port made explicit). */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static String withoutFragment(URI url) {
        String text = url.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }

    /** The outcome of one hop: a final result, or a redirect to follow. */
    private static final class Hop {
        final FetchResult result;
        final int status;
        final Optional<String> location;
        Hop(int status, Optional<String> location) {
            this.result = null;
            this.status = status;
            this.location = location;
        }

        private Hop(FetchResult result) {
            this.result = result;
            this.status = result.status();
            this.location = Optional.empty();
        }

        static Hop done(FetchResult result) {
            return new Hop(result);
        }
    }
}
