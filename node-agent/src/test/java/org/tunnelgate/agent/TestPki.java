package org.tunnelgate.agent;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests (EC P-256, one day): the controller CA that signs
 * the agent's and the controller's certificates and the OpenVPN server and client certificates,
 * or "another CA" whose certificates the agent must refuse.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    public record Issued(Path certificate, Path key, String certificatePem, String keyPem) {}

    public TestPki(String name) {
        this.name = name;
        this.keys = newKeys();
        try {
            var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), serial(), notBefore(), notAfter(),
                    new X500Name("CN=" + name), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.certificate = sign(builder, keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String certificatePem() {
        return pem("CERTIFICATE", encoded(certificate));
    }

    public Path writeCertificate(Path dir) throws IOException {
        return write(dir.resolve(name.replace(' ', '-') + ".crt"), certificatePem());
    }

    public Issued server(String commonName, Path dir) {
        return issue(commonName, dir, KeyPurposeId.id_kp_serverAuth);
    }

    public Issued client(String commonName, Path dir) {
        return issue(commonName, dir, KeyPurposeId.id_kp_clientAuth);
    }

    /** The agent's certificate: it serves the API and calls home with the same certificate. */
    public Issued node(String commonName, Path dir) {
        return issue(commonName, dir, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    public Issued issue(String commonName, Path dir, KeyPurposeId... purposes) {
        try {
            KeyPair leaf = newKeys();
            String certPem = certify(leaf.getPublic(), commonName, purposes);
            String keyPem = pem("PRIVATE KEY", leaf.getPrivate().getEncoded());
            String file = commonName.replaceAll("[^A-Za-z0-9_-]", "_");
            Path certPath = write(dir.resolve(file + ".crt"), certPem);
            Path keyPath = write(dir.resolve(file + ".key"), keyPem);
            return new Issued(certPath, keyPath, certPem, keyPem);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate (PEM) for someone else's key, e.g. the one in a node's certification request. */
    public String certify(java.security.PublicKey key, String commonName, KeyPurposeId... purposes) {
        try {
            var builder = new JcaX509v3CertificateBuilder(certificate, serial(), notBefore(), notAfter(),
                    new X500Name("CN=" + commonName), key);
            var ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            return pem("CERTIFICATE", encoded(sign(builder, keys)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static KeyPair newKeys() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }
}
