package org.tunnelgate.portal.http;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The portal's base URL as the client sees it ({@code scheme://host[:port]}, no trailing slash), built
 * from the request so that it is right on every instance and behind the virtual IP. Forwarding headers
 * count only when the direct peer is a trusted proxy; RFC 7239 {@code Forwarded} wins over the
 * {@code X-Forwarded-*} family.
 */
public final class PublicBaseUrl {

    /** A DNS name, IPv4 literal or bracketed IPv6 literal, with an optional port. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(?::([0-9]{1,5}))?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private PublicBaseUrl() {}

    /**
     * @param header        the request's header lookup (first value)
     * @param scheme        the scheme of the connection that reached us
     * @param directHost    the Host header, or server name and port when absent
     * @param remoteAddress the direct peer
     */
    public static String of(Function<String, String> header, String scheme, String directHost, String remoteAddress,
                            TrustedProxies trusted) {
        String proto = scheme.toLowerCase(Locale.ROOT);
        String host = directHost;
        if (trusted.contains(remoteAddress)) {
            String forwarded = header.apply("Forwarded");
            if (forwarded != null) {
                String firstHop = forwarded.split(",", 2)[0];
                proto = orElse(normalisedProto(parameter(firstHop, "proto")), proto);
                host = orElse(validHost(parameter(firstHop, "host")), host);
            } else {
                proto = orElse(normalisedProto(first(header.apply("X-Forwarded-Proto"))), proto);
                host = orElse(validHost(first(header.apply("X-Forwarded-Host"))), host);
                String port = first(header.apply("X-Forwarded-Port"));
                if (port != null && PORT.matcher(port).matches() && Integer.parseInt(port) <= 65535) {
                    host = withPort(host, port);
                }
            }
        }
        if (validHost(host) == null) {
            host = "localhost";
        }
        return proto + "://" + withoutDefaultPort(host, proto);
    }

    /** The OAuth issuer identifier: the base URL with a trailing slash (some Android app versions need it). */
    public static String issuer(String baseUrl) {
        return baseUrl + "/";
    }

    private static String parameter(String element, String name) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    private static String first(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        String value = headerValue.split(",", 2)[0].trim();
        return value.isEmpty() ? null : value;
    }

    private static String normalisedProto(String proto) {
        if (proto == null) {
            return null;
        }
        String lower = proto.toLowerCase(Locale.ROOT);
        return lower.equals("http") || lower.equals("https") ? lower : null;
    }

    private static String validHost(String host) {
        if (host == null) {
            return null;
        }
        Matcher m = HOST.matcher(host);
        if (!m.matches() || (m.group(2) != null && Integer.parseInt(m.group(2)) > 65535)) {
            return null;
        }
        return host;
    }

    private static String withPort(String host, String port) {
        Matcher m = HOST.matcher(host);
        return (m.matches() ? m.group(1) : host) + ":" + port;
    }

    private static String withoutDefaultPort(String host, String proto) {
        String defaultPort = proto.equals("https") ? ":443" : ":80";
        return host.endsWith(defaultPort) ? host.substring(0, host.length() - defaultPort.length()) : host;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
