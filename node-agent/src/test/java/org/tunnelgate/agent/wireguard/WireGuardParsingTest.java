package org.tunnelgate.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.apply.PeerStatus;
import org.tunnelgate.agent.state.DesiredState;

class WireGuardParsingTest {

    // captured from `wg show wg0 dump` (the first line's private key is a throwaway test key)
    static final String DUMP = """
            EG4gZ0lmYXJrZWxzdGVzdGtleWZvcm5vdGhpbmcxMjM=\ti6SE45T4/W+rkF2HW1ewm2syAw3F3cWM7wbzFSfq5Sw=\t51820\toff
            V0fA1XDMrM89jgyeTrxN9XuV7jAXOzJOzy9ZbwCTwyA=\t(none)\t10.200.0.2:49499\t10.99.0.2/32,fd00::2/128\t1795300346\t948\t860\toff
            4W7k89vU4fdPBNt1A4GVz9+WJy/Ve9FtZ2xD1mdpOlk=\t(none)\t(none)\t(none)\t0\t0\t0\toff
            """;

    @Test
    void the_dump_parser_reads_peers_and_never_the_interface_private_key() {
        List<PeerStatus> peers = WgDump.peers(DUMP);

        assertThat(peers).containsExactly(
                new PeerStatus("V0fA1XDMrM89jgyeTrxN9XuV7jAXOzJOzy9ZbwCTwyA=", Optional.of("10.200.0.2:49499"),
                        List.of("10.99.0.2/32", "fd00::2/128"), 1795300346, 948, 860),
                new PeerStatus("4W7k89vU4fdPBNt1A4GVz9+WJy/Ve9FtZ2xD1mdpOlk=", Optional.empty(), List.of(), 0, 0, 0));
        assertThat(peers.toString()).doesNotContain("EG4g");
    }

    @Test
    void a_peer_never_seen_has_no_handshake_in_json() {
        var json = Json.write(WgDump.peers(DUMP).get(1).toJson("wg0"));

        assertThat(json).contains("\"latest_handshake\":null").contains("\"endpoint\":null");
    }

    @Test
    void public_keys_match_rfc_7748_test_vectors() {
        // RFC 7748 section 6.1, Alice: private 77076d0a…, public 8520f009…
        String alicePrivate = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                .parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        String alicePublic = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                .parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));

        assertThat(Keys.publicKey(alicePrivate)).isEqualTo(alicePublic);
    }

    @Test
    void generated_private_keys_are_clamped_and_distinct() {
        byte[] k = java.util.Base64.getDecoder().decode(Keys.generatePrivate());

        assertThat(k).hasSize(32);
        assertThat(k[0] & 7).isZero();
        assertThat(k[31] & 0xC0).isEqualTo(0x40);
        assertThat(Keys.generatePrivate()).isNotEqualTo(Keys.generatePrivate());
    }

    @Test
    void the_syncconf_file_lists_every_peer_with_its_allowed_ips() {
        var state = DesiredState.fromJson(Json.parse("{\"generation\": 1, \"wireguard\": [{\"name\": \"wg0\","
                + " \"listen_port\": 51820, \"peers\": [{\"public_key\": \"V0fA1XDMrM89jgyeTrxN9XuV7jAXOzJOzy9ZbwCTwyA=\","
                + " \"allowed_ips\": [\"10.99.0.2/32\", \"fd00::2/128\"]}]}]}"));

        String conf = new String(WgConf.render(state.wireguard().get(0), "PRIVATE"), StandardCharsets.US_ASCII);

        assertThat(conf).isEqualTo("""
                [Interface]
                PrivateKey = PRIVATE
                ListenPort = 51820

                [Peer]
                PublicKey = V0fA1XDMrM89jgyeTrxN9XuV7jAXOzJOzy9ZbwCTwyA=
                AllowedIPs = 10.99.0.2/32, fd00::2/128
                """);
    }
}
