package org.tunnelgate.agent.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.tunnelgate.agent.FakeEnrollmentServer;

class CsrTest {

    @Test
    void der_building_blocks_match_their_known_encodings() {
        assertThat(hex(Der.oid("1.2.840.10045.4.3.2"))).isEqualTo("06082a8648ce3d040302");
        assertThat(hex(Der.oid("2.5.4.3"))).isEqualTo("0603550403");
        assertThat(hex(Der.integer(BigInteger.ZERO))).isEqualTo("020100");
        assertThat(hex(Der.integer(BigInteger.valueOf(128)))).isEqualTo("02020080");
        assertThat(hex(Der.utf8String("é"))).isEqualTo("0c02c3a9");
        assertThat(hex(Der.contextConstructed(0))).isEqualTo("a000");
        assertThat(hex(Der.bitString(new byte[] {5}))).isEqualTo("03020005");
    }

    @Test
    void lengths_beyond_127_bytes_use_the_long_form() {
        assertThat(hex(Der.tlv(0x04, new byte[200])).substring(0, 6)).isEqualTo("0481c8");
        assertThat(hex(Der.tlv(0x04, new byte[300])).substring(0, 8)).isEqualTo("0482012c");
        assertThat(hex(Der.tlv(0x04, new byte[70000])).substring(0, 10)).isEqualTo("0483011170");
    }

    @Test
    void the_request_is_signed_by_the_node_key_and_names_the_host() throws Exception {
        var keys = Csr.newKeyPair();

        PKCS10CertificationRequest parsed = FakeEnrollmentServer.csr(Csr.pem(keys, "node-1.example.org"));

        assertThat(parsed.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keys.getPublic()))).isTrue();
        assertThat(new JcaPKCS10CertificationRequest(parsed).getPublicKey().getEncoded())
                .isEqualTo(keys.getPublic().getEncoded());
        assertThat(parsed.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue().toString()).isEqualTo("node-1.example.org");
        assertThat(parsed.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.840.10045.4.3.2");
        assertThat(parsed.getAttributes()).isEmpty();
    }

    @Test
    void a_request_signed_by_another_key_does_not_verify() throws Exception {
        var keys = Csr.newKeyPair();
        var other = Csr.newKeyPair();

        var parsed = FakeEnrollmentServer.csr(Csr.pem(keys, "node-1"));

        assertThat(parsed.isSignatureValid(new JcaContentVerifierProviderBuilder().build(other.getPublic()))).isFalse();
    }

    @Test
    void options_accept_both_spellings_and_refuse_what_is_missing_or_unknown() {
        var options = EnrollOptions.parse(java.util.List.of("--controller", "https://ctl.example.org:8443/base",
                "--token=abc", "--config", "/tmp/x/agent.properties", "--enroll-only"));

        assertThat(options.enrollUrl()).hasToString("https://ctl.example.org:8443/base/node/enroll");
        assertThat(options.enrollOnly()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnrollOptions.parse(java.util.List.of("--token", "t")))
                .isInstanceOf(EnrollFailed.class).hasMessageStartingWith("--controller is required");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnrollOptions.parse(java.util.List.of(
                        "--controller", "http://ctl", "--token", "t", "--config", "c")))
                .hasMessageContaining("https://");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnrollOptions.parse(java.util.List.of("--tokn", "t")))
                .hasMessageStartingWith("unknown option --tokn");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
