package org.tunnelgate.portal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tunnelgate.portal.http.RequestPaths;

/**
 * The gate in front of the portal's pages (not the APIs, which check their own input):
 *
 * <ul>
 *   <li>only GET, HEAD and POST (405 otherwise);</li>
 *   <li>a POST must be a form of reasonable size (413/415) whose fields are of reasonable length and
 *       free of control characters (400);</li>
 *   <li>a POST must carry a Faces view state (403). With server-side state saving the view state is
 *       a random per-session token that another site cannot know, so this is the portal's CSRF
 *       protection; a wrong or stale token ends in a {@code ViewExpiredException}, which the error
 *       page also answers with 403.</li>
 *   <li>the view state must look like one this portal issues (403 otherwise): {@code stateless}
 *       made Faces fail with a 500; a well-formed token that names no view of the session is
 *       answered by {@link RefusedViewStates}.</li>
 * </ul>
 */
@WebFilter(filterName = "portalRequestGuard", urlPatterns = "/*")
public class PortalRequestGuard extends HttpFilter {

    static final int MAX_FORM_BYTES = 64 * 1024;
    /** The methods some part of the application serves; anything else is a 405 everywhere. */
    static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");
    /**
     * PATCH reaches only the REST resources (JAX-RS answers a method a resource lacks with 405);
     * a plain servlet (OAuth, discovery, enrollment) would answer it with HttpServlet's 501.
     */
    static final String REST_PREFIX = "/api/";
    static final int MAX_FIELD_CHARS = 4096;
    static final String VIEW_STATE = "jakarta.faces.ViewState";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = RequestPaths.of(request).orElse(null);
        if (path == null) { // the authentication mechanism refuses these first; this is the backstop
            RequestPaths.refuse(request, response);
            return;
        }
        if (!isPortalPage(path)) {
            if (!isServed(request.getMethod(), path)) {
                // HttpServlet answers a method it has never heard of with 501, a server error; it is
                // the client's mistake (found by FuzzIT)
                response.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
                request.setAttribute(ErrorPage.MESSAGE, "This address does not accept this kind of request.");
                response.sendError(405);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            chain.doFilter(request, response);
            return;
        }
        if (!method.equals("POST")) {
            response.setHeader("Allow", "GET, HEAD, POST");
            request.setAttribute(ErrorPage.MESSAGE, "This page accepts only GET and POST.");
            response.sendError(405);
            return;
        }
        String refusal = refusal(request);
        if (refusal != null) {
            request.setAttribute(ErrorPage.MESSAGE, refusal);
            response.sendError(status(refusal));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isServed(String method, String path) {
        return KNOWN_METHODS.contains(method) || method.equals("PATCH") && path.startsWith(REST_PREFIX);
    }

    /** Why this POST is refused, or null. */
    static String refusal(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_FORM_BYTES) {
            return TOO_LARGE;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return NOT_A_FORM;
        }
        request.setCharacterEncoding("UTF-8");
        Map<String, String[]> fields = request.getParameterMap();
        for (var field : fields.entrySet()) {
            if (field.getKey().length() > 256) {
                return BAD_FIELD;
            }
            for (String value : field.getValue()) {
                if (value.length() > MAX_FIELD_CHARS || value.chars().anyMatch(PortalRequestGuard::isControl)) {
                    return BAD_FIELD;
                }
            }
        }
        String[] viewState = fields.get(VIEW_STATE);
        if (viewState == null || viewState.length != 1 || viewState[0].isBlank()) {
            return NO_TOKEN;
        }
        if (!SERVER_STATE_ID.matcher(viewState[0]).matches()) {
            return NOT_OUR_TOKEN; // e.g. "stateless", which made Faces fail with a 500, or client-side state
        }
        return null;
    }

    static final String TOO_LARGE = "The form is too large.";
    static final String NOT_A_FORM = "Only HTML forms may be posted to this page.";
    static final String BAD_FIELD = "A form field is too long or contains characters that are not allowed.";
    static final String NO_TOKEN = "The form lacks its security token. Reload the page and try again.";
    static final String NOT_OUR_TOKEN = RefusedViewStates.MESSAGE;

    /**
     * What a view state of server-side state saving looks like (Mojarra: two random longs). Anything
     * else was not issued by this portal.
     */
    static final Pattern SERVER_STATE_ID = Pattern.compile("-?[0-9]{1,20}:-?[0-9]{1,20}");

    private static int status(String refusal) {
        return switch (refusal) {
            case TOO_LARGE -> 413;
            case NOT_A_FORM -> 415;
            case NO_TOKEN, NOT_OUR_TOKEN -> 403;
            default -> 400;
        };
    }

    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f;
    }

    /** Everything that is not an API, the OAuth token endpoint, the node endpoints or a static file is a page. */
    static boolean isPortalPage(String path) {
        return !(path.startsWith("/api/") || path.equals("/oauth/token") || path.startsWith("/.well-known/")
                || path.startsWith("/resources/") || path.startsWith("/health") || path.startsWith("/node/"));
    }
}
