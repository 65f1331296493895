package org.tunnelgate.agent.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tunnelgate.agent.apply.PeerStatus;
import org.tunnelgate.agent.apply.Reconciler;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.json.UnknownTarget;
import org.tunnelgate.agent.openvpn.OpenVpn;
import org.tunnelgate.agent.state.WgInterface;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.wireguard.WireGuard;

/**
 * The endpoints that change or list the data plane (docs/agent-api.md). Every request is
 * validated completely before anything changes; changes go through the {@link Reconciler}.
 */
public final class AgentApi {

    /** The most keys one {@code POST /v1/wireguard/peers} may replace. */
    private static final int MAX_REPLACES = 16;

    private final Reconciler reconciler;
    private final WireGuard wireGuard;
    private final OpenVpn openVpn;

    public AgentApi(Reconciler reconciler, WireGuard wireGuard, OpenVpn openVpn) {
        this.reconciler = reconciler;
        this.wireGuard = wireGuard;
        this.openVpn = openVpn;
    }

    public AgentServer routes(AgentServer server) {
        return server
                .route("PUT", "/v1/state", r -> Reply.ok(reconciler.apply(r.text()).toJson()))
                .route("GET", "/v1/wireguard/peers", this::peers)
                .route("POST", "/v1/wireguard/peers", this::addPeer)
                .route("POST", "/v1/wireguard/peers/remove", this::removePeer)
                .route("GET", "/v1/openvpn/clients", r -> Reply.ok(Json.object("clients", openVpn.clients())))
                .route("POST", "/v1/openvpn/clients/disconnect", this::disconnect);
    }

    private Reply peers(Request request) {
        var names = request.query("interface")
                .map(name -> List.of(reconciler.interfaceNamed(name).name()))
                .orElseGet(() -> reconciler.applied().wireguard().stream().map(WgInterface::name).toList());
        var peers = new ArrayList<Object>();
        for (String name : names) {
            for (PeerStatus peer : wireGuard.peers(name)) {
                peers.add(peer.toJson(name));
            }
        }
        return Reply.ok(Json.object("peers", peers));
    }

    private Reply addPeer(Request request) throws IOException {
        var f = Fields.of(request.json(), "peer").allowOnly(Set.of("interface", "public_key", "allowed_ips", "replaces"));
        String name = WgInterface.interfaceName(f.string("interface"), "peer.interface");
        var peer = WgPeer.from(f.without("interface").without("replaces"));
        List<String> replaces = replaces(f);
        int replaced = reconciler.addPeer(name, peer, replaces);
        return Reply.ok(Json.object("interface", name, "public_key", peer.publicKey(), "added", true, "replaced", replaced));
    }

    /**
     * The optional keys of peers the new one replaces on the same interface (a reconnecting app's
     * previous keys): removed in the same step, which saves the controller a call per {@code /connect}.
     * Bounded, because a batch holds the reconciler's lock.
     */
    private static List<String> replaces(Fields f) {
        List<String> keys = f.strings("replaces");
        if (keys.size() > MAX_REPLACES) {
            throw new InvalidInput("peer.replaces may name at most " + MAX_REPLACES + " keys");
        }
        for (int i = 0; i < keys.size(); i++) {
            WgPeer.publicKey(keys.get(i), "peer.replaces[" + i + "]");
        }
        return keys;
    }

    private Reply removePeer(Request request) throws IOException {
        var f = Fields.of(request.json(), "peer").allowOnly(Set.of("interface", "public_key", "counters"));
        String name = WgInterface.interfaceName(f.string("interface"), "peer.interface");
        String key = WgPeer.publicKey(f.string("public_key"), "peer.public_key");
        // counters cost a `wg show dump` of the whole interface: only for a caller that asks
        boolean counters = f.bool("counters", false);
        return reconciler.removePeer(name, key, counters).map(p -> Reply.ok(p.toJson(name))).orElse(Reply.noContent());
    }

    private Reply disconnect(Request request) throws IOException {
        var f = Fields.of(request.json(), "client").allowOnly(Set.of("common_name"));
        String commonName = f.string("common_name");
        if (commonName.isEmpty() || commonName.length() > 256 || commonName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInput("client.common_name must be 1-256 printable characters");
        }
        int count = openVpn.disconnect(commonName);
        if (count == 0) {
            throw new UnknownTarget("no connected OpenVPN client with common name " + commonName);
        }
        return Reply.ok(Json.object("common_name", commonName, "disconnected", count));
    }
}
