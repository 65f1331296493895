package org.tunnelgate.agent.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.tunnelgate.agent.InvalidInput;

/**
 * The agent's TLS setup from PEM files, with nothing global: one {@link SSLContext} that presents
 * the node's certificate and trusts only the controller's CA. The same context serves the API
 * (the controller is the client) and the calls home (the agent is the client).
 */
public final class Tls {

    public static final String PROTOCOL = "TLSv1.3";

    private Tls() {}

    public static SSLContext context(Path certificate, Path key, Path trustedCa) {
        try {
            List<X509Certificate> chain = certificates(certificate);
            if (chain.isEmpty()) {
                throw new InvalidInput(certificate + " holds no certificate");
            }
            char[] password = randomPassword();
            var keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("node", privateKey(key), password, chain.toArray(X509Certificate[]::new));
            var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);

            var trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            var cas = certificates(trustedCa);
            if (cas.isEmpty()) {
                throw new InvalidInput(trustedCa + " holds no CA certificate");
            }
            for (int i = 0; i < cas.size(); i++) {
                trustStore.setCertificateEntry("ca-" + i, cas.get(i));
            }
            var tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trustStore);

            var context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidInput("cannot set up TLS: " + e.getMessage());
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
