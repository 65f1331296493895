package org.tunnelgate.peer.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tunnelgate.profile.entity.Protocol;

/** When one call to a node can add one configuration's peer and remove another's (the same WireGuard interface). */
class IssuedConfigurationTest {

    private static final String KEY = "3iYx9gl0h17ZHEUZ/QJpQTU4N2QIumVuWkh+OvdJXVk=";
    private static final String OTHER_KEY = "oCKl+eYGTBlN41BOo1UPl8eQyn86Q3cWqzoIslPGLUM=";

    @Test
    void wireGuardPeersOfTheSameNodeAndProfileAreOnTheSameInterfaceWhateverTheirKeys() {
        assertThat(wireGuard(1, "node-a", "employees", KEY).onSameInterfaceAs(wireGuard(2, "node-a", "employees", KEY))).isTrue();
        assertThat(wireGuard(1, "node-a", "employees", KEY).onSameInterfaceAs(wireGuard(2, "node-a", "employees", OTHER_KEY)))
                .isTrue();
    }

    @Test
    void anotherNodeOrProfileIsAnotherInterface() {
        assertThat(wireGuard(1, "node-a", "employees", KEY).onSameInterfaceAs(wireGuard(2, "node-b", "employees", KEY))).isFalse();
        assertThat(wireGuard(1, "node-a", "employees", KEY).onSameInterfaceAs(wireGuard(2, "node-a", "admins", KEY))).isFalse();
        assertThat(wireGuard(1, null, "employees", KEY).onSameInterfaceAs(wireGuard(2, null, "employees", KEY)))
                .as("a configuration on no node").isFalse();
    }

    @Test
    void anOpenVpnConfigurationIsOnNoWireGuardInterface() {
        var openVpn = new IssuedConfiguration(1, 7, 9L, null, "employees", Protocol.OPENVPN, "node-a", null, null,
                "10.0.0.2", null, "01", "cn", Instant.EPOCH, Instant.EPOCH);
        assertThat(openVpn.onSameInterfaceAs(openVpn)).isFalse();
        assertThat(openVpn.onSameInterfaceAs(wireGuard(2, "node-a", "employees", KEY))).isFalse();
    }

    private static IssuedConfiguration wireGuard(long id, String node, String profile, String key) {
        return new IssuedConfiguration(id, 7, 9L, null, profile, Protocol.WIREGUARD, node, key, 5L,
                "10.0.0.5", null, null, null, Instant.EPOCH, Instant.EPOCH);
    }
}
