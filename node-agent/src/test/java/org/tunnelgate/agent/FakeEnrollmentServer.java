package org.tunnelgate.agent;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.tls.Tls;

/**
 * The controller's {@code POST /node/enroll} as a test stand-in: a JDK HttpsServer on loopback with
 * a certificate from a "web CA", signing valid requests with a "node CA" the way plan.md's node
 * protocol says. Tokens are single use; the answer can be spoiled to test the agent's checks.
 */
public final class FakeEnrollmentServer implements AutoCloseable {

    public final TestPki webCa = new TestPki("Test Web CA");
    public final TestPki nodeCa = new TestPki("Test Node CA");
    public final Path webCaFile;
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final HttpsServer server;
    /** Changes the 200 answer before it is sent (default: leave it). */
    public volatile UnaryOperator<java.util.Map<String, Object>> spoil = UnaryOperator.identity();
    /** Sent instead of any answer when set: status and body. */
    public volatile int forcedStatus;
    /** The API port the answer tells the agent to listen on (loopback). */
    public final int listenPort = AgentFixture.freePort();
    public volatile String forcedBody;

    public FakeEnrollmentServer(Path dir) throws IOException {
        webCaFile = webCa.writeCertificate(dir);
        var web = webCa.server("controller-web", dir);
        var tls = Tls.context(web.certificate(), web.key(), webCaFile);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", AgentFixture.freePort()), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters p) {
                p.setSSLParameters(tls.getDefaultSSLParameters()); // no client certificate: enrollment has none yet
            }
        });
        server.createContext("/node/enroll", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(body);
                int status;
                Object answer;
                if (forcedStatus != 0) {
                    status = forcedStatus;
                    answer = forcedBody;
                } else {
                    var f = Fields.of(Json.parse(body), "request");
                    if (!tokens.remove(f.string("token"))) {
                        status = 403;
                        answer = Json.write(Json.object("error", "unknown, used or expired token"));
                    } else {
                        status = 200;
                        answer = Json.write(spoil.apply(answer(f.string("csr"))));
                    }
                }
                byte[] bytes = String.valueOf(answer).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        server.start();
    }

    public String newToken() {
        String token = "tok-" + java.util.UUID.randomUUID();
        tokens.add(token);
        return token;
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The CSR of the last request, parsed by Bouncy Castle (an implementation independent of ours). */
    public static PKCS10CertificationRequest csr(String pem) throws IOException {
        try (var parser = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    private java.util.Map<String, Object> answer(String csrPem) throws Exception {
        var key = new JcaPKCS10CertificationRequest(csr(csrPem)).getPublicKey();
        String certificate = nodeCa.certify(key, "node1", KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        return Json.object(
                "node", "node1",
                "certificate", certificate,
                "ca", nodeCa.certificatePem(),
                "controller_client_names", List.of("tunnelgate-controller"),
                "controller_urls", List.of(url() + "/node/"),
                "listen", "127.0.0.1:" + listenPort);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
