package org.newsingest.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;

/**
 * An HTTP forward proxy fetches go through: {@code http://[user:password@]host:port}. The
 * operator configures it ({@code ingest.fetch.proxy}, or a feed's {@code proxy}), so it may sit on
 * a private network: the {@link AddressGuard} checks the target of every request, not the proxy.
 * The credentials are secrets: {@link #toString()} and {@link #shown()} give {@code ***} for them.
 */
public final class OutboundProxy {

    private final HttpHost host;
    private final Optional<UsernamePasswordCredentials> credentials;

    private OutboundProxy(HttpHost host, Optional<UsernamePasswordCredentials> credentials) {
        this.host = host;
        this.credentials = credentials;
    }

    /** What reading a proxy URL gave: the proxy, or why it is not one (the reason never quotes the credentials). */
    public sealed interface Parsed {
        record Valid(OutboundProxy proxy) implements Parsed {}

        record Invalid(String reason) implements Parsed {}
    }

    /** Reads {@code http://[user:password@]host:port}; an https proxy, a path or a missing port are refused. */
    public static Parsed parse(String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            return new Parsed.Invalid("the proxy must be a URL such as http://proxy:3128");
        }
        if (!"http".equalsIgnoreCase(url.getScheme())) {
            return new Parsed.Invalid("the proxy must be an http:// URL (an HTTP forward proxy; https targets are tunnelled with CONNECT)");
        }
        if (url.getHost() == null || url.getPort() < 0) {
            return new Parsed.Invalid("the proxy URL needs a host and a port, such as http://proxy:3128");
        }
        if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/") || url.getRawQuery() != null) {
            return new Parsed.Invalid("the proxy URL must name only a host and a port");
        }
        Optional<UsernamePasswordCredentials> credentials = Optional.ofNullable(url.getRawUserInfo()).map(info -> {
            int colon = info.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            String password = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            return new UsernamePasswordCredentials(user, password.toCharArray());
        });
        return new Parsed.Valid(new OutboundProxy(new HttpHost("http", IpLiteral.unbracket(url.getHost()).toLowerCase(Locale.ROOT), url.getPort()),
                credentials));
    }

    /** The proxy {@code text} names, if it is a valid one. */
    public static Optional<OutboundProxy> ifValid(String text) {
        return parse(text) instanceof Parsed.Valid valid ? Optional.of(valid.proxy()) : Optional.empty();
    }

    HttpHost host() {
        return host;
    }

    /** The proxy's credentials for httpclient5 to answer its {@code 407} with; empty when it needs none. */
    Optional<BasicCredentialsProvider> credentialsProvider() {
        return credentials.map(given -> {
            BasicCredentialsProvider provider = new BasicCredentialsProvider();
            provider.setCredentials(new AuthScope(host), given);
            return provider;
        });
    }

    /** The proxy as it may be shown: {@code http://***@host:port} when it has credentials. */
    public String shown() {
        return "http://" + (credentials.isPresent() ? UrlSecrets.REDACTED + "@" : "") + host.toHostString();
    }

    @Override
    public String toString() {
        return shown();
    }
}
