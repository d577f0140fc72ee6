package org.newsingest.fetch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a bot-protection service answering in the publisher's place. Only well-known,
 * documented markers count, so an ordinary 403 or 503 stays what it is:
 *
 * <ul>
 *   <li>the header {@code cf-mitigated: challenge} (Cloudflare's documented signal);</li>
 *   <li>interstitial pages, by markers in their first {@link #PREFIX_BYTES} bytes: Cloudflare's
 *       "Just a moment..." and "Attention Required! | Cloudflare" titles and its {@code cf-chl} /
 *       {@code __cf_chl} challenge scripts; DDoS-Guard's page; Sucuri's WebSite Firewall page;
 *       Akamai's "Access Denied" page with its {@code errors.edgesuite.net} reference.</li>
 * </ul>
 *
 * The page itself is never stored, logged or quoted: only the name of the service is.
 */
public final class BotChallenge {

    /** How much of an error page is looked at. */
    static final int PREFIX_BYTES = 32 * 1024;

    private record Marker(String service, List<String> allOf) {}

    /** Each marker is matched case-insensitively; every text of one marker must appear. */
    private static final List<Marker> PAGE_MARKERS = List.of(
            new Marker("Cloudflare", List.of("<title>just a moment...</title>")),
            new Marker("Cloudflare", List.of("<title>attention required! | cloudflare</title>")),
            new Marker("Cloudflare", List.of("__cf_chl_")),
            new Marker("Cloudflare", List.of("/cdn-cgi/challenge-platform/")),
            new Marker("Cloudflare", List.of("cf-chl-")),
            new Marker("DDoS-Guard", List.of("<title>ddos-guard</title>")),
            new Marker("Sucuri", List.of("sucuri website firewall")),
            new Marker("Akamai", List.of("<title>access denied</title>", "errors.edgesuite.net")));

    private BotChallenge() {}

    /** The service that challenged, from the {@code cf-mitigated} header and the page's first bytes. */
    public static Optional<String> recognise(Optional<String> cfMitigated, byte[] pagePrefix) {
        if (cfMitigated.map(value -> value.strip().equalsIgnoreCase("challenge")).orElse(false)) {
            return Optional.of("Cloudflare");
        }
        return inPage(pagePrefix);
    }

    /** The service whose interstitial page {@code page} is, judged on its first bytes only. */
    public static Optional<String> inPage(byte[] page) {
        if (page == null || page.length == 0) {
            return Optional.empty();
        }
        int length = Math.min(page.length, PREFIX_BYTES);
        // Latin-1 maps every byte to one char: markers are ASCII, so any charset matches as well.
        String text = new String(page, 0, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (Marker marker : PAGE_MARKERS) {
            if (marker.allOf().stream().allMatch(text::contains)) {
                return Optional.of(marker.service());
            }
        }
        return Optional.empty();
    }
}
