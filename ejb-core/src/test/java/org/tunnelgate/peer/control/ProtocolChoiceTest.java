package org.tunnelgate.peer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tunnelgate.profile.entity.Protocol.OPENVPN;
import static org.tunnelgate.profile.entity.Protocol.WIREGUARD;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tunnelgate.peer.NoCommonProtocol;

class ProtocolChoiceTest {

    @Test
    void followsTheProfilesOrderNotTheClients() {
        assertThat(ProtocolChoice.order(TestProfiles.fullTunnel(), List.of(OPENVPN, WIREGUARD), false))
                .containsExactly(WIREGUARD, OPENVPN);
    }

    @Test
    void preferTcpPutsOpenVpnFirstWhenTheProfileHasTcpPorts() {
        assertThat(ProtocolChoice.order(TestProfiles.fullTunnel(), List.of(WIREGUARD, OPENVPN), true))
                .containsExactly(OPENVPN, WIREGUARD);
    }

    @Test
    void keepsOnlyWhatBothSidesSupport() {
        assertThat(ProtocolChoice.order(TestProfiles.fullTunnel(), List.of(OPENVPN), false)).containsExactly(OPENVPN);
        assertThatThrownBy(() -> ProtocolChoice.order(TestProfiles.splitTunnel(), List.of(OPENVPN), true))
                .isInstanceOf(NoCommonProtocol.class);
    }
}
