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

        agentWireguardGo = wireguardGoPid(wg);
        System.out.printf("%n| round | step | agent API (ms) | raw `wg syncconf` (ms) | agent / raw | agent CPU (ms) "
                + "| raw CPU (ms) | CPU agent / raw | agent RSS (MiB) |%n");
        System.out.printf("|---|---|---:|---:|---:|---:|---:|---:|---:|%n");
        long generation = 1;
        for (String round : List.of("1 (cold JVM)", "2", "3")) {
            Timing agentFull = put(state(++generation, wg, peers));
            double rssFull = rss();
            Timing agentChurn = put(state(++generation, wg, churned));
            double rssChurn = rss();
            Timing agentSame = put(state(generation, wg, churned));
            Timing agentNoop = put(state(++generation, wg, churned));
            double rssNoop = rss();
            put(state(++generation, wg, List.of()));               // back to empty for the next round

            Timing rawFull = syncconf(raw, full, rawGo.pid());
            Timing rawChurn = syncconf(raw, churnConf, rawGo.pid());
            Timing rawNoop = syncconf(raw, churnConf, rawGo.pid());
            syncconf(raw, empty, rawGo.pid());

            row(round, count + " peers from empty", agentFull, rawFull, rssFull);
            row(round, "1 % churn (" + churn + " out, " + churn + " in)", agentChurn, rawChurn, rssChurn);
            row(round, "no-op: same peers, new generation", agentNoop, rawNoop, rssNoop);
            System.out.printf("| %s | no-op: same generation again | %d | – | – | %d | – | – | %.1f |%n", round,
                    agentSame.wall(), agentSame.cpu(), rss());
        }
        System.out.printf("%nload average (1, 5, 15 min) at the end: %s%n",
                Files.readString(Path.of("/proc/loadavg")).trim());
        rawGo.destroy();
    }

    /** Wall-clock time, and CPU time of the processes doing the work (load on a shared machine inflates only the first). */
    record Timing(long wall, long cpu) {}

    static long agentWireguardGo;

    static void row(String round, String step, Timing agent, Timing raw, double rss) {
        System.out.printf("| %s | %s | %d | %d | %.2f | %d | %d | %.2f | %.1f |%n", round, step, agent.wall(), raw.wall(),
                (double) agent.wall() / raw.wall(), agent.cpu(), raw.cpu(), (double) agent.cpu() / Math.max(1, raw.cpu()), rss);
    }

    /** utime + stime + reaped children's cutime + cstime of a process, in ms (USER_HZ = 100). */
    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
        } catch (Exception e) {
            return 0;
        }
    }

    static long agentCpu() {
        return cpuMs(agentPid) + cpuMs(agentWireguardGo);
    }

    static long wireguardGoPid(String name) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "pids", ns).start();
        for (String pid : new String(p.getInputStream().readAllBytes()).split("\\s+")) {
            if (pid.isBlank()) continue;
            String cmdline = Files.readString(Path.of("/proc/" + pid.trim() + "/cmdline")).replace('\0', ' ');
            if (cmdline.contains("wireguard-go") && cmdline.contains(name)) return Long.parseLong(pid.trim());
        }
        throw new IllegalStateException("no wireguard-go for " + name);
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

    static Timing syncconf(String iface, Path conf, long wireguardGo) throws Exception {
        long cpu = cpuMs(ProcessHandle.current().pid()) + cpuMs(wireguardGo);
        long start = System.nanoTime();
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "wg", "syncconf", iface, conf.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("wg syncconf failed");
        long wall = (System.nanoTime() - start) / 1_000_000;
        // the bench JVM's own CPU in that window is only waiting; the reaped wg process dominates its cutime
        return new Timing(wall, cpuMs(ProcessHandle.current().pid()) + cpuMs(wireguardGo) - cpu);
    }

    /**
     * PUT through curl, as a stand-in for a warm controller: a JVM client that sends a dozen
     * requests in its life would mostly measure its own JIT warm-up.
     */
    static Timing put(String body) throws Exception {
        Path file = Files.writeString(work.resolve("put.json"), body);
        Path pki = work.resolve("pki");
        long cpu = agentCpu();
        long start = System.nanoTime();
        Process curl = new ProcessBuilder("curl", "-sS", "--cacert", pki.resolve("ca.crt").toString(),
                "--cert", pki.resolve("controller.crt").toString(), "--key", pki.resolve("controller.key").toString(),
                "-X", "PUT", "-H", "Content-Type: application/json", "-H", "Expect:", "--data-binary", "@" + file,
                "-w", "\n%{http_code}", base + "/v1/state").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes());
        curl.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long used = agentCpu() - cpu;
        if (!out.endsWith("\n200") || out.contains("\"failures\":[\"")) {
            throw new IllegalStateException("apply failed: " + out);
        }
        return new Timing(millis, used);
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
