package org.tunnelgate.pki.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The node CA: the certificates of mutual TLS between the controller and its node agents. EC
 * P-256 with ECDSA/SHA-256 — what every TLS 1.3 stack accepts — and separate from the OpenVPN CA,
 * whose certificates a VPN client could otherwise present to an agent. A node's certificate is
 * signed from the node's own certification request (its private key never leaves it), with the
 * node's registered name as CN whatever the request asked for; the controller's client
 * certificate has CN {@value #CONTROLLER_NAME}, the name agents allow.
 */
public final class NodeAuthority {

    /** A certificate with its private key (PEM). The key is secret: never logged. */
    public record Credential(String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Credential[hidden]";
        }
    }

    /** A node certificate issued from a request. */
    public record NodeCertificate(String serialHex, String certificatePem, Instant notAfter) {}

    public static final String CONTROLLER_NAME = "tunnelgate-controller";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration NODE_VALIDITY = Duration.ofDays(825);
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private NodeAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    public static NodeAuthority create(Instant now) {
        KeyPair keys = newKeyPair();
        X500Name subject = name("Tunnelgate node CA");
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new NodeAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the node CA", e);
        }
    }

    static NodeAuthority restore(String certificatePem, byte[] pkcs8) {
        try {
            return new NodeAuthority(certificate(certificatePem), KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored node CA is unreadable", e);
        }
    }

    /**
     * Signs a node's PKCS#10 request (PEM) for {@code nodeName}; {@link IllegalArgumentException}
     * with the reason when the request is unreadable, not self-signed by its key, or not EC/RSA.
     */
    public NodeCertificate issueNode(String csrPem, String nodeName, Instant now) {
        PublicKey key = verifiedKey(csrPem);
        BigInteger serial = serial();
        Instant notAfter = earliest(now.plus(NODE_VALIDITY), certificate.getNotAfter().toInstant());
        X509Certificate issued = issue(name(nodeName), key, serial, now, notAfter,
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
        return new NodeCertificate(serial.toString(16), pem(issued), notAfter);
    }

    /** A fresh key pair and client certificate for the controller (made once per cluster). */
    public Credential issueController(Instant now) {
        KeyPair keys = newKeyPair();
        X509Certificate issued = issue(name(CONTROLLER_NAME), keys.getPublic(), serial(), now,
                certificate.getNotAfter().toInstant(), new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
        return new Credential(pem(issued), Pem.encode("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }

    public String certificatePem() {
        return pem(certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    byte[] privateKeyPkcs8() {
        return privateKey.getEncoded();
    }

    private X509Certificate issue(X500Name subject, PublicKey key, BigInteger serial, Instant now, Instant notAfter,
                                  KeyPurposeId[] purposes) {
        try {
            var extensions = new JcaX509ExtensionUtils();
            var builder = new JcaX509v3CertificateBuilder(certificate, serial, Date.from(now.minus(BACKDATE)),
                    Date.from(notAfter), subject, key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a node certificate", e);
        }
    }

    private static PublicKey verifiedKey(String csrPem) {
        JcaPKCS10CertificationRequest request;
        try {
            request = new JcaPKCS10CertificationRequest(Pem.decode("CERTIFICATE REQUEST", csrPem));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("csr is not a PEM certification request");
        }
        try {
            PublicKey key = request.getPublicKey();
            if (!key.getAlgorithm().equals("EC") && !key.getAlgorithm().equals("RSA")) {
                throw new IllegalArgumentException("csr: the key must be EC or RSA");
            }
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("csr: the signature does not match its key");
            }
            return key;
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("csr: unreadable key or signature");
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            byte[] der = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)).getEncoded();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Pem.decode("CERTIFICATE", pem)));
    }

    private static String pem(X509Certificate certificate) {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JVM", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(120);
    }
}
