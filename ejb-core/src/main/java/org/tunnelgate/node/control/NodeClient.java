package org.tunnelgate.node.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.tunnelgate.node.entity.Node;

/**
 * The one seam between the controller and its nodes: a JAX-RS client for the agent API
 * (docs/agent-api.md) over mutual TLS. The agent must present a certificate from the node CA whose
 * common name is the node's registered name (not its host name: a node is who enrolled, wherever it
 * is reached). Timeouts are short — a node that does not answer quickly is treated as down rather
 * than holding up a request — and nothing here may run inside a database transaction.
 */
@ApplicationScoped
public class NodeClient {

    /** The agent could not be reached or refused the call; the message says which, never a secret. */
    public static class AgentCallFailed extends RuntimeException {
        public AgentCallFailed(String message) {
            super(message);
        }
    }

    static final int CONNECT_TIMEOUT_MS = 2000;
    static final int READ_TIMEOUT_MS = 4000;

    @Inject
    AgentCredentials credentials;

    /** Looked up once: {@code Json.create…} looks the provider up on every call (a service-loader scan in Payara). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    /** Calls to one node's agent made by this instance: how many, how many failed, total milliseconds. */
    public record CallStats(long calls, long failures, long millis) {}

    private final Map<String, long[]> stats = new ConcurrentHashMap<>();

    /** This instance's call figures for a node (zeros when it never called it). */
    public CallStats stats(String nodeName) {
        long[] s = stats.get(nodeName);
        if (s == null) {
            return new CallStats(0, 0, 0);
        }
        synchronized (s) {
            return new CallStats(s[0], s[1], s[2]);
        }
    }

    private void count(String nodeName, boolean failed, long nanos) {
        long[] s = stats.computeIfAbsent(nodeName, k -> new long[3]);
        synchronized (s) {
            s[0]++;
            s[1] += failed ? 1 : 0;
            s[2] += nanos / 1_000_000;
        }
    }

    /** {@code GET /v1/status}. */
    public JsonObject status(Node node) {
        return call(node, "GET /v1/status", () -> request(node, "v1/status").get());
    }

    /** {@code GET /v1/wireguard/peers}: every peer of every interface, as WireGuard has them. */
    public JsonArray peers(Node node) {
        JsonArray peers = call(node, "GET /v1/wireguard/peers", () -> request(node, "v1/wireguard/peers").get()).getJsonArray("peers");
        if (peers == null) {
            throw new AgentCallFailed("GET /v1/wireguard/peers on node " + node.name() + ": no peer list in the answer");
        }
        return peers;
    }

    /** {@code GET /v1/openvpn/clients}: the OpenVPN clients connected to the node now. */
    public JsonArray openVpnClients(Node node) {
        JsonArray clients = call(node, "GET /v1/openvpn/clients", () -> request(node, "v1/openvpn/clients").get())
                .getJsonArray("clients");
        if (clients == null) {
            throw new AgentCallFailed("GET /v1/openvpn/clients on node " + node.name() + ": no client list in the answer");
        }
        return clients;
    }

    /** {@code PUT /v1/state}: the node's complete desired state. */
    public JsonObject applyState(Node node, JsonObject state) {
        return call(node, "PUT /v1/state", () -> request(node, "v1/state")
                .put(Entity.entity(state.toString(), MediaType.APPLICATION_JSON_TYPE)));
    }

    /** {@code POST /v1/wireguard/peers}: adds or replaces one peer. */
    public void addPeer(Node node, String interfaceName, String publicKey, List<String> allowedIps) {
        JsonArrayBuilder ips = JSON.createArrayBuilder();
        allowedIps.forEach(ips::add);
        JsonObject body = JSON.createObjectBuilder().add("interface", interfaceName).add("public_key", publicKey)
                .add("allowed_ips", ips).build();
        call(node, "add peer", () -> request(node, "v1/wireguard/peers")
                .post(Entity.entity(body.toString(), MediaType.APPLICATION_JSON_TYPE)));
    }

    /** {@code POST /v1/wireguard/peers/remove}; a peer the node did not have is fine (204). */
    public void removePeer(Node node, String interfaceName, String publicKey) {
        JsonObject body = JSON.createObjectBuilder().add("interface", interfaceName).add("public_key", publicKey).build();
        call(node, "remove peer", () -> request(node, "v1/wireguard/peers/remove")
                .post(Entity.entity(body.toString(), MediaType.APPLICATION_JSON_TYPE)));
    }

    /**
     * {@code POST /v1/openvpn/clients/disconnect}: ends every session of that client certificate on
     * the node; returns how many (0 when the client was not connected there: the agent's 404).
     */
    public int disconnectClient(Node node, String commonName) {
        JsonObject body = JSON.createObjectBuilder().add("common_name", commonName).build();
        long started = System.nanoTime();
        boolean failed = true;
        try (Response response = request(node, "v1/openvpn/clients/disconnect")
                .post(Entity.entity(body.toString(), MediaType.APPLICATION_JSON_TYPE))) {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            if (response.getStatus() == 404) {
                failed = false;
                return 0;
            }
            if (response.getStatus() / 100 != 2) {
                throw new AgentCallFailed("disconnect client on node " + node.name() + ": HTTP " + response.getStatus()
                        + " " + abbreviate(text));
            }
            failed = false;
            try (var reader = JSON.createReader(new StringReader(text))) {
                return reader.readObject().getInt("disconnected", 0);
            } catch (JsonException | ClassCastException e) {
                return 0;
            }
        } catch (ProcessingException e) {
            throw new AgentCallFailed("disconnect client on node " + node.name() + ": " + rootMessage(e));
        } finally {
            count(node.name(), failed, System.nanoTime() - started);
        }
    }

    private Invocation.Builder request(Node node, String path) {
        String base = node.agentUrl().orElseThrow(() -> new AgentCallFailed("node " + node.name() + " has no agent"));
        return client(node.name(), base).target(base.endsWith("/") ? base : base + "/").path(path)
                .request(MediaType.APPLICATION_JSON_TYPE);
    }

    /**
     * Makes the call and reads the answer; 2xx gives its JSON body (empty for none), anything else —
     * no connection, a timeout, another status — {@link AgentCallFailed}.
     */
    private JsonObject call(Node node, String what, Supplier<Response> invocation) {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            JsonObject answer = answer(node, what, invocation);
            failed = false;
            return answer;
        } finally {
            count(node.name(), failed, System.nanoTime() - started);
        }
    }

    private static JsonObject answer(Node node, String what, Supplier<Response> invocation) {
        try (Response response = invocation.get()) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            if (response.getStatus() / 100 != 2) {
                throw new AgentCallFailed(what + " on node " + node.name() + ": HTTP " + response.getStatus()
                        + " " + abbreviate(body));
            }
            if (body.isBlank()) {
                return JsonObject.EMPTY_JSON_OBJECT;
            }
            try (var reader = JSON.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        } catch (ProcessingException e) {
            throw new AgentCallFailed(what + " on node " + node.name() + ": " + rootMessage(e));
        } catch (JsonException e) {
            throw new AgentCallFailed(what + " on node " + node.name() + ": the answer is not JSON");
        }
    }

    private Client client(String nodeName, String baseUrl) {
        return clients.computeIfAbsent(nodeName + " " + baseUrl, key -> ClientBuilder.newBuilder()
                .sslContext(credentials.tls())
                .hostnameVerifier((host, session) -> presents(session, nodeName))
                .connectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .build());
    }

    /** Forgets the clients of a node (its address or certificate changed). */
    public void forget(String nodeName) {
        clients.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(nodeName + " ")) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }

    /** Whether the (already CA-verified) peer certificate names this node. */
    static boolean presents(SSLSession session, String nodeName) {
        try {
            X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
            return new LdapName(peer.getSubjectX500Principal().getName()).getRdns().stream()
                    .anyMatch(rdn -> rdn.getType().equalsIgnoreCase("CN") && nodeName.equals(rdn.getValue()));
        } catch (SSLPeerUnverifiedException | InvalidNameException | ClassCastException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + abbreviate(root.getMessage()));
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    @PreDestroy
    void close() {
        clients.values().forEach(Client::close);
    }
}
