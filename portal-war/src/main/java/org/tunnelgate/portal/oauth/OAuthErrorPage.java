package org.tunnelgate.portal.oauth;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.tunnelgate.portal.http.Html;

/**
 * The small HTML page a browser gets when an authorization request is refused before consent. It is
 * written directly (not through Faces) so that its status is certain and it never redirects.
 */
final class OAuthErrorPage {

    private OAuthErrorPage() {}

    static void write(HttpServletResponse response, int status, String title, String message) throws IOException {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"/>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
                + "<title>" + Html.escape(title) + " – Tunnelgate</title>"
                + "<link rel=\"stylesheet\" href=\"/resources/css/portal.css\"/></head>\n"
                + "<body><main class=\"content\"><h1>" + Html.escape(title) + "</h1>\n"
                + "<p class=\"error\" id=\"oauth-error\">" + Html.escape(message) + "</p>\n"
                + "<p>Please report this to whoever set up your VPN application.</p></main></body></html>\n";
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
