package org.tunnelgate.peer.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tunnelgate.profile.entity.Protocol;

/** When a replaced configuration's node call must go before the new one's (same peer on the same node). */
class IssuedConfigurationTest {

    private static final String KEY = "3iYx9gl0h17ZHEUZ/QJpQTU4N2QIumVuWkh+OvdJXVk=";
    private static final String OTHER_KEY = "oCKl+eYGTBlN41BOo1UPl8eQyn86Q3cWqzoIslPGLUM=";

    @Test
    void aWireGuardPeerWithTheSameKeyOnTheSameNodeIsTheSamePeer() {
        assertThat(wireGuard(1, "node-a", KEY).samePeerAs(wireGuard(2, "node-a", KEY))).isTrue();
    }

    @Test
    void anotherKeyOrAnotherNodeIsAnotherPeer() {
        assertThat(wireGuard(1, "node-a", KEY).samePeerAs(wireGuard(2, "node-a", OTHER_KEY))).isFalse();
        assertThat(wireGuard(1, "node-a", KEY).samePeerAs(wireGuard(2, "node-b", KEY))).isFalse();
        assertThat(wireGuard(1, null, KEY).samePeerAs(wireGuard(2, null, KEY))).as("a configuration on no node").isFalse();
    }

    @Test
    void anOpenVpnConfigurationIsNeverAPeer() {
        var openVpn = new IssuedConfiguration(1, 7, 9L, null, "employees", Protocol.OPENVPN, "node-a", null, null,
                "10.0.0.2", null, "01", "cn", Instant.EPOCH, Instant.EPOCH);
        assertThat(openVpn.samePeerAs(openVpn)).isFalse();
    }

    private static IssuedConfiguration wireGuard(long id, String node, String key) {
        return new IssuedConfiguration(id, 7, 9L, null, "employees", Protocol.WIREGUARD, node, key, 5L,
                "10.0.0.5", null, null, null, Instant.EPOCH, Instant.EPOCH);
    }
}
