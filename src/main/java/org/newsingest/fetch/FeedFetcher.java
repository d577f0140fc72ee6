package org.newsingest.fetch;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import org.newsingest.config.IngestConfig;

/** Fetches feed documents over HTTP with conditional GET. */
@ApplicationScoped
public class FeedFetcher {

    private final IngestConfig.Fetch config;
    private final HttpClient client;

    FeedFetcher(IngestConfig config) {
        this.config = config.fetch();
        this.client = HttpClient.newBuilder()
                .connectTimeout(this.config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public FetchResult fetch(FetchRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.url())
                .timeout(config.timeout())
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
                .GET();
        request.etag().ifPresent(etag -> builder.header("If-None-Match", etag));
        request.lastModified().ifPresent(date -> builder.header("If-Modified-Since", date));
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                if (status == 304) {
                    return new FetchResult.NotModified(status, FetchResult.CacheHints.NONE);
                }
                if (status == 410) {
                    return new FetchResult.Gone(status);
                }
                if (status == 429 || status == 503) {
                    return new FetchResult.RateLimited(status, Optional.empty());
                }
                if (status >= 400) {
                    return new FetchResult.Failed(status, status >= 500 ? FetchError.HTTP_5XX : FetchError.HTTP_4XX, "HTTP " + status);
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxBodyBytes() + 1));
                if (bytes.length > config.maxBodyBytes()) {
                    return new FetchResult.Failed(status, FetchError.TOO_LARGE, "body exceeds " + config.maxBodyBytes() + " bytes");
                }
                if (bytes.length == 0) {
                    return new FetchResult.Failed(status, FetchError.EMPTY_BODY, "empty body");
                }
                return new FetchResult.Modified(
                        status,
                        response.uri(),
                        bytes,
                        response.headers().firstValue("Content-Type"),
                        response.headers().firstValue("ETag"),
                        response.headers().firstValue("Last-Modified"),
                        FetchResult.CacheHints.NONE,
                        Optional.empty());
            }
        } catch (HttpTimeoutException e) {
            return new FetchResult.Failed(0, FetchError.TIMEOUT, e.getMessage());
        } catch (IOException e) {
            return new FetchResult.Failed(0, FetchError.NETWORK_ERROR, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FetchResult.Failed(0, FetchError.NETWORK_ERROR, "interrupted");
        }
    }
}
