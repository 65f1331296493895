package org.tunnelgate.agent.controller;

import org.tunnelgate.agent.json.Json;

/**
 * An OpenVPN client as the node sees it: profile, certificate common name, the address it comes
 * from and the tunnel addresses it got ({@code ""} when there is none).
 */
public record ClientSession(String profile, String commonName, String originatingIp, String ipFour, String ipSix) {

    public java.util.Map<String, Object> toJson() {
        return Json.object(
                "profile_id", profile,
                "common_name", commonName,
                "originating_ip", originatingIp,
                "ip_four", ipFour,
                "ip_six", ipSix);
    }
}
