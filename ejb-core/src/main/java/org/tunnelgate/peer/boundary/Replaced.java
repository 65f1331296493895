package org.tunnelgate.peer.boundary;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tunnelgate.peer.entity.IssuedConfiguration;

/**
 * The configurations a new one replaced (an app's previous one, the oldest beyond the cap), sorted
 * by how their nodes hear that they ended. A WireGuard peer on the new one's interface (same node,
 * same profile) leaves with the new peer's addition, in the same call to the node ({@code replaces},
 * docs/agent-api.md) instead of a call of its own on every reconnect; one with the new peer's own key
 * needs no removal at all, the addition replaces it. Every other one — another node, another
 * profile, OpenVPN — is removed with a call of its own.
 *
 * @param onSameInterface replaced WireGuard peers of the new one's node and profile
 * @param elsewhere       the rest
 * @param keys            what the addition replaces: the keys of {@code onSameInterface} but the new one's own
 */
record Replaced(List<IssuedConfiguration> onSameInterface, List<IssuedConfiguration> elsewhere, List<String> keys) {

    static Replaced by(IssuedConfiguration added, List<IssuedConfiguration> removed) {
        Map<Boolean, List<IssuedConfiguration>> split = removed.stream()
                .collect(Collectors.partitioningBy(r -> r.onSameInterfaceAs(added)));
        List<String> keys = split.get(true).stream().map(IssuedConfiguration::wireGuardPublicKey)
                .filter(key -> !key.equals(added.wireGuardPublicKey())).distinct().toList();
        return new Replaced(split.get(true), split.get(false), keys);
    }
}
