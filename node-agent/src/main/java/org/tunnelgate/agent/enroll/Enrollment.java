package org.tunnelgate.agent.enroll;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;

/**
 * The controller's answer to an enrollment, checked before anything is written: the certificate
 * must be for the key this node just made and chain to the node CA that came with it, the URLs
 * must be https. Fields the controller may add later are ignored.
 */
record Enrollment(String node, String certificatePem, String caPem, List<String> controllerClientNames,
        List<URI> controllerUrls, String listen) {

    static Enrollment from(String body, PublicKey ours) {
        try {
            var f = Fields.of(Json.parse(body), "answer");
            String node = f.string("node");
            if (node.isBlank() || node.length() > 253 || node.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidInput("node must be 1-253 printable characters");
            }
            String certificatePem = f.string("certificate");
            String caPem = f.string("ca");
            var chain = certificates(certificatePem, "certificate");
            var cas = certificates(caPem, "ca");
            if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), ours.getEncoded())) {
                throw new InvalidInput("the certificate is not for the key this node sent");
            }
            chainsTo(chain, cas);
            var names = f.strings("controller_client_names");
            for (String name : names) {
                if (name.isBlank() || name.length() > 256 || name.contains(",")
                        || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw new InvalidInput("controller_client_names holds an unusable name");
                }
            }
            var urls = f.strings("controller_urls").stream().map(Enrollment::httpsUrl).toList();
            if (urls.isEmpty()) {
                throw new InvalidInput("controller_urls is empty");
            }
            String listen = f.string("listen");
            if (listen.length() > 300 || !listen.matches("[^\\s,]+:\\d{1,5}")) {
                throw new InvalidInput("listen must be host:port");
            }
            return new Enrollment(node, certificatePem, caPem, List.copyOf(names), urls, listen);
        } catch (InvalidInput e) {
            throw new EnrollFailed("the controller's answer is unusable: " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(String pem, String field) {
        if (pem.length() > 256 * 1024 || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidInput(field + " must be PEM certificates");
        }
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
            if (certs.isEmpty()) throw new InvalidInput(field + " holds no certificate");
            return certs;
        } catch (GeneralSecurityException e) {
            throw new InvalidInput(field + " is not a readable X.509 certificate");
        }
    }

    /** PKIX validation of the node certificate (and any intermediates) against the node CA. */
    private static void chainsTo(List<X509Certificate> chain, List<X509Certificate> cas) {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            cas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
            var params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            var path = CertificateFactory.getInstance("X.509").generateCertPath(chain.stream()
                    .filter(c -> !cas.contains(c))
                    .toList());
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (GeneralSecurityException e) {
            throw new InvalidInput("the certificate does not chain to the CA in the answer (" + e.getMessage() + ")");
        }
    }

    private static URI httpsUrl(String value) {
        try {
            URI uri = URI.create(value);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && !value.contains(",")) {
                return value.endsWith("/") ? uri : URI.create(value + "/");
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new InvalidInput("controller_urls must be https URLs");
    }
}
