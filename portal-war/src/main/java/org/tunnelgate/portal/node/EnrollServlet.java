package org.tunnelgate.portal.node;

import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.tunnelgate.node.boundary.Enrolled;
import org.tunnelgate.node.boundary.NodeEnrollment;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.http.JsonBody;
import org.tunnelgate.portal.http.JsonResponses;
import org.tunnelgate.portal.http.PortalAddress;
import org.tunnelgate.portal.http.Refusals;

/**
 * {@code POST /node/enroll}: a node joins with its one-time token and a certification request for a
 * key it made itself (docs/agent-api.md, "Enrollment"). No login: the token is the credential. The
 * answer is the node's certificate, the node CA, the controller's client certificate name, the
 * controller URL to call home to ({@code /node/} on the node listener, see {@link #callHomeUrl}) and
 * where to listen. Refusals are
 * {@code {"error": "…"}}: 400 for a malformed request, 403 for a token that is unknown, used or
 * expired (one answer for all three). The token is never logged.
 */
@WebServlet(urlPatterns = "/node/enroll")
public class EnrollServlet extends HttpServlet {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The node listener's port (set by the launcher from TUNNELGATE_NODE_PORT). */
    static final String NODE_PORT = "tunnelgate.node-port";
    private static final Set<String> KEYS = Set.of("token", "csr", "agent_version");
    private static final Logger LOG = Logger.getLogger(EnrollServlet.class.getName());

    @Inject
    NodeEnrollment enrollment;

    @Inject
    PortalAddress address;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            error(response, 415, "the body must be application/json");
            return;
        }
        JsonObject body;
        try {
            body = parse(request);
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
            return;
        }
        try {
            Enrolled enrolled = enrollment.enroll(string(body, "token"), string(body, "csr"),
                    List.of(callHomeUrl(address.baseUrl(request),
                            ConfigProvider.getConfig().getOptionalValue(NODE_PORT, Integer.class))));
            JsonArrayBuilder names = Json.createArrayBuilder();
            enrolled.controllerClientNames().forEach(names::add);
            JsonArrayBuilder urls = Json.createArrayBuilder();
            enrolled.controllerUrls().forEach(urls::add);
            JsonResponses.write(response, 200, Json.createObjectBuilder()
                    .add("node", enrolled.node())
                    .add("certificate", enrolled.certificatePem())
                    .add("ca", enrolled.caPem())
                    .add("controller_client_names", names)
                    .add("controller_urls", urls)
                    .add("listen", enrolled.listen())
                    .build());
        } catch (BusinessException e) {
            error(response, Refusals.status(e), e.getMessage());
        } catch (EJBException e) {
            if (e.getCause() instanceof BusinessException refusal) {
                error(response, Refusals.status(refusal), refusal.getMessage());
                return;
            }
            LOG.warning(() -> "enrollment failed: " + e);
            throw e;
        }
    }

    /**
     * Where the agent calls home: {@code /node/} on the node listener (the controller's host, port
     * {@value #NODE_PORT}), which asks for the node's certificate; without one configured, this
     * portal's own base URL (calls home then fail the certificate check: set TUNNELGATE_NODE_PORT).
     */
    static String callHomeUrl(String baseUrl, Optional<Integer> nodePort) {
        if (nodePort.isEmpty()) {
            return baseUrl + "/node/";
        }
        URI base = URI.create(baseUrl);
        String host = base.getHost().contains(":") && !base.getHost().startsWith("[") ? "[" + base.getHost() + "]" : base.getHost();
        return "https://" + host + ":" + nodePort.get() + "/node/";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        error(response, 405, "use POST");
    }

    private static JsonObject parse(HttpServletRequest request) throws IOException {
        JsonObject body = JsonBody.readObject(request, MAX_BODY_BYTES);
        for (String key : body.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown field \"" + key + "\"");
            }
        }
        string(body, "token");
        string(body, "csr");
        return body;
    }

    private static String string(JsonObject body, String key) {
        JsonValue value = body.get(key);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException("\"" + key + "\" must be a string");
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        JsonResponses.write(response, status, Json.createObjectBuilder().add("error", message).build());
    }
}
