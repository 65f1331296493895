package org.tunnelgate.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

    static final String KEY_A = "HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=";

    @Test
    void eachServedProfileIsAnInterfaceOnHostOneOfTheNodesShareWithItsPeers() {
        var state = new DesiredState(
                List.of(new NodeStore.ServedProfile("staff", 51820, "10.10.0.128/25", "fd00:10::8000:0:0:0/65"),
                        new NodeStore.ServedProfile("a-profile-with-a-long-name", 51821, "10.11.0.0/24", "fd00:11::/64")),
                List.of(new NodeStore.Peer("staff", KEY_A, "10.10.0.130", "fd00:10::8000:0:0:2")));

        String json = state.toJson(7).toString();

        assertThat(json).startsWith("{\"generation\":7,");
        assertThat(json).contains("{\"name\":\"wg-staff\",\"listen_port\":51820,\"addresses\":[\"10.10.0.129/25\","
                + "\"fd00:10::8000:0:0:1/65\"],\"peers\":[{\"public_key\":\"" + KEY_A
                + "\",\"allowed_ips\":[\"10.10.0.130/32\",\"fd00:10::8000:0:0:2/128\"]}]}");
        assertThat(json).contains("\"peers\":[]").contains("\"openvpn\":[]");
        assertThat(state.peerCountByInterface()).containsExactlyInAnyOrderEntriesOf(
                Map.of("wg-staff", 1L, WireGuardInterfaces.nameFor("a-profile-with-a-long-name"), 0L));
    }

    @Test
    void interfaceNamesFitLinuxAndStayTheSame() {
        assertThat(WireGuardInterfaces.nameFor("employees")).isEqualTo("wg-employees");
        String longName = WireGuardInterfaces.nameFor("a-profile-with-a-long-name");
        assertThat(longName).hasSize(15).startsWith("wg-").isEqualTo(WireGuardInterfaces.nameFor("a-profile-with-a-long-name"));
        assertThat(WireGuardInterfaces.nameFor("a-profile-with-a-long-nam2")).isNotEqualTo(longName);
    }

    @Test
    void tokensAreStoredOnlyAsHashesAndMalformedOnesAreRecognised() {
        String token = EnrollmentTokens.newToken();
        assertThat(EnrollmentTokens.hasTokenShape(token)).isTrue();
        assertThat(EnrollmentTokens.hash(token)).hasSize(43).isNotEqualTo(token).isEqualTo(EnrollmentTokens.hash(token));
        assertThat(EnrollmentTokens.hasTokenShape("short")).isFalse();
        assertThat(EnrollmentTokens.hasTokenShape("A".repeat(42) + "'")).isFalse();
        assertThat(EnrollmentTokens.hasTokenShape(null)).isFalse();
    }
}
