package org.tunnelgate.node.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.tunnelgate.node.entity.Node;

/**
 * The one seam between the controller and its nodes: the client of the agent API
 * (docs/agent-api.md) over mutual TLS, on connections kept open per node ({@link AgentTransport}).
 * The agent must present a certificate from the node CA whose common name is the node's registered
 * name (not its host name: a node is who enrolled, wherever it is reached). Timeouts are short — a
 * node that does not answer quickly is treated as down rather than holding up a request — and
 * nothing here may run inside a database transaction.
 */
@ApplicationScoped
public class NodeClient {

    private static final Logger LOG = Logger.getLogger(NodeClient.class.getName());

    /** The agent could not be reached or refused the call; the message says which, never a secret. */
    public static class AgentCallFailed extends RuntimeException {
        public AgentCallFailed(String message) {
            super(message);
        }
    }

    @Inject
    AgentCredentials credentials;

    /** Looked up once: {@code Json.create…} looks the provider up on every call (a service-loader scan in Payara). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private volatile AgentTransport transport;

    /** Calls to one node's agent made by this instance: how many, how many failed, total milliseconds. */
    public record CallStats(long calls, long failures, long millis) {}

    private final Map<String, long[]> stats = new ConcurrentHashMap<>();

    /** The most keys an agent takes in {@code replaces} (docs/agent-api.md). */
    static final int MAX_REPLACES = 16;

    /** Nodes whose agent refused {@code replaces} (from before the field): they get plain additions. */
    private final Set<String> withoutReplaces = ConcurrentHashMap.newKeySet();

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
        return call(node, "GET /v1/status", "GET", "v1/status", null);
    }

    /** {@code GET /v1/wireguard/peers}: every peer of every interface, as WireGuard has them. */
    public JsonArray peers(Node node) {
        JsonArray peers = call(node, "GET /v1/wireguard/peers", "GET", "v1/wireguard/peers", null).getJsonArray("peers");
        if (peers == null) {
            throw new AgentCallFailed("GET /v1/wireguard/peers on node " + node.name() + ": no peer list in the answer");
        }
        return peers;
    }

    /** {@code GET /v1/openvpn/clients}: the OpenVPN clients connected to the node now. */
    public JsonArray openVpnClients(Node node) {
        JsonArray clients = call(node, "GET /v1/openvpn/clients", "GET", "v1/openvpn/clients", null)
                .getJsonArray("clients");
        if (clients == null) {
            throw new AgentCallFailed("GET /v1/openvpn/clients on node " + node.name() + ": no client list in the answer");
        }
        return clients;
    }

    /** {@code PUT /v1/state}: the node's complete desired state. */
    public JsonObject applyState(Node node, JsonObject state) {
        return call(node, "PUT /v1/state", "PUT", "v1/state", state.toString());
    }

    /**
     * {@code POST /v1/wireguard/peers}: adds or replaces one peer, and removes the peers of the same
     * interface with the keys of {@code replaces} in the same step on the node.
     *
     * <p>Agents from before {@code replaces} refuse it as an unknown field. Such a node gets the
     * plain addition instead, and is remembered (until {@link #forget}: re-enrolled or removed) so it
     * is asked only once; its replaced peers are then not removed, and returned for the caller to
     * remove with {@link #removePeer}. So are more than an agent takes at once ({@value #MAX_REPLACES};
     * a cap lowered by an admin can evict many configurations with one {@code /connect}).
     *
     * @return the keys of {@code replaces} the node did not remove: empty, or all of them
     */
    public List<String> addPeer(Node node, String interfaceName, String publicKey, List<String> allowedIps,
                                List<String> replaces) {
        if (!replaces.isEmpty() && replaces.size() <= MAX_REPLACES && !withoutReplaces.contains(node.name())) {
            AgentTransport.Answer answer = exchange(node, "add peer", "POST", "v1/wireguard/peers",
                    addBody(interfaceName, publicKey, allowedIps, replaces));
            if (!refusesReplaces(answer)) {
                answer(node, "add peer", answer);
                return List.of();
            }
            withoutReplaces.add(node.name());
            LOG.info(() -> "the agent of node " + node.name() + " does not know \"replaces\": its replaced peers are"
                    + " removed with calls of their own until it is enrolled again");
        }
        call(node, "add peer", "POST", "v1/wireguard/peers", addBody(interfaceName, publicKey, allowedIps, List.of()));
        return replaces;
    }

    private static String addBody(String interfaceName, String publicKey, List<String> allowedIps, List<String> replaces) {
        JsonArrayBuilder ips = JSON.createArrayBuilder();
        allowedIps.forEach(ips::add);
        JsonObjectBuilder body = JSON.createObjectBuilder().add("interface", interfaceName).add("public_key", publicKey)
                .add("allowed_ips", ips);
        if (!replaces.isEmpty()) {
            JsonArrayBuilder keys = JSON.createArrayBuilder();
            replaces.forEach(keys::add);
            body.add("replaces", keys);
        }
        return body.build().toString();
    }

    /**
     * Whether the agent refused {@code replaces} because it does not know the field: 400 with its
     * error for an unknown field, {@code peer: unknown field "replaces"}. Any other answer — another
     * 400 included, which would be a real refusal of the request — is not that.
     */
    static boolean refusesReplaces(AgentTransport.Answer answer) {
        if (answer.status() != 400) {
            return false;
        }
        try (var reader = JSON.createReader(new StringReader(answer.body()))) {
            return reader.readObject().getString("error", "").contains("unknown field \"replaces\"");
        } catch (JsonException | ClassCastException e) {
            return false;
        }
    }

    /**
     * {@code POST /v1/wireguard/peers/remove}; a peer the node did not have is fine (204). The
     * future fails with {@link AgentCallFailed}; the calling thread is free while the agent works.
     */
    public CompletableFuture<Void> removePeer(Node node, String interfaceName, String publicKey) {
        // without "counters": true the agent reads nothing back from WireGuard (a dump of every peer);
        // an agent from before that field dumps and answers them, which is ignored here
        JsonObject body = JSON.createObjectBuilder().add("interface", interfaceName).add("public_key", publicKey).build();
        long started = System.nanoTime();
        return sendAsync(node, "remove peer", "POST", "v1/wireguard/peers/remove", body.toString(), true)
                .handle((answer, failure) -> {
                    count(node.name(), failure != null || answer.status() / 100 != 2, System.nanoTime() - started);
                    if (failure != null) {
                        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                    }
                    answer(node, "remove peer", answer);
                    return null;
                });
    }

    /**
     * {@code POST /v1/openvpn/clients/disconnect}: ends every session of that client certificate on
     * the node; the future gives how many (0 when the client was not connected there: the agent's
     * 404) or fails with {@link AgentCallFailed}. The calling thread is free while the agent works.
     */
    public CompletableFuture<Integer> disconnectClient(Node node, String commonName) {
        JsonObject body = JSON.createObjectBuilder().add("common_name", commonName).build();
        long started = System.nanoTime();
        // not repeated on a broken connection: a second call would end nothing and answer 0
        return sendAsync(node, "disconnect client", "POST", "v1/openvpn/clients/disconnect", body.toString(), false)
                .handle((answer, failure) -> {
                    boolean failed = failure != null || (answer.status() != 404 && answer.status() / 100 != 2);
                    count(node.name(), failed, System.nanoTime() - started);
                    if (failure != null) {
                        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                    }
                    if (answer.status() == 404) {
                        return 0;
                    }
                    if (failed) {
                        throw new AgentCallFailed("disconnect client on node " + node.name() + ": HTTP " + answer.status()
                                + " " + FailureText.abbreviate(answer.body()));
                    }
                    try (var reader = JSON.createReader(new StringReader(answer.body()))) {
                        return reader.readObject().getInt("disconnected", 0);
                    } catch (JsonException | ClassCastException e) {
                        return 0;
                    }
                });
    }

    private CompletableFuture<AgentTransport.Answer> sendAsync(Node node, String what, String method, String path, String body,
                                                               boolean idempotent) {
        try {
            String base = node.agentUrl().orElseThrow(() -> new AgentCallFailed("node " + node.name() + " has no agent"));
            return transport().sendAsync(node.name(), base, method, path, body, idempotent, what);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // no agent, or no turn: the future says so
        }
    }

    /** The failure inside a future's {@link CompletionException} wrapper. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Waits for a call made without waiting; its failure is thrown as itself ({@link AgentCallFailed}). */
    public static <T> T await(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private AgentTransport.Answer send(Node node, String what, String method, String path, String body, boolean idempotent) {
        String base = node.agentUrl().orElseThrow(() -> new AgentCallFailed("node " + node.name() + " has no agent"));
        return transport().send(node.name(), base, method, path, body, idempotent, what);
    }

    /**
     * Makes the call and reads the answer; 2xx gives its JSON body (empty for none), anything else —
     * no connection, a timeout, another status — {@link AgentCallFailed}.
     */
    private JsonObject call(Node node, String what, String method, String path, String body) {
        return answer(node, what, exchange(node, what, method, path, body));
    }

    /** Makes the call and counts it (failed: no answer, or not 2xx); the answer is the caller's to read. */
    private AgentTransport.Answer exchange(Node node, String what, String method, String path, String body) {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            // every call but the disconnect is idempotent in the agent API: the same call twice leaves
            // the node as once (a peer added or replaced, removed or already gone, the same state)
            AgentTransport.Answer answer = send(node, what, method, path, body, true);
            failed = answer.status() / 100 != 2;
            return answer;
        } finally {
            count(node.name(), failed, System.nanoTime() - started);
        }
    }

    private static JsonObject answer(Node node, String what, AgentTransport.Answer answer) {
        if (answer.status() / 100 != 2) {
            throw new AgentCallFailed(what + " on node " + node.name() + ": HTTP " + answer.status()
                    + " " + FailureText.abbreviate(answer.body()));
        }
        if (answer.body().isBlank()) {
            return JsonObject.EMPTY_JSON_OBJECT;
        }
        try (var reader = JSON.createReader(new StringReader(answer.body()))) {
            return reader.readObject();
        } catch (JsonException | ClassCastException e) {
            throw new AgentCallFailed(what + " on node " + node.name() + ": the answer is not JSON");
        }
    }

    private AgentTransport transport() {
        AgentTransport current = transport;
        if (current == null) {
            synchronized (this) {
                if (transport == null) {
                    transport = new AgentTransport(name -> credentials.tlsFor(name));
                }
                current = transport;
            }
        }
        return current;
    }

    /**
     * Forgets the connections of a node (its address or certificate changed), and what its agent was
     * found not to know: a node enrolled again may run a newer agent.
     */
    public void forget(String nodeName) {
        withoutReplaces.remove(nodeName);
        AgentTransport current = transport;
        if (current != null) {
            current.forget(nodeName);
        }
    }

    @PreDestroy
    void close() {
        AgentTransport current = transport;
        if (current != null) {
            current.close();
        }
    }
}
