package org.newsingest.fetch;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials a feed URL may carry, and the URL as it may be published or shown. User info
 * ({@code http://user:pass@host/}) is refused at subscribe: credentials belong in per-feed headers.
 * A credential in the query (many publishers hand out {@code ?token=} links) cannot be moved, so
 * the real URL is fetched, and everywhere else (events, API responses, OPML, fetch log, logs) the
 * value of every parameter named in {@link #SECRET_PARAMETERS} reads {@code ***}.
 */
public final class UrlSecrets {

    /** Query parameters whose values are taken for credentials, compared without case. */
    public static final Set<String> SECRET_PARAMETERS = Set.of(
            "token", "key", "apikey", "api_key", "access_token", "auth", "password", "secret", "sig", "signature");

    public static final String REDACTED = "***";

    private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@");
    /** One {@code name=value} of a query: the name in group 2, the value in group 3. */
    private static final Pattern PARAMETER = Pattern.compile("([?&;])([^=&;#]*)=([^&;#]*)");

    private UrlSecrets() {}

    /** True when {@code url} carries user info (a name or a password before the host). */
    public static boolean hasUserInfo(URI url) {
        return url.getRawUserInfo() != null || USERINFO.matcher(url.toString()).find() && url.getHost() == null;
    }

    /** {@code url} with user info replaced by {@code ***@} and the values of credential parameters by {@code ***}. */
    public static String redacted(String url) {
        if (url == null) {
            return null;
        }
        String withoutUserInfo = USERINFO.matcher(url).replaceFirst("$1" + REDACTED + "@");
        int query = withoutUserInfo.indexOf('?');
        if (query < 0) {
            return withoutUserInfo;
        }
        Matcher parameter = PARAMETER.matcher(withoutUserInfo);
        parameter.region(query, withoutUserInfo.length());
        StringBuilder out = new StringBuilder(withoutUserInfo.length());
        while (parameter.find()) {
            String value = isSecret(parameter.group(2)) ? REDACTED : parameter.group(3);
            parameter.appendReplacement(out, Matcher.quoteReplacement(parameter.group(1) + parameter.group(2) + "=" + value));
        }
        parameter.appendTail(out);
        return out.toString();
    }

    public static String redacted(URI url) {
        return url == null ? null : redacted(url.toString());
    }

    private static boolean isSecret(String name) {
        return SECRET_PARAMETERS.contains(name.strip().toLowerCase(Locale.ROOT));
    }
}
