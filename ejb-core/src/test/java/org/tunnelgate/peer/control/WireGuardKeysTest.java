package org.tunnelgate.peer.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tunnelgate.node.entity.WireGuardKey;

class WireGuardKeysTest {

    @Test
    void acceptsRealKeysAndRefusesLookAlikes() {
        assertThat(WireGuardKey.isValid("nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPmUU=")).isTrue();
        assertThat(WireGuardKey.isValid("nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPmUV=")).as("bad last char").isFalse();
        assertThat(WireGuardKey.isValid("nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPmUU")).as("no padding").isFalse();
        assertThat(WireGuardKey.isValid("nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPmU=")).as("too short").isFalse();
        assertThat(WireGuardKey.isValid("nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPm-U=")).as("url alphabet").isFalse();
        assertThat(WireGuardKey.isValid("nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPmUU=\n")).as("newline").isFalse();
        assertThat(WireGuardKey.isValid(null)).isFalse();
    }

    @Test
    void generatedPairsAreValidClampedAndMatch() {
        for (int i = 0; i < 50; i++) {
            WireGuardKeyPair pair = WireGuardKeyPair.generate();
            assertThat(WireGuardKey.isValid(pair.publicKey())).isTrue();
            assertThat(WireGuardKey.isValid(pair.privateKey())).isTrue();
            byte[] secret = java.util.Base64.getDecoder().decode(pair.privateKey());
            assertThat(secret[0] & 7).isZero();
            assertThat(secret[31] & 0xC0).isEqualTo(0x40);
            assertThat(WireGuardKeyPair.publicKeyOf(pair.privateKey())).isEqualTo(pair.publicKey());
            assertThat(pair.toString()).doesNotContain(pair.privateKey());
        }
    }

    @Test
    void derivesTheSamePublicKeyAsWireGuardDoes() {
        // RFC 7748 §6.1 test vector (Alice), as printed by `wg pubkey` for this private key
        String privateKey = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                .parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        String expected = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                .parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
        assertThat(WireGuardKeyPair.publicKeyOf(privateKey)).isEqualTo(expected);
    }
}
