package org.tunnelgate.agent.openvpn;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.tunnelgate.agent.controller.ClientSession;
import org.tunnelgate.agent.controller.Controller;
import org.tunnelgate.agent.controller.ControllerUnreachable;

/**
 * The client side of one OpenVPN process's management stream: assembles each
 * {@code >CLIENT:…} notification with its {@code >CLIENT:ENV} lines, asks the controller about
 * every new client (off the reader thread, the controller may be slow), answers with
 * {@code client-auth-nt} or {@code client-deny}, and reports connects and disconnects.
 *
 * <p>When no controller answers, a <em>new</em> client is refused unless the operator allowed it
 * in the configuration, but a connected client's periodic re-authentication is approved: an
 * absent controller must never end a running tunnel.
 */
final class ClientGate {

    private static final Logger LOG = Logger.getLogger(ClientGate.class.getName());

    private final String profile;
    private final Controller controller;
    private final boolean allowWhenUnreachable;
    private final ExecutorService decisions;
    private final Supplier<Management> management;
    private final Map<Long, ClientSession> sessions = new ConcurrentHashMap<>();
    private String event;
    private Map<String, String> env = new HashMap<>();

    ClientGate(String profile, Controller controller, boolean allowWhenUnreachable, ExecutorService decisions,
            Supplier<Management> management) {
        this.profile = profile;
        this.controller = controller;
        this.allowWhenUnreachable = allowWhenUnreachable;
        this.decisions = decisions;
        this.management = management;
    }

    /** Called by the management reader thread for every notification line, in order. */
    void notification(String line) {
        if (!line.startsWith(">CLIENT:")) {
            if (line.startsWith(">HOLD:")) {
                decisions.execute(() -> send("hold release"));
            }
            return;
        }
        String body = line.substring(">CLIENT:".length());
        if (body.startsWith("ENV,")) {
            String pair = body.substring(4);
            if (pair.equals("END")) {
                String finished = event;
                Map<String, String> finishedEnv = env;
                event = null;
                env = new HashMap<>();
                if (finished != null) {
                    dispatch(finished, finishedEnv);
                }
                return;
            }
            int eq = pair.indexOf('=');
            if (eq > 0) env.put(pair.substring(0, eq), pair.substring(eq + 1));
            return;
        }
        if (body.startsWith("ADDRESS,")) {
            return; // one line, no ENV block follows
        }
        event = body;
        env = new HashMap<>();
    }

    int connectedCount() {
        return sessions.size();
    }

    /** Clients already connected when the agent attached (an adopted process): known from {@code status 3}. */
    void adopt(List<ConnectedClient> clients) {
        for (ConnectedClient c : clients) {
            String ip = c.realAddress().contains(":") ? c.realAddress().substring(0, c.realAddress().lastIndexOf(':'))
                    : c.realAddress();
            sessions.putIfAbsent(c.clientId(),
                    new ClientSession(profile, c.commonName(), ip, c.virtualAddress(), c.virtualAddress6()));
        }
    }

    /**
     * The process died or was stopped: its clients are gone without a disconnect notification.
     * They are reported as disconnected (byte counts unknown: 0) so the controller's sessions close.
     */
    void processEnded() {
        for (Long cid : List.copyOf(sessions.keySet())) {
            ClientSession session = sessions.remove(cid);
            if (session != null) {
                LOG.info(() -> "client gone with its process; profile=" + profile + " cn=" + session.commonName());
                controller.disconnected(session, 0, 0);
            }
        }
    }

    private void dispatch(String header, Map<String, String> env) {
        String[] parts = header.split(",");
        String type = parts[0];
        long cid = parts.length > 1 ? Long.parseLong(parts[1]) : -1;
        switch (type) {
            case "CONNECT" -> decisions.execute(() -> decide(cid, parts[2], session(env), false));
            case "REAUTH" -> decisions.execute(() -> decide(cid, parts[2], session(env), true));
            case "ESTABLISHED" -> {
                ClientSession session = session(env);
                sessions.put(cid, session);
                LOG.info(() -> "client connected; profile=" + profile + " cn=" + session.commonName());
                controller.connected(session); // reports are queued, never block
            }
            case "DISCONNECT" -> {
                ClientSession known = sessions.remove(cid);
                // a session from before an agent restart is not in the map, but its env tells it all;
                // a refused client never got a pool address and was never connected
                boolean hadAddress = env.containsKey("ifconfig_pool_remote_ip") || env.containsKey("ifconfig_pool_remote_ip6");
                ClientSession session = known != null ? known : hadAddress ? session(env) : null;
                if (session != null) {
                    long in = number(env.get("bytes_received"));
                    long out = number(env.get("bytes_sent"));
                    LOG.info(() -> "client disconnected; profile=" + profile + " cn=" + session.commonName()
                            + " bytes_in=" + in + " bytes_out=" + out);
                    controller.disconnected(session, in, out);
                }
            }
            default -> {
                // CR_RESPONSE and future events: nothing to do
            }
        }
    }

    private void decide(long cid, String kid, ClientSession session, boolean reauth) {
        boolean allowed;
        try {
            allowed = controller.mayConnect(session);
        } catch (ControllerUnreachable e) {
            allowed = reauth || allowWhenUnreachable;
            boolean decision = allowed;
            LOG.warning(() -> "controller unreachable, client " + (decision ? "allowed" : "refused") + "; profile="
                    + profile + " cn=" + session.commonName() + " reauth=" + reauth);
        }
        if (allowed) {
            send("client-auth-nt " + cid + " " + kid);
        } else {
            LOG.info(() -> "client refused by the controller; profile=" + profile + " cn=" + session.commonName());
            send("client-deny " + cid + " " + kid + " \"not authorized\"");
        }
    }

    private void send(String command) {
        Management m = management.get();
        if (m == null) return;
        try {
            m.command(command);
        } catch (IOException e) {
            LOG.warning(() -> "openvpn management command failed; profile=" + profile + " " + e.getMessage());
        }
    }

    private ClientSession session(Map<String, String> env) {
        return new ClientSession(
                profile,
                env.getOrDefault("common_name", ""),
                env.getOrDefault("untrusted_ip", env.getOrDefault("trusted_ip", "")),
                env.getOrDefault("ifconfig_pool_remote_ip", ""),
                env.getOrDefault("ifconfig_pool_remote_ip6", ""));
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
