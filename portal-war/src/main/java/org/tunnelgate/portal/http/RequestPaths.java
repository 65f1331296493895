package org.tunnelgate.portal.http;

import static org.tunnelgate.portal.http.JsonResponses.JSON;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The path of a request below the context root, read one way by every gate of this application.
 *
 * <p>The container, JAX-RS and our own checks each read a request URI their own way: the servlet
 * container drops {@code ;parameters} and resolves {@code ..} before mapping, JAX-RS drops matrix
 * parameters per segment, and a check on the raw URI sees neither. {@code /api/admin;x/clients} was
 * the admin API to the container and to JAX-RS but not to a raw-URI check, which let a portal
 * session through. Rather than teach every gate every reading, a path that can be read more than
 * one way is not served at all: {@code ;} anywhere, a backslash, an empty segment ({@code //}), a
 * {@code .} or {@code ..} segment, and percent-encoded {@code / \ . ;} or control characters. No
 * page, API or client of ours produces such a path (session ids travel only in cookies).
 */
public final class RequestPaths {

    /** The admin REST API: its own credentials (HTTP Basic) only, never a portal session. */
    public static final String ADMIN_API = "/api/admin";

    private RequestPaths() {}

    /** The path below the context root, as sent; empty when it can be read more than one way. */
    public static Optional<String> of(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String path = uri.substring(Math.min(request.getContextPath().length(), uri.length()));
        return isUnambiguous(path) ? Optional.of(path) : Optional.empty();
    }

    /** Whether a raw (still percent-encoded) path has exactly one reading. */
    static boolean isUnambiguous(String path) {
        if (path.isEmpty()) {
            return true;
        }
        if (!path.startsWith("/") || path.indexOf(';') >= 0 || path.indexOf('\\') >= 0 || path.contains("//")) {
            return false;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        for (int i = lower.indexOf('%'); i >= 0; i = lower.indexOf('%', i + 1)) {
            if (i + 2 >= lower.length()) {
                return false;
            }
            String code = lower.substring(i + 1, i + 3);
            if (code.equals("2f") || code.equals("5c") || code.equals("2e") || code.equals("3b") || code.equals("25")
                    || code.charAt(0) == '0' || code.charAt(0) == '1' || code.equals("7f")) {
                return false;
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** Whether a path (from {@link #of}) belongs to the admin REST API. */
    public static boolean isAdminApi(String path) {
        return path.equals(ADMIN_API) || path.startsWith(ADMIN_API + "/");
    }

    /** The APIs answer errors as {@code {"error": "…"}}; so do the refusals of the gates, to their clients. */
    public static boolean wantsJson(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String path = uri.substring(Math.min(request.getContextPath().length(), uri.length()));
        String accept = request.getHeader("Accept");
        return path.startsWith("/api") || path.startsWith("/oauth/token") || path.startsWith("/.well-known/")
                || (accept != null && accept.contains("application/json") && !accept.contains("text/html"));
    }

    /** Answers a request whose path {@link #of} refused: 400, plain text or the APIs' JSON. */
    public static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String message = "The address contains ';', '//', '.' or '..' segments or encoded separators; "
                + "this server does not serve such addresses.";
        response.resetBuffer();
        response.setStatus(400);
        response.setHeader("Cache-Control", "no-store");
        byte[] body;
        if (wantsJson(request)) {
            response.setContentType("application/json");
            body = JSON.createObjectBuilder().add("error", message).build().toString().getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("text/plain;charset=UTF-8");
            body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
    }
}
