import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Driven by run.sh: times desired-state applies through the agent's API against raw `wg syncconf`
 * on a second, fresh wireguard-go interface in the same namespace, with the same peer sets.
 * Arguments: run-name work-dir agent-port agent-pid peer-count.
 */
public class Bench {

    static String ns;
    static Path work;
    static HttpClient http;
    static String base;
    static long agentPid;

    public static void main(String[] args) throws Exception {
        ns = args[0] + "-node";
        work = Path.of(args[1]);
        base = "https://127.0.0.1:" + args[2];
        agentPid = Long.parseLong(args[3]);
        int count = Integer.parseInt(args[4]);
        http = HttpClient.newBuilder().sslContext(tls(work.resolve("pki"))).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String wg = args[0] + "-wg";
        String raw = args[0] + "-raw";
        waitForAgent();
        System.out.printf("agent RSS after start: %.1f MiB%n", rss());

        var random = new SecureRandom();
        // a peer keeps its address for life: churn removes some peers and adds new ones on new addresses
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) peers.add(new Peer(key(random), address(i)));
        int churn = Math.max(1, count / 100);
        List<Peer> churned = new ArrayList<>(peers.subList(churn, count));
        for (int i = 0; i < churn; i++) churned.add(new Peer(key(random), address(count + i)));

        put(state(1, wg, List.of()));                           // the interface, no peers yet
        Process rawGo = new ProcessBuilder("ip", "netns", "exec", ns, "wireguard-go", "-f", raw)
                .redirectErrorStream(true).redirectOutput(work.resolve("raw.log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(Path.of("/run/wireguard/" + raw + ".sock"))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("raw wireguard-go did not start");
            Thread.onSpinWait();
        }
        String privateKey = key(random);
        Path full = writeConf("full.conf", privateKey, peers);
        Path churnConf = writeConf("churn.conf", privateKey, churned);
        Path empty = writeConf("empty.conf", privateKey, List.of());

        System.out.printf("%n| round | step | agent API (ms) | raw `wg syncconf` (ms) | agent / raw | agent RSS (MiB) |%n");
        System.out.printf("|---|---|---:|---:|---:|---:|%n");
        long generation = 1;
        for (String round : List.of("1 (cold JVM)", "2", "3")) {
            long agentFull = put(state(++generation, wg, peers));
            double rssFull = rss();
            long agentChurn = put(state(++generation, wg, churned));
            double rssChurn = rss();
            long agentSame = put(state(generation, wg, churned));
            long agentNoop = put(state(++generation, wg, churned));
            double rssNoop = rss();
            put(state(++generation, wg, List.of()));               // back to empty for the next round

            long rawFull = syncconf(raw, full);
            long rawChurn = syncconf(raw, churnConf);
            long rawNoop = syncconf(raw, churnConf);
            syncconf(raw, empty);

            row(round, count + " peers from empty", agentFull, rawFull, rssFull);
            row(round, "1 % churn (" + churn + " out, " + churn + " in)", agentChurn, rawChurn, rssChurn);
            row(round, "no-op: same peers, new generation", agentNoop, rawNoop, rssNoop);
            System.out.printf("| %s | no-op: same generation again | %d | – | – | %.1f |%n", round, agentSame, rss());
        }
        rawGo.destroy();
    }

    static void row(String round, String step, long agent, long raw, double rss) {
        System.out.printf("| %s | %s | %d | %d | %.2f | %.1f |%n", round, step, agent, raw, (double) agent / raw, rss);
    }

    record Peer(String key, String address) {}

    static String state(long generation, String name, List<Peer> peers) {
        var out = new StringBuilder(200 + peers.size() * 100);
        out.append("{\"generation\":").append(generation).append(",\"wireguard\":[{\"name\":\"").append(name)
                .append("\",\"listen_port\":51820,\"addresses\":[\"10.100.0.1/16\"],\"peers\":[");
        for (int i = 0; i < peers.size(); i++) {
            if (i > 0) out.append(',');
            out.append("{\"public_key\":\"").append(peers.get(i).key()).append("\",\"allowed_ips\":[\"")
                    .append(peers.get(i).address()).append("\"]}");
        }
        return out.append("]}]}").toString();
    }

    static String address(int i) {
        int n = i + 2;
        return "10.100." + (n / 250) + "." + (n % 250 + 1) + "/32";
    }

    static Path writeConf(String file, String privateKey, List<Peer> peers) throws Exception {
        var out = new StringBuilder("[Interface]\nPrivateKey = " + privateKey + "\nListenPort = 51821\n");
        for (int i = 0; i < peers.size(); i++) {
            out.append("\n[Peer]\nPublicKey = ").append(peers.get(i).key()).append("\nAllowedIPs = ")
                    .append(peers.get(i).address()).append('\n');
        }
        return Files.writeString(work.resolve(file), out);
    }

    static long syncconf(String iface, Path conf) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "wg", "syncconf", iface, conf.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("wg syncconf failed");
        return (System.nanoTime() - start) / 1_000_000;
    }

    static long put(String body) throws Exception {
        long start = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/state"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (response.statusCode() != 200 || response.body().contains("\"failures\":[\"")) {
            throw new IllegalStateException("apply failed: " + response.statusCode() + " " + response.body());
        }
        return millis;
    }

    static void waitForAgent() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) throw e;
            }
            Thread.sleep(100); // polling a process we just started; a bench, not agent code
        }
    }

    static double rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + agentPid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    static String key(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    static SSLContext tls(Path pki) throws Exception {
        var cf = CertificateFactory.getInstance("X.509");
        X509Certificate ca, cert;
        try (var in = Files.newInputStream(pki.resolve("ca.crt"))) { ca = (X509Certificate) cf.generateCertificate(in); }
        try (var in = Files.newInputStream(pki.resolve("controller.crt"))) { cert = (X509Certificate) cf.generateCertificate(in); }
        String pem = Files.readString(pki.resolve("controller.key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        var ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("c", key, "x".toCharArray(), new X509Certificate[] {cert});
        ks.setCertificateEntry("ca", ca);
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        var tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        var context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
