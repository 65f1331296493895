package org.tunnelgate.agent.state;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.tunnelgate.agent.InvalidInput;
import org.tunnelgate.agent.http.Fields;

/** One WireGuard peer as the controller wants it: a public key and the addresses routed to it. */
public record WgPeer(String publicKey, List<IpNet> allowedIps) {

    public static WgPeer from(Fields f) {
        f.allowOnly(Set.of("public_key", "allowed_ips"));
        String key = publicKey(f.string("public_key"), f.where() + ".public_key");
        var ips = f.strings("allowed_ips").stream()
                .map(s -> IpNet.parse(s, f.where() + ".allowed_ips"))
                .toList();
        return new WgPeer(key, ips);
    }

    /** A WireGuard key is the base64 text of exactly 32 bytes (44 characters). */
    public static String publicKey(String text, String where) {
        try {
            if (text.length() == 44 && Base64.getDecoder().decode(text).length == 32) {
                return text;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new InvalidInput(where + " must be a base64 WireGuard key (44 characters)");
    }

    Object toJson() {
        return org.tunnelgate.agent.http.Json.object(
                "public_key", publicKey, "allowed_ips", allowedIps.stream().map(IpNet::text).toList());
    }
}
