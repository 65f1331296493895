package org.tunnelgate.pki.control;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The controller's own certificate authority for OpenVPN (and later the node agents' mutual TLS):
 * Ed25519 keys and certificates, all from Bouncy Castle. Its provider is used as a private
 * instance, never registered in the server's JVM-wide provider list; it is several times faster
 * than the JDK's Ed25519, which matters because every OpenVPN connect creates a key pair and
 * signs a certificate. One CA for the whole cluster — see
 * {@link CaStore} for how it is created exactly once and kept encrypted in the database.
 *
 * <p>Client certificates: CN = a random connection id, OU = profile id (a node can check that a
 * client belongs to the profile it serves), notAfter = the session's expiry, EKU clientAuth.
 * Server certificates: CN = the node's host name, EKU serverAuth. Both start five minutes in the
 * past so clocks that lag a little still accept them.
 */
public final class CertificateAuthority {

    /** A freshly issued certificate and its private key (PEM). The key is secret: never stored, never logged. */
    public record Issued(String serialHex, String commonName, String certificatePem, String privateKeyPem,
                         X509Certificate certificate) {
        @Override
        public String toString() {
            return "Issued[serial=" + serialHex + ", cn=" + commonName + "]";
        }
    }

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String ALGORITHM = "Ed25519";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Provider BC = new BouncyCastleProvider();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String certificatePem;

    CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.certificatePem = pem(certificate);
    }

    /** A brand-new CA (the caller stores it; see {@link CaStore}). */
    public static CertificateAuthority create(String name, Instant now) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the CA", e);
        }
    }

    /** Rebuilds the CA from its stored certificate and decrypted PKCS#8 private key. */
    public static CertificateAuthority restore(String certificatePem, byte[] pkcs8PrivateKey) {
        try {
            X509Certificate cert = parseCertificate(certificatePem);
            PrivateKey key = KeyFactory.getInstance(ALGORITHM, BC).generatePrivate(new PKCS8EncodedKeySpec(pkcs8PrivateKey));
            return new CertificateAuthority(cert, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored CA is unreadable", e);
        }
    }

    public Issued issueClient(String profileId, Instant now, Instant notAfter) {
        String connectionId = HexFormat.of().formatHex(randomBytes(16));
        return issue(connectionId, profileId, now, notAfter, KeyPurposeId.id_kp_clientAuth);
    }

    /** A server certificate for a node serving OpenVPN (for the node-management issue). */
    public Issued issueServer(String hostName, String profileId, Instant now, Instant notAfter) {
        return issue(hostName, profileId, now, notAfter, KeyPurposeId.id_kp_serverAuth);
    }

    private Issued issue(String commonName, String organizationalUnit, Instant now, Instant notAfter, KeyPurposeId purpose) {
        Instant end = notAfter.isAfter(certificate.getNotAfter().toInstant()) ? certificate.getNotAfter().toInstant() : notAfter;
        if (!end.isAfter(now)) {
            throw new IllegalArgumentException("a certificate must end in the future");
        }
        KeyPair keys = newKeyPair();
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName);
        if (organizationalUnit != null) {
            name.addRDN(BCStyle.OU, organizationalUnit);
        }
        BigInteger serial = serial();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(end), name.build(), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            X509Certificate issued = sign(builder, privateKey);
            return new Issued(serial.toString(16), commonName, pem(issued),
                    Pem.encode("PRIVATE KEY", pkcs8v1(keys.getPrivate())), issued);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate", e);
        }
    }

    public String certificatePem() {
        return certificatePem;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** PKCS#8 encoding of the CA key, to be encrypted by the caller before storing. */
    byte[] privateKeyPkcs8() {
        return pkcs8v1(privateKey);
    }

    /**
     * Plain PKCS#8 (version 1: algorithm and key, nothing else). Bouncy Castle writes version 2
     * with the public key attached, which OpenSSL 3.0 — and so OpenVPN — refuses to load.
     */
    static byte[] pkcs8v1(PrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey()).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode a private key", e);
        }
    }

    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    static X509Certificate parseCertificate(String pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Pem.decode("CERTIFICATE", pem)));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(ALGORITHM).setProvider(BC).build(key);
            X509CertificateHolder holder = builder.build(signer);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(X509Certificate certificate) {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM, BC).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    /** 127 random bits: positive, unique in practice, never guessable. */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(120);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
