package org.tunnelgate.portal.http;

import java.util.Locale;

/**
 * What a request that arrived over plain HTTP gets instead of the page or API it asked for: the
 * portal, the APIs and every credential travel only over HTTPS.
 *
 * <ul>
 *   <li>GET and HEAD without credentials: 301 to the same path and query on HTTPS, so a person who
 *       typed the address without {@code https://} lands where they meant to go;</li>
 *   <li>anything else (a form POST, an API call, any request with an {@code Authorization}
 *       header): 403 with a message naming the HTTPS address. A 307/308 would make clients quietly
 *       repeat the request, sending its body and credentials in the clear on every call and hiding
 *       the mistake; a refusal gets the client's configuration fixed.</li>
 * </ul>
 * Credentials that arrive this way are never checked: the answer does not depend on them.
 *
 * <p>The one exception: {@code GET}/{@code HEAD /health/live} and {@code /health/ready} are served
 * over HTTP too (Payara answers them inside this application), for load balancers and
 * keepalived, which check plain HTTP on the instances; they say UP or DOWN and nothing secret.
 *
 * @param location the HTTPS URL to go to (also named in the message)
 */
public record PlainHttpAnswer(int status, String location, String message) {

    /**
     * @param method             the request method
     * @param carriesCredentials whether the request has an {@code Authorization} header
     * @param httpsBase          {@code https://host[:port]} of this portal (see {@link #httpsBase})
     * @param pathAndQuery       the request's path, with {@code ?query} when it has one
     */
    public static PlainHttpAnswer of(String method, boolean carriesCredentials, String httpsBase, String pathAndQuery) {
        String location = httpsBase + pathAndQuery;
        boolean safe = method.equals("GET") || method.equals("HEAD");
        if (carriesCredentials) {
            return new PlainHttpAnswer(403, location, "Credentials are accepted only over HTTPS. They were sent "
                    + "unencrypted and were not checked; use " + location + " (and consider them exposed).");
        }
        if (!safe) {
            return new PlainHttpAnswer(403, location, "This service answers only over HTTPS. Send the request to "
                    + location + " instead.");
        }
        return new PlainHttpAnswer(301, location, "Moved to HTTPS: " + location);
    }

    /** Whether a plain-HTTP request is served as it is: the health checks, and only those. */
    public static boolean servedOverPlainHttp(String method, boolean carriesCredentials, String path) {
        return (method.equals("GET") || method.equals("HEAD")) && !carriesCredentials
                && (path.equals("/health/live") || path.equals("/health/ready"));
    }

    /**
     * The HTTPS twin of a plain-HTTP base URL: same host, HTTPS port. Behind a trusted proxy the
     * proxy's public HTTPS port is the standard 443; a direct client goes to this server's own
     * HTTPS listener.
     *
     * @param plainBase {@code http://host[:port]} as the client sees it ({@code PublicBaseUrl})
     * @param httpsPort the port of this server's HTTPS listener
     * @param viaProxy  whether the request came through a trusted proxy
     */
    public static String httpsBase(String plainBase, int httpsPort, boolean viaProxy) {
        String authority = plainBase.substring(plainBase.indexOf("://") + 3);
        String host;
        if (authority.startsWith("[")) {
            host = authority.substring(0, authority.indexOf(']') + 1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
        }
        boolean standardPort = viaProxy || httpsPort == 443;
        return "https://" + host.toLowerCase(Locale.ROOT) + (standardPort ? "" : ":" + httpsPort);
    }
}
