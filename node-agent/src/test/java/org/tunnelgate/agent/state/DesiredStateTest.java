package org.tunnelgate.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;

public class DesiredStateTest {

    public static final String KEY_A = "V0fA1XDMrM89jgyeTrxN9XuV7jAXOzJOzy9ZbwCTwyA=";
    public static final String KEY_B = "i6SE45T4/W+rkF2HW1ewm2syAw3F3cWM7wbzFSfq5Sw=";

    public static String state(long generation, String peers) {
        return "{\"generation\": " + generation + ", \"wireguard\": [{\"name\": \"wg0\", \"listen_port\": 51820,"
                + " \"addresses\": [\"10.10.0.1/24\", \"fd00:10::1/64\"], \"peers\": [" + peers + "]}]}";
    }

    public static String peer(String key, String ip) {
        return "{\"public_key\": \"" + key + "\", \"allowed_ips\": [\"" + ip + "\"]}";
    }

    @Test
    void reads_an_interface_with_its_peers_and_defaults_the_mtu() {
        var state = DesiredState.fromJson(Json.parse(state(7, peer(KEY_A, "10.10.0.2/32"))));

        assertThat(state.generation()).isEqualTo(7);
        var wg = state.wireguard().get(0);
        assertThat(wg.mtu()).isEqualTo(WgInterface.DEFAULT_MTU);
        assertThat(wg.addresses()).extracting(IpNet::text).containsExactly("10.10.0.1/24", "fd00:10::1/64");
        assertThat(wg.peers()).extracting(WgPeer::publicKey).containsExactly(KEY_A);
    }

    @Test
    void survives_a_round_trip_through_its_own_json() {
        var state = DesiredState.fromJson(Json.parse(state(3, peer(KEY_A, "10.10.0.2/32") + "," + peer(KEY_B, "10.10.0.3/32"))));

        assertThat(DesiredState.fromJson(Json.parse(state.toJson()))).isEqualTo(state);
    }

    @Test
    void refuses_a_key_listed_twice_an_unknown_field_and_a_bad_address() {
        assertThatThrownBy(() -> DesiredState.fromJson(Json.parse(state(1, peer(KEY_A, "10.10.0.2/32") + "," + peer(KEY_A, "10.10.0.3/32")))))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> DesiredState.fromJson(Json.parse("{\"generation\": 1, \"wireguards\": []}")))
                .hasMessageContaining("unknown field \"wireguards\"");
        assertThatThrownBy(() -> DesiredState.fromJson(Json.parse(state(1, peer(KEY_A, "10.10.0.300/32")))))
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> DesiredState.fromJson(Json.parse(state(1, peer(KEY_A, "example.org/32")))))
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> DesiredState.fromJson(Json.parse(state(1, peer(KEY_A, "10.0.0.1/33")))))
                .hasMessageContaining("prefix");
        assertThatThrownBy(() -> DesiredState.fromJson(Json.parse("{\"generation\": 0}")))
                .hasMessageContaining("state.generation must be between 1");
    }

    @Test
    void refuses_interface_names_linux_would_not_take() {
        assertThatThrownBy(() -> WgInterface.interfaceName("a-name-longer-than-15", "x")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> WgInterface.interfaceName("../etc", "x")).isInstanceOf(InvalidInput.class);
        assertThat(WgInterface.interfaceName("wg-node1", "x")).isEqualTo("wg-node1");
    }

    @Test
    void ipv4_networks_know_their_netmask_and_network_address() {
        var net = IpNet.parse("10.98.1.77/23", "t");

        assertThat(net.netmask()).isEqualTo("255.255.254.0");
        assertThat(net.network().getHostAddress()).isEqualTo("10.98.0.0");
    }
}
