package org.newsingest.push;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.util.Timeout;
import org.newsingest.config.IngestConfig;
import org.newsingest.fetch.AddressGuard;
import org.newsingest.fetch.FetchResult;
import org.newsingest.fetch.LogSafe;
import org.newsingest.fetch.PinnedResolver;

/**
 * Sends subscription requests to hubs (WebSub §5.1): a form-encoded {@code POST}. A hub's URL
 * comes from a feed, so it is held to the fetcher's rules: the address guard checks it and pins
 * the addresses connected to, redirects are not followed, the fetch timeouts and User-Agent apply.
 * The response body is never read.
 */
@ApplicationScoped
class HubClient {

    /** What the hub said to a request: accepted (2xx, normally 202), or why not, safe to log. */
    sealed interface Answer {
        record Accepted(int status) implements Answer {}

        record Refused(int status, String detail) implements Answer {}
    }

    private final AddressGuard guard;
    private final IngestConfig.Fetch fetch;
    private final CloseableHttpClient client;

    HubClient(AddressGuard guard, IngestConfig config) {
        this.guard = guard;
        this.fetch = config.fetch();
        DnsResolver pinned = new PinnedResolver(guard, () -> System.nanoTime() + fetch.connectTimeout().toNanos());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(pinned)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(fetch.connectTimeout()))
                                .setSocketTimeout(Timeout.of(fetch.timeout()))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableDefaultUserAgent()
                .build();
    }

    @PreDestroy
    void close() throws IOException {
        client.close();
    }

    /** Posts {@code request} to its hub; never throws. */
    Answer send(HubRequest request) {
        Optional<FetchResult.Failed> refused = guard.check(request.hub());
        if (refused.isPresent()) {
            return new Answer.Refused(0, "hub " + LogSafe.url(request.hub()) + " refused: " + refused.get().detail());
        }
        HttpPost post = new HttpPost(request.hub());
        post.setConfig(RequestConfig.custom().setRedirectsEnabled(false).setResponseTimeout(Timeout.of(fetch.timeout())).build());
        post.setHeader("User-Agent", fetch.userAgent());
        post.setEntity(new UrlEncodedFormEntity(form(request), StandardCharsets.UTF_8));
        try {
            return client.execute(post, response -> {
                int status = response.getCode();
                if (status >= 200 && status < 300) {
                    return new Answer.Accepted(status);
                }
                return new Answer.Refused(status, "the hub answered HTTP " + status);
            });
        } catch (IOException | RuntimeException e) {
            return new Answer.Refused(0, "the hub could not be reached: " + LogSafe.text(e.getClass().getSimpleName() + ": " + e.getMessage(), 300));
        }
    }

    private static List<NameValuePair> form(HubRequest request) {
        List<NameValuePair> form = new java.util.ArrayList<>(List.of(
                new BasicNameValuePair("hub.mode", request.mode().wireName()),
                new BasicNameValuePair("hub.topic", request.topic()),
                new BasicNameValuePair("hub.callback", request.callback())));
        if (request.mode() == HubRequest.Mode.SUBSCRIBE) {
            form.add(new BasicNameValuePair("hub.secret", request.secret()));
            form.add(new BasicNameValuePair("hub.lease_seconds", String.valueOf(request.lease().toSeconds())));
        }
        return form;
    }
}
