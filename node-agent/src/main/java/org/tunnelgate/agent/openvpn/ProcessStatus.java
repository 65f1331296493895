package org.tunnelgate.agent.openvpn;

import java.util.Map;
import org.tunnelgate.agent.json.Json;

/**
 * One OpenVPN server process as the status call and the metrics report it. {@code state} is
 * {@code starting}, {@code running}, {@code restarting} or {@code stopped}; {@code pid} is -1
 * while no process runs.
 */
public record ProcessStatus(String profile, String proto, int port, String device, String state, long pid,
        int restarts, int clients) {

    /** The process's name on this node, as in its directory and log: {@code <profile>-<proto>-<port>}. */
    public String key() {
        return profile + "-" + proto + "-" + port;
    }

    public Map<String, Object> toJson() {
        return Json.object(
                "profile", profile,
                "proto", proto,
                "port", port,
                "device", device,
                "state", state,
                "pid", pid < 0 ? null : pid,
                "restarts", restarts,
                "clients", clients);
    }
}
