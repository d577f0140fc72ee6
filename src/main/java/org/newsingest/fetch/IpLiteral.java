package org.newsingest.fetch;

import java.util.regex.Pattern;

/** Recognises IP literals in host names, including the odd spellings that must never reach a resolver. */
final class IpLiteral {

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Anything made only of digits, dots and hex markers: {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|\\d+)(\\.(0x[0-9a-f]*|\\d*))*\\.?");

    private IpLiteral() {}

    static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static boolean isCanonicalIpv4(String host) {
        return CANONICAL_IPV4.matcher(host).matches();
    }

    static boolean isIpv6(String host) {
        String bare = unbracket(host);
        return bare.indexOf(':') >= 0 && bare.matches("(?i)[0-9a-f:.]+(%[\\w.]+)?");
    }

    static boolean isLiteral(String host) {
        return isCanonicalIpv4(host) || isIpv6(host);
    }

    /**
     * A host that different parsers read as different addresses: decimal, octal or hex IPv4,
     * or a dotted form with fewer than four parts. Java, glibc and curl disagree on these, so
     * they are refused outright instead of being resolved.
     */
    static boolean isAmbiguousNumeric(String host) {
        return !isCanonicalIpv4(host) && NUMERIC_HOST.matcher(host).matches();
    }
}
