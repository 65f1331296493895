package org.tunnelgate.agent.openvpn;

import org.tunnelgate.agent.json.Json;

/** A client connected to one OpenVPN process, from {@code status 3}. Bytes are seen from the node. */
public record ConnectedClient(
        String commonName,
        String realAddress,
        String virtualAddress,
        String virtualAddress6,
        long bytesIn,
        long bytesOut,
        long connectedSince,
        long clientId) {

    public Object toJson(String process) {
        return Json.object(
                "process", process,
                "common_name", commonName,
                "real_address", realAddress,
                "ip_four", virtualAddress,
                "ip_six", virtualAddress6,
                "bytes_in", bytesIn,
                "bytes_out", bytesOut,
                "connected_since", connectedSince,
                "client_id", clientId);
    }
}
