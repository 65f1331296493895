package org.tunnelgate.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.tunnelgate.agent.tls.Tls;

/** The controller's side of the API in tests: java.net.http with (or without) a client certificate. */
public final class ApiClient {

    private final HttpClient http;
    private final String base;

    private ApiClient(SSLContext tls, InetSocketAddress agent) {
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(Tls.parameters(tls, false))
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.base = "https://127.0.0.1:" + agent.getPort();
    }

    public static ApiClient withCertificate(TestPki.Issued client, Path trustedCa, InetSocketAddress agent) {
        return new ApiClient(Tls.context(client.certificate(), client.key(), trustedCa), agent);
    }

    /** Trusts the agent but presents no certificate of its own. */
    public static ApiClient anonymous(Path trustedCa, InetSocketAddress agent) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", Tls.certificates(trustedCa).get(0));
        var tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(store);
        var context = SSLContext.getInstance("TLSv1.3");
        context.init(null, tmf.getTrustManagers(), null);
        return new ApiClient(context, agent);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** GET for polling inside wait conditions: the body, or "" when the call failed. */
    public String getQuietly(String path) {
        try {
            return get(path).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
