package org.tunnelgate.agent.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;

/**
 * Everything the controller wants on this node, stamped with a generation number. Generations
 * only go up: the same generation again is a no-op, an older one is refused. Construction
 * validates everything, so a state that exists is a state that can be applied.
 */
public record DesiredState(long generation, List<WgInterface> wireguard, List<OpenVpnProfile> openvpn) {

    public static final DesiredState EMPTY = new DesiredState(0, List.of(), List.of());

    public static DesiredState fromJson(Object parsed) {
        var f = Fields.of(parsed, "state").allowOnly(Set.of("generation", "wireguard", "openvpn"));
        long generation = f.integer("generation", 1, Long.MAX_VALUE);
        var interfaces = new ArrayList<WgInterface>();
        var names = new HashSet<String>();
        var ports = new HashSet<Integer>();
        var items = f.list("wireguard");
        for (int i = 0; i < items.size(); i++) {
            var wg = WgInterface.from(Fields.of(items.get(i), "state.wireguard[" + i + "]"));
            if (!names.add(wg.name()) || !ports.add(wg.listenPort())) {
                throw new InvalidInput("state.wireguard[" + i + "]: interface name or listen port used twice");
            }
            interfaces.add(wg);
        }
        var profiles = new ArrayList<OpenVpnProfile>();
        var profileNames = new HashSet<String>();
        var listeners = new HashSet<String>();
        items = f.list("openvpn");
        for (int i = 0; i < items.size(); i++) {
            var profile = OpenVpnProfile.from(Fields.of(items.get(i), "state.openvpn[" + i + "]"));
            if (!profileNames.add(profile.name())) {
                throw new InvalidInput("state.openvpn[" + i + "]: profile name used twice");
            }
            for (var listener : profile.listeners()) {
                if (!listeners.add(listener.proto() + listener.port())) {
                    throw new InvalidInput("state.openvpn[" + i + "]: " + listener.proto() + " port "
                            + listener.port() + " is used by another profile");
                }
            }
            profiles.add(profile);
        }
        return new DesiredState(generation, List.copyOf(interfaces), List.copyOf(profiles));
    }

    /** Only the generation of a parsed state: enough to answer a repeated or older one cheaply. */
    public static long generationOf(Object parsed) {
        return Fields.of(parsed, "state").integer("generation", 1, Long.MAX_VALUE);
    }

    public Optional<WgInterface> wireguard(String name) {
        return wireguard.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** The same state with one interface replaced (used by single-peer changes between full syncs). */
    public DesiredState with(WgInterface changed) {
        var list = wireguard.stream().map(w -> w.name().equals(changed.name()) ? changed : w).toList();
        return new DesiredState(generation, list, openvpn);
    }

    public String toJson() {
        return Json.write(Json.object(
                "generation", generation,
                "wireguard", wireguard.stream().map(WgInterface::toJson).toList(),
                "openvpn", openvpn.stream().map(OpenVpnProfile::toJson).toList()));
    }
}
