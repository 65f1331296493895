package org.tunnelgate.peer.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.tunnelgate.peer.NoCommonProtocol;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.Protocol;

/**
 * Which protocols to try for a connect, in order: those the profile offers and the client
 * supports, in the profile's preferred order — except that {@code prefer_tcp} moves OpenVPN to
 * the front when the profile has OpenVPN TCP ports (WireGuard only speaks UDP). Later entries are
 * fallbacks for when an earlier one cannot be served.
 */
public final class ProtocolChoice {

    private ProtocolChoice() {}

    public static List<Protocol> order(Profile profile, Collection<Protocol> supported, boolean preferTcp) {
        List<Protocol> common = new ArrayList<>(profile.protocols().stream().filter(supported::contains).toList());
        if (common.isEmpty()) {
            throw new NoCommonProtocol("no common VPN protocol support between client and server profile");
        }
        if (preferTcp && common.contains(Protocol.OPENVPN) && !profile.openvpnTcpPorts().isEmpty()) {
            common.remove(Protocol.OPENVPN);
            common.add(0, Protocol.OPENVPN);
        }
        return common;
    }
}
