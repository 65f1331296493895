package org.tunnelgate.pki.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class NodeAuthorityTest {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final NodeAuthority CA = NodeAuthority.create(NOW);

    static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static String csr(KeyPair subject, KeyPair signer, String commonName) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), subject.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
        return Pem.encode("CERTIFICATE REQUEST", request.getEncoded());
    }

    @Test
    void aNodeCertificateCarriesTheRegisteredNameWhateverTheRequestAskedFor() throws Exception {
        KeyPair node = ecKeys();
        NodeAuthority.NodeCertificate issued = CA.issueNode(csr(node, node, "admin"), "node1", NOW);

        var cert = NodeAuthority.certificate(issued.certificatePem());
        cert.verify(CA.certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node1");
        assertThat(cert.getPublicKey()).isEqualTo(node.getPublic());
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(issued.notAfter()).isEqualTo(NOW.plus(NodeAuthority.NODE_VALIDITY));
        assertThat(issued.serialHex()).isEqualTo(cert.getSerialNumber().toString(16));
    }

    @Test
    void aRequestNotSignedByItsOwnKeyIsRefused() throws Exception {
        String forged = csr(ecKeys(), ecKeys(), "node1");
        assertThatThrownBy(() -> CA.issueNode(forged, "node1", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> CA.issueNode("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                "node1", NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("csr");
        assertThatThrownBy(() -> CA.issueNode("hello", "node1", NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theControllerGetsAClientCertificateWithTheNameAgentsAllow() throws Exception {
        NodeAuthority.Credential controller = CA.issueController(NOW);
        var cert = NodeAuthority.certificate(controller.certificatePem());
        cert.verify(CA.certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + NodeAuthority.CONTROLLER_NAME);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(controller.toString()).doesNotContain("PRIVATE");
        assertThat(CA.certificate().getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(3000)));
    }

    @Test
    void theCaSurvivesStorageAndSignsTheSame() throws Exception {
        NodeAuthority restored = NodeAuthority.restore(CA.certificatePem(), CA.privateKeyPkcs8());
        KeyPair node = ecKeys();
        var cert = NodeAuthority.certificate(restored.issueNode(csr(node, node, "x"), "node2", NOW).certificatePem());
        cert.verify(CA.certificate().getPublicKey());
    }
}
