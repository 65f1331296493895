package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The launcher brought up a system that is ready and reachable over HTTPS. */
class SmokeIT {

    private final SystemUnderTest system = SystemUnderTest.get();

    @Test
    void readinessIsUpOverHttps() throws Exception {
        HttpResponse<String> response = get(system.httpClient(), system.httpsUrl("/health/ready"));

        assertThat(response.statusCode()).as("GET /health/ready, see %s", system.serverLog()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void loadBalancersCanStillCheckReadinessOverPlainHttp() throws Exception {
        HttpResponse<String> response = get(system.httpClient(), system.plainHttpUrl("/health/ready"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void httpsIsTrustedThroughThePrintedCaForLocalhostAndLoopbackAddresses() throws Exception {
        int port = system.httpsUrl("/").getPort();
        for (String host : List.of("localhost", "127.0.0.1")) {
            // java.net.http verifies the chain and the host name against the certificate
            HttpResponse<String> response = get(system.httpClient(), URI.create("https://" + host + ":" + port + "/health/ready"));
            assertThat(response.statusCode()).as("https via %s", host).isEqualTo(200);
        }
    }

    @Test
    void theHttpsCertificateIsIssuedByTheLocalCaAndNamesLocalhost() throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(system.caFile())) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        URI https = system.httpsUrl("/");
        X509Certificate served;
        try (var socket = (SSLSocket) system.sslContext().getSocketFactory().createSocket(https.getHost(), https.getPort())) {
            socket.startHandshake();
            served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }

        served.verify(ca.getPublicKey());
        served.checkValidity();
        assertThat(served.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        List<String> names = served.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
    }

    @Test
    void httpsIsNotTrustedWithoutTheLocalCa() {
        var defaultTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> get(defaultTrust, system.httpsUrl("/health/ready")))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
