package org.tunnelgate.profile.entity;

import java.util.Locale;
import java.util.Optional;

/** The VPN protocols a profile can offer; the names are those of the API's {@code vpn_proto_list}. */
public enum Protocol {
    WIREGUARD("wireguard", "application/x-wireguard-profile"),
    OPENVPN("openvpn", "application/x-openvpn-profile");

    private final String apiName;
    private final String contentType;

    Protocol(String apiName, String contentType) {
        this.apiName = apiName;
        this.contentType = contentType;
    }

    /** {@code wireguard} or {@code openvpn}. */
    public String apiName() {
        return apiName;
    }

    /** The exact {@code Content-Type} of a configuration of this protocol (no parameters). */
    public String contentType() {
        return contentType;
    }

    public static Optional<Protocol> fromApiName(String name) {
        for (Protocol p : values()) {
            if (p.apiName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
