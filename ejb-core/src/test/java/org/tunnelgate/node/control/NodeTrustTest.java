package org.tunnelgate.node.control;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Trust towards one node: the node CA's certificate naming that node, and nothing else. */
class NodeTrustTest {

    record Issuer(KeyPair keys, X509Certificate certificate) {}

    static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca)
            throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject),
                subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    static Issuer ca(String name) throws Exception {
        KeyPair keys = keys();
        return new Issuer(keys, certificate("CN=" + name, keys, "CN=" + name, keys, true));
    }

    static X509Certificate[] agent(Issuer ca, String commonName) throws Exception {
        return new X509Certificate[] {certificate("CN=" + commonName, keys(), ca.certificate().getSubjectX500Principal().getName(),
                ca.keys(), false), ca.certificate()};
    }

    static X509TrustManager trusting(Issuer ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("node-ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    @Test
    void anAgentCertificateOfTheNodeCaNamingTheNodeIsTrusted() throws Exception {
        Issuer nodeCa = ca("Tunnelgate node CA");
        NodeTrust trust = new NodeTrust(trusting(nodeCa), "node1");

        assertThatCode(() -> trust.checkServerTrusted(agent(nodeCa, "node1"), "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null))
                .doesNotThrowAnyException();
    }

    @Test
    void anotherNodesCertificateFromTheSameCaIsRefused() throws Exception {
        Issuer nodeCa = ca("Tunnelgate node CA");
        NodeTrust trust = new NodeTrust(trusting(nodeCa), "node1");

        assertThatThrownBy(() -> trust.checkServerTrusted(agent(nodeCa, "node2"), "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null))
                .isInstanceOf(CertificateException.class).hasMessageContaining("node1");
        assertThatThrownBy(() -> trust.checkServerTrusted(agent(nodeCa, "node10"), "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void theNodesNameFromAnotherCaIsRefused() throws Exception {
        Issuer nodeCa = ca("Tunnelgate node CA");
        Issuer other = ca("Tunnelgate node CA"); // same name, other key
        NodeTrust trust = new NodeTrust(trusting(nodeCa), "node1");

        assertThatThrownBy(() -> trust.checkServerTrusted(agent(other, "node1"), "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void theControllerTrustsNoClients() throws Exception {
        Issuer nodeCa = ca("Tunnelgate node CA");
        NodeTrust trust = new NodeTrust(trusting(nodeCa), "node1");

        assertThatThrownBy(() -> trust.checkClientTrusted(agent(nodeCa, "node1"), "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }
}
