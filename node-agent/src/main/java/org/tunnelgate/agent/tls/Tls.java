package org.tunnelgate.agent.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.tunnelgate.agent.json.InvalidInput;

/**
 * The agent's TLS setup from PEM files, with nothing global. The API's context presents the node's
 * certificate and trusts only the CA of its callers ({@code tls.controller-ca}); the context for
 * calls home presents the same certificate and trusts what {@code controller.trust-ca} says.
 */
public final class Tls {

    public static final String PROTOCOL = "TLSv1.3";

    private Tls() {}

    /** Presents {@code certificate} and trusts certificates from {@code trustedCa} only. */
    public static SSLContext context(Path certificate, Path key, Path trustedCa) {
        return context(certificate, key, List.of(trustedCa), false);
    }

    /**
     * Presents {@code certificate} (with its key) and trusts the CAs in {@code trustedCas}, plus the
     * JDK's default trust anchors when {@code withJdkDefaults}.
     */
    public static SSLContext context(Path certificate, Path key, List<Path> trustedCas, boolean withJdkDefaults) {
        try {
            List<X509Certificate> chain = certificates(certificate);
            if (chain.isEmpty()) {
                throw new InvalidInput(certificate + " holds no certificate");
            }
            PrivateKey privateKey = privateKey(key);
            if (!belongTogether(privateKey, chain.get(0))) {
                throw new InvalidInput(key + " is not the key of the certificate in " + certificate
                        + " (a re-enrollment cut short? run enroll again)");
            }
            char[] password = randomPassword();
            var keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("node", privateKey, password, chain.toArray(X509Certificate[]::new));
            var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            var context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), trustManagers(trustedCas, withJdkDefaults), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidInput("cannot set up TLS: " + e.getMessage());
        }
    }

    /** No certificate of our own (enrollment): trusts {@code trustedCa}, or the JDK's defaults when empty. */
    public static SSLContext anonymous(Optional<Path> trustedCa) {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(trustedCa.map(List::of).orElse(List.of()), trustedCa.isEmpty()),
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidInput("cannot set up TLS: " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(List<Path> cas, boolean withJdkDefaults)
            throws GeneralSecurityException, IOException {
        var trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        int n = 0;
        for (Path file : cas) {
            var certs = certificates(file);
            if (certs.isEmpty()) {
                throw new InvalidInput(file + " holds no CA certificate");
            }
            for (X509Certificate ca : certs) {
                trustStore.setCertificateEntry("ca-" + n++, ca);
            }
        }
        if (withJdkDefaults) {
            var defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            for (TrustManager tm : defaults.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    for (X509Certificate anchor : x509.getAcceptedIssuers()) {
                        trustStore.setCertificateEntry("jdk-" + n++, anchor);
                    }
                }
            }
        }
        var tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustStore);
        return tmf.getTrustManagers();
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            var signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** TLS 1.3 only; with {@code needClientAuth} a peer without a trusted certificate fails the handshake. */
    public static SSLParameters parameters(SSLContext context, boolean needClientAuth) {
        SSLParameters params = context.getDefaultSSLParameters();
        params.setProtocols(new String[] {PROTOCOL});
        params.setNeedClientAuth(needClientAuth);
        return params;
    }

    public static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        }
    }

    /** Reads an unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) of type EC, RSA or Ed25519. */
    public static PrivateKey privateKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new InvalidInput(pem + " must hold an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new InvalidInput(pem + " holds a key of an unsupported type (use EC, RSA or Ed25519)");
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).toCharArray();
    }
}
