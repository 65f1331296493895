package org.tunnelgate.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.tunnelgate.agent.tls.Tls;

/**
 * An agent in the test JVM on a loopback port in 45000-45999, with a test PKI (the controller
 * CA signs the agent's and the controller's certificates) and its own state directory.
 */
public final class AgentFixture implements AutoCloseable {

    public final Path dir;
    public final TestPki controllerCa = new TestPki("Test Controller CA");
    public final Path caFile;
    public final TestPki.Issued nodeCert;
    public final TestPki.Issued controllerCert;
    public final Properties properties = new Properties();
    public final int port;
    private Agent agent;

    public AgentFixture(String prefix) throws IOException {
        dir = Files.createTempDirectory(prefix);
        Path pki = dir.resolve("pki");
        caFile = controllerCa.writeCertificate(pki);
        nodeCert = controllerCa.node("node.test", pki);
        controllerCert = controllerCa.client("controller.test", pki);
        port = freePort();
        properties.setProperty("listen", "127.0.0.1:" + port);
        properties.setProperty("tls.certificate", nodeCert.certificate().toString());
        properties.setProperty("tls.key", nodeCert.key().toString());
        properties.setProperty("tls.controller-ca", caFile.toString());
        properties.setProperty("state.dir", dir.resolve("state").toString());
        properties.setProperty("reconcile.interval-seconds", "1");
    }

    public Agent start(FakeController controller) {
        var config = AgentConfig.from(properties);
        var tls = Tls.context(config.tlsCertificate(), config.tlsKey(), config.controllerCa());
        agent = new Agent(config, tls, controller).start();
        return agent;
    }

    public void stopAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    public ApiClient controller() {
        return ApiClient.withCertificate(controllerCert, caFile, agent.address());
    }

    public Agent agent() {
        return agent;
    }

    @Override
    public void close() throws IOException {
        stopAgent();
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (java.nio.file.NoSuchFileException gone) {
                return;
            } catch (java.nio.file.DirectoryNotEmptyException lateWrite) {
                // a process that was just stopped flushed a last log line; once more
                if (attempt == 3) throw lateWrite;
            }
        }
    }

    /** A free loopback port from the agent's test range 45000-45999. */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 45000 + ThreadLocalRandom.current().nextInt(1000);
            try (var socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in 45000-45999");
    }
}
