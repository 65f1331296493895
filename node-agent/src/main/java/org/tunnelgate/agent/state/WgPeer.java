package org.tunnelgate.agent.state;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Fields;

/** One WireGuard peer as the controller wants it: a public key and the addresses routed to it. */
public record WgPeer(String publicKey, List<IpNet> allowedIps) {

    private static final Set<String> FIELDS = Set.of("public_key", "allowed_ips");

    public static WgPeer from(Fields f) {
        f.allowOnly(FIELDS);
        String key = f.string("public_key");
        if (!isKey(key)) {
            throw new InvalidInput(f.where() + ".public_key must be a base64 WireGuard key (44 characters)");
        }
        var texts = f.strings("allowed_ips");
        var ips = new IpNet[texts.size()];
        for (int i = 0; i < ips.length; i++) {
            try {
                ips[i] = IpNet.parse(texts.get(i), "allowed_ips");
            } catch (InvalidInput e) {
                throw new InvalidInput(f.where() + "." + e.getMessage());
            }
        }
        return new WgPeer(key, List.of(ips));
    }

    /** A WireGuard key is the base64 text of exactly 32 bytes (44 characters). */
    public static String publicKey(String text, String where) {
        if (!isKey(text)) {
            throw new InvalidInput(where + " must be a base64 WireGuard key (44 characters)");
        }
        return text;
    }

    private static boolean isKey(String text) {
        try {
            return text.length() == 44 && Base64.getDecoder().decode(text).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Object toJson() {
        return org.tunnelgate.agent.json.Json.object(
                "public_key", publicKey, "allowed_ips", allowedIps.stream().map(IpNet::text).toList());
    }
}
