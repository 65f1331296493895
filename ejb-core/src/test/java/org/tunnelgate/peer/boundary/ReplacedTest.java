package org.tunnelgate.peer.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tunnelgate.peer.entity.IssuedConfiguration;
import org.tunnelgate.profile.entity.Protocol;

/** Which replaced configurations leave with the new peer's addition, and which with a node call of their own. */
class ReplacedTest {

    private static final String NEW_KEY = "3iYx9gl0h17ZHEUZ/QJpQTU4N2QIumVuWkh+OvdJXVk=";
    private static final String OLD_KEY = "oCKl+eYGTBlN41BOo1UPl8eQyn86Q3cWqzoIslPGLUM=";
    private static final String OLDER_KEY = "V0fA1XDMrM89jgyeTrxN9XuV7jAXOzJOzy9ZbwCTwyA=";

    private final IssuedConfiguration added = wireGuard(10, "node-a", "employees", NEW_KEY);

    @Test
    void peersOfTheSameNodeAndProfileLeaveWithTheAddition() {
        var previous = wireGuard(1, "node-a", "employees", OLD_KEY);
        var evicted = wireGuard(2, "node-a", "employees", OLDER_KEY);

        var replaced = Replaced.by(added, List.of(previous, evicted));

        assertThat(replaced.keys()).containsExactly(OLD_KEY, OLDER_KEY);
        assertThat(replaced.onSameInterface()).containsExactly(previous, evicted);
        assertThat(replaced.elsewhere()).isEmpty();
    }

    @Test
    void thePeerWithTheNewKeyOnTheSameInterfaceNeedsNoRemovalTheAdditionReplacesIt() {
        var sameKey = wireGuard(1, "node-a", "employees", NEW_KEY);

        var replaced = Replaced.by(added, List.of(sameKey));

        assertThat(replaced.keys()).isEmpty();
        assertThat(replaced.elsewhere()).isEmpty();
        assertThat(replaced.onSameInterface()).as("removed only if the node does not take the addition").containsExactly(sameKey);
    }

    @Test
    void anotherNodeAnotherProfileOrOpenVpnIsRemovedWithACallOfItsOwn() {
        var otherNodeSameKey = wireGuard(1, "node-b", "employees", NEW_KEY);
        var otherProfileSameKey = wireGuard(2, "node-a", "admins", NEW_KEY);
        var otherProfile = wireGuard(3, "node-a", "admins", OLD_KEY);
        var noNode = wireGuard(4, null, "employees", OLDER_KEY);
        var openVpn = new IssuedConfiguration(5, 7, 9L, null, "employees", Protocol.OPENVPN, "node-a", null, null,
                "10.0.0.2", null, "01", "cn", Instant.EPOCH, Instant.EPOCH);

        var replaced = Replaced.by(added, List.of(otherNodeSameKey, otherProfileSameKey, otherProfile, noNode, openVpn));

        assertThat(replaced.keys()).isEmpty();
        assertThat(replaced.onSameInterface()).isEmpty();
        assertThat(replaced.elsewhere()).containsExactly(otherNodeSameKey, otherProfileSameKey, otherProfile, noNode, openVpn);
    }

    @Test
    void aKeyNamedTwiceIsReplacedOnce() {
        var replaced = Replaced.by(added, List.of(wireGuard(1, "node-a", "employees", OLD_KEY),
                wireGuard(2, "node-a", "employees", OLD_KEY)));

        assertThat(replaced.keys()).containsExactly(OLD_KEY);
        assertThat(replaced.onSameInterface()).hasSize(2);
    }

    @Test
    void anOpenVpnConfigurationReplacesNothingWithItsIssue() {
        var openVpn = new IssuedConfiguration(10, 7, 9L, null, "employees", Protocol.OPENVPN, "node-a", null, null,
                "10.0.0.2", null, "02", "cn2", Instant.EPOCH, Instant.EPOCH);
        var previous = wireGuard(1, "node-a", "employees", OLD_KEY);

        var replaced = Replaced.by(openVpn, List.of(previous));

        assertThat(replaced.keys()).isEmpty();
        assertThat(replaced.elsewhere()).containsExactly(previous);
    }

    private static IssuedConfiguration wireGuard(long id, String node, String profile, String key) {
        return new IssuedConfiguration(id, 7, 9L, null, profile, Protocol.WIREGUARD, node, key, 5L,
                "10.0.0." + (id + 2), null, null, null, Instant.EPOCH, Instant.EPOCH);
    }
}
