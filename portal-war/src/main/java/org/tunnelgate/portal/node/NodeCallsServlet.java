package org.tunnelgate.portal.node;

import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.tunnelgate.node.boundary.OpenVpnAdmission;
import org.tunnelgate.node.entity.OpenVpnClientReport;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.http.JsonBody;
import org.tunnelgate.portal.http.JsonResponses;
import org.tunnelgate.portal.http.Refusals;

/**
 * The agents' calls home about OpenVPN clients (docs/agent-api.md, "Calls home"):
 * {@code POST /node/openvpn/authorize} → {@code {"allowed": true|false}},
 * {@code POST /node/openvpn/connected} and {@code /disconnected} → 204. The node is the client
 * certificate of the TLS connection, which only the node listener asks for (TUNNELGATE_NODE_PORT,
 * client certificates from the node CA required): on any other listener there is none, and the
 * call gets 403. Bodies are checked completely first — unknown or malformed fields get 400 and
 * nothing is written.
 */
@WebServlet(urlPatterns = "/node/openvpn/*")
public class NodeCallsServlet extends HttpServlet {

    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Set<String> CLIENT_KEYS = Set.of("profile_id", "common_name", "originating_ip", "ip_four", "ip_six");
    private static final Set<String> DISCONNECT_KEYS = Set.of("profile_id", "common_name", "originating_ip", "ip_four",
            "ip_six", "bytes_in", "bytes_out");
    private static final Logger LOG = Logger.getLogger(NodeCallsServlet.class.getName());

    @Inject
    OpenVpnAdmission admission;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String call = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (!Set.of("/authorize", "/connected", "/disconnected").contains(call)) {
            error(response, 404, "no such call");
            return;
        }
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        if (chain == null || chain.length == 0) {
            error(response, 403, "a node certificate is required: call the node listener");
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            error(response, 415, "the body must be application/json");
            return;
        }
        OpenVpnClientReport client;
        try {
            client = report(JsonBody.readObject(request, MAX_BODY_BYTES), call.equals("/disconnected"));
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
            return;
        }
        try {
            switch (call) {
                case "/authorize" -> JsonResponses.write(response, 200,
                        Json.createObjectBuilder().add("allowed", admission.authorize(chain, client)).build());
                case "/connected" -> {
                    admission.connected(chain, client);
                    response.setStatus(204);
                }
                default -> {
                    admission.disconnected(chain, client);
                    response.setStatus(204);
                }
            }
        } catch (BusinessException e) {
            error(response, Refusals.status(e), e.getMessage());
        } catch (EJBException e) {
            if (e.getCause() instanceof BusinessException refusal) {
                error(response, Refusals.status(refusal), refusal.getMessage());
                return;
            }
            // the agent keeps the report and tries again later
            LOG.warning(() -> "OpenVPN call " + call + " failed: " + e);
            error(response, 503, "the call could not be handled now; try again");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        error(response, 405, "use POST");
    }

    private static OpenVpnClientReport report(JsonObject body, boolean disconnect) {
        Set<String> allowed = disconnect ? DISCONNECT_KEYS : CLIENT_KEYS;
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown field \"" + key + "\"");
            }
        }
        List<String> problems = new ArrayList<>();
        OpenVpnClientReport report = OpenVpnClientReport.of(string(body, "profile_id", true), string(body, "common_name", true),
                string(body, "originating_ip", false), string(body, "ip_four", false), string(body, "ip_six", false),
                disconnect ? count(body, "bytes_in") : 0, disconnect ? count(body, "bytes_out") : 0, problems);
        if (report == null) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return report;
    }

    private static String string(JsonObject body, String key, boolean required) {
        JsonValue value = body.get(key);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value == null && !required) {
            return null;
        }
        throw new IllegalArgumentException("\"" + key + "\" must be a string");
    }

    private static long count(JsonObject body, String key) {
        if (body.get(key) instanceof JsonNumber n && n.isIntegral() && n.bigIntegerValue().bitLength() < 63
                && n.longValue() >= 0) {
            return n.longValue();
        }
        throw new IllegalArgumentException("\"" + key + "\" must be a whole number ≥ 0");
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        JsonResponses.write(response, status, Json.createObjectBuilder().add("error", message).build());
    }
}
