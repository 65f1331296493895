package org.tunnelgate.portal.rest;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.tunnelgate.platform.Version;
import org.tunnelgate.portal.http.PortalAddress;

/**
 * The admin REST API's description for signed-in admins (role admin by web.xml's constraint):
 * {@code /openapi} is the OpenAPI 3.0 document (JSON), {@code /admin/api} the same as a page — every
 * operation with its parameters, body and answers, server-rendered, every text escaped.
 */
@WebServlet({"/openapi", "/admin/api"})
public class OpenApiServlet extends HttpServlet {

    @Inject
    PortalAddress address;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        if (request.getServletPath().equals("/openapi")) {
            response.setContentType("application/json");
            response.getWriter().write(OpenApiDocument.document(address.baseUrl(request), Version.current()).toString());
            return;
        }
        response.setContentType("text/html");
        PrintWriter out = response.getWriter();
        String context = escape(request.getContextPath());
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
                + "<title>Admin REST API — Tunnelgate</title><link rel=\"stylesheet\" href=\"" + context + "/resources/css/portal.css\"/>"
                + "</head><body><header class=\"top\"><a class=\"brand\" href=\"" + context + "/\">Tunnelgate</a>"
                + "<nav><a href=\"" + context + "/admin\">Admin</a></nav></header><main class=\"page\"><h1>Admin REST API</h1>"
                + "<p>Every operation below <code>" + escape(address.baseUrl(request)) + "</code>, over HTTPS, with an admin API token"
                + " (<code>Authorization: Bearer tgat_…</code>, made at <a href=\"" + context + "/admin/tokens\">API tokens</a>;"
                + " a read-only token may only read) or HTTP Basic with an admin's password. Errors are"
                + " <code>{\"error\": \"…\"}</code>. The machine-readable description: <a id=\"openapi\" href=\"" + context
                + "/openapi\">/openapi</a> (OpenAPI 3.0; with a token: <code>/api/admin/openapi</code>).</p>"
                + "<div class=\"scroll\"><table class=\"list\" id=\"operations\"><thead><tr><th scope=\"col\">Operation</th>"
                + "<th scope=\"col\">What it does</th><th scope=\"col\">Parameters</th><th scope=\"col\">Answers</th></tr></thead><tbody>");
        for (OpenApiDocument.Op op : OpenApiDocument.operations()) {
            StringBuilder params = new StringBuilder();
            op.parameters().forEach(p -> params.append("<code>").append(escape(p.name())).append("</code> (")
                    .append(p.in()).append(", ").append(p.type()).append(")<br/>"));
            if (op.jsonBody()) {
                params.append("JSON body");
            }
            StringBuilder answers = new StringBuilder();
            op.responses().forEach((code, text) -> answers.append("<b>").append(escape(code)).append("</b> ")
                    .append(escape(text)).append("<br/>"));
            out.print("<tr class=\"operation\"><td class=\"operation-path\"><code>" + op.method().toUpperCase() + " "
                    + escape(op.path()) + "</code></td><td>" + escape(op.summary())
                    + (op.description().isEmpty() ? "" : "<br/><span class=\"hint\">" + escape(op.description()) + "</span>")
                    + "</td><td>" + params + "</td><td>" + answers + "</td></tr>");
        }
        out.print("</tbody></table></div></main><footer class=\"bottom\">Tunnelgate " + escape(Version.current())
                + "</footer></body></html>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
