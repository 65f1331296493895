package org.tunnelgate.portal.web;

import jakarta.faces.application.ViewExpiredException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.http.Html;
import org.tunnelgate.portal.http.Refusals;

/**
 * Every error the container or the application produces ends here (see {@code web.xml}): a short
 * page — or JSON for API paths and JSON clients — with the status and a message a person can act
 * on. Never a stack trace: unexpected exceptions are logged with a reference the page shows.
 * Deliberately plain servlet output, so an error inside Faces cannot break its own error page.
 */
@WebServlet(name = "errorPage", urlPatterns = "/error-page")
public class ErrorPage extends HttpServlet {

    /** Request attribute: a message for the person, set by our code before {@code sendError}. */
    public static final String MESSAGE = "tunnelgate.error.message";

    private static final Logger LOG = Logger.getLogger(ErrorPage.class.getName());

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad request"), Map.entry(401, "Not logged in"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not found"), Map.entry(405, "Method not allowed"), Map.entry(406, "Not acceptable"),
            Map.entry(409, "Conflict"), Map.entry(413, "Too large"), Map.entry(415, "Unsupported content"),
            Map.entry(500, "Something went wrong"), Map.entry(503, "Temporarily unavailable"));

    private static final Map<Integer, String> DEFAULT_MESSAGES = Map.of(
            400, "The request could not be understood.",
            403, "You may not see this page.",
            404, "There is nothing at this address.",
            405, "This address does not accept this kind of request.");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer)) {
            // requested directly, not as an error page
            write(request, response, 404, DEFAULT_MESSAGES.get(404));
            return;
        }
        int status = (Integer) code;
        // only our own refusals carry a message we show; the container's texts can name internals
        String message = (String) request.getAttribute(MESSAGE);
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (error != null) {
            Throwable cause = error;
            while (cause != null && !(cause instanceof ViewExpiredException) && !(cause instanceof BusinessException)) {
                cause = cause.getCause();
            }
            if (cause instanceof ViewExpiredException) {
                status = 403;
                message = "This form has expired or was not issued to you. Reload the page and try again.";
            } else if (cause instanceof BusinessException refusal) {
                status = Refusals.status(refusal);
                message = refusal.getMessage();
            } else {
                String reference = UUID.randomUUID().toString().substring(0, 8);
                LOG.log(Level.SEVERE, "unexpected error " + reference + " at " + request.getAttribute(
                        RequestDispatcher.ERROR_REQUEST_URI), error);
                status = 500;
                message = "An unexpected error occurred (reference " + reference + ").";
            }
        } else if (status >= 500) {
            message = "An unexpected error occurred.";
        }
        if (message == null || message.isBlank()) {
            message = DEFAULT_MESSAGES.getOrDefault(status, TITLES.getOrDefault(status, "Error") + ".");
        }
        write(request, response, status, message);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        String title = TITLES.getOrDefault(status, "Error");
        if (wantsJson(request)) {
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"" + json(message) + "\",\"status\":" + status + "}");
            return;
        }
        response.setContentType("text/html");
        String root = request.getContextPath();
        response.getWriter().write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + status + " " + Html.escape(title) + " — Tunnelgate</title>"
                + "<link rel=\"stylesheet\" href=\"" + root + "/resources/css/portal.css\"></head>"
                + "<body><header class=\"top\"><a class=\"brand\" href=\"" + root + "/\">Tunnelgate</a></header>"
                + "<main class=\"page error\"><h1>" + status + " " + Html.escape(title) + "</h1>"
                + "<p class=\"message\">" + Html.escape(message) + "</p>"
                + "<p><a href=\"" + root + "/\">Go to the start page</a></p></main></body></html>\n");
    }

    private static boolean wantsJson(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? request.getRequestURI() : uri.toString();
        String accept = request.getHeader("Accept");
        return path.startsWith(request.getContextPath() + "/api/") || path.startsWith(request.getContextPath() + "/oauth/token")
                || (accept != null && accept.contains("application/json") && !accept.contains("text/html"));
    }

    static String json(String s) {
        var out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
