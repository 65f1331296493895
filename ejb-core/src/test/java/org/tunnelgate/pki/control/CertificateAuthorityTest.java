package org.tunnelgate.pki.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final CertificateAuthority CA = CertificateAuthority.create("Test CA", NOW);

    @Test
    void aClientCertificateEndsExactlyWhenTheSessionExpires() throws Exception {
        Instant expires = NOW.plus(Duration.ofDays(90));
        CertificateAuthority.Issued issued = CA.issueClient("employees", NOW, expires);
        X509Certificate cert = issued.certificate();

        assertThat(cert.getNotAfter().toInstant()).isEqualTo(expires);
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        cert.verify(CA.publicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("OU=employees,CN=" + issued.commonName());
        assertThat(issued.commonName()).matches("[0-9a-f]{32}");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSigAlgName()).isEqualToIgnoringCase("Ed25519");
        assertThat(issued.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void theKeyInTheConfigurationBelongsToTheCertificate() throws Exception {
        CertificateAuthority.Issued issued = CA.issueClient("employees", NOW, NOW.plusSeconds(3600));
        var key = KeyFactory.getInstance("Ed25519").generatePrivate(
                new PKCS8EncodedKeySpec(Pem.decode("PRIVATE KEY", issued.privateKeyPem())));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(issued.certificate().getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void privateKeysArePlainPkcs8Version1WhichOpenSslAccepts() throws Exception {
        String pem = CA.issueClient("employees", NOW, NOW.plusSeconds(60)).privateKeyPem();
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(Pem.decode("PRIVATE KEY", pem));
        assertThat(info.getVersion().intValueExact()).isZero();
        assertThat(info.hasPublicKey()).isFalse();
        assertThat(info.getAttributes()).isNull();
    }

    @Test
    void theCaIsACaAndSurvivesStorageAsPemAndPkcs8() throws Exception {
        assertThat(CA.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(CA.certificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
        CertificateAuthority restored = CertificateAuthority.restore(CA.certificatePem(), CA.privateKeyPkcs8());
        restored.issueClient("x", NOW, NOW.plusSeconds(60)).certificate().verify(CA.publicKey());
    }

    @Test
    void serverCertificatesAreForServersAndNothingOutlivesTheCa() throws Exception {
        X509Certificate server = CA.issueServer("vpn.example.org", "employees", NOW, NOW.plus(Duration.ofDays(365))).certificate();
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        X509Certificate capped = CA.issueClient("x", NOW, NOW.plus(Duration.ofDays(20000))).certificate();
        assertThat(capped.getNotAfter()).isEqualTo(CA.certificate().getNotAfter());
        assertThatThrownBy(() -> CA.issueClient("x", NOW, NOW.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialNumbersDoNotRepeat() {
        var serials = new java.util.HashSet<String>();
        for (int i = 0; i < 200; i++) {
            serials.add(CA.issueClient("x", NOW, NOW.plusSeconds(60)).serialHex());
        }
        assertThat(serials).hasSize(200);
    }
}
