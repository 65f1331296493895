package org.tunnelgate.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tunnelgate.openvpn.entity.ServerSide;
import org.tunnelgate.profile.entity.IpPrefix;

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
    void eachOpenVpnPortIsAProcessWithItsOwnPartOfTheNodesShare() {
        var listeners = DesiredState.listeners(List.of(1194, 1195), List.of(443), IpPrefix.parse("10.98.0.0/24"),
                IpPrefix.parse("fd00:98::/63"));

        assertThat(listeners).containsExactly(
                new DesiredState.Listener("udp", 1194, "10.98.0.0/26", "fd00:98::/65"),
                new DesiredState.Listener("udp", 1195, "10.98.0.64/26", "fd00:98:0:0:8000::/65"),
                new DesiredState.Listener("tcp", 443, "10.98.0.128/26", "fd00:98:0:1::/65"));
    }

    @Test
    void anIpv6PartLargerThanA64IsCutToItsFirst64AndAShareTooSmallServesNoOpenVpn() {
        assertThat(DesiredState.listeners(List.of(1194), List.of(1194), IpPrefix.parse("10.98.0.0/24"), IpPrefix.parse("fd00:98::/48")))
                .extracting(DesiredState.Listener::pool6).containsExactly("fd00:98::/64", "fd00:98:0:8000::/64");
        assertThat(DesiredState.listeners(List.of(1194), List.of(1194), IpPrefix.parse("10.98.0.0/29"), null)).isEmpty();
        assertThat(DesiredState.listeners(List.of(), List.of(), IpPrefix.parse("10.98.0.0/24"), null)).isEmpty();
        assertThat(DesiredState.listeners(List.of(1194), List.of(), IpPrefix.parse("10.98.0.0/29"), null))
                .containsExactly(new DesiredState.Listener("udp", 1194, "10.98.0.0/29", null));
    }

    @Test
    void theOpenVpnEntryCarriesTheSecretsPushedSettingsAndListeners() {
        var secrets = new ServerSide("CA-PEM", "CERT-PEM", "KEY-PEM", "TLS-CRYPT", false);
        var state = new DesiredState(List.of(), List.of(), List.of(new DesiredState.OpenVpnServer("staff", secrets,
                List.of("192.168.0.0/16"), List.of("9.9.9.9"), false,
                List.of(new DesiredState.Listener("udp", 1194, "10.98.0.0/25", "fd00:98::/65"),
                        new DesiredState.Listener("tcp", 1194, "10.98.0.128/25", null)))));

        String json = state.toJson(3).toString();

        assertThat(json).contains("\"openvpn\":[{\"name\":\"staff\",\"ca\":\"CA-PEM\",\"cert\":\"CERT-PEM\",\"key\":\"KEY-PEM\","
                + "\"tls_crypt\":\"TLS-CRYPT\",\"routes\":[\"192.168.0.0/16\"],\"dns\":[\"9.9.9.9\"],\"default_gateway\":false,"
                + "\"listeners\":[{\"proto\":\"udp\",\"port\":1194,\"pool4\":\"10.98.0.0/25\",\"pool6\":\"fd00:98::/65\"},"
                + "{\"proto\":\"tcp\",\"port\":1194,\"pool4\":\"10.98.0.128/25\"}]}]");
        assertThat(state.openVpnProcesses()).containsExactly("staff-tcp-1194", "staff-udp-1194");
        assertThat(secrets.toString()).doesNotContain("KEY-PEM");
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
