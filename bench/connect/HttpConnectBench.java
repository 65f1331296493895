import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * HTTP-level /connect benchmark (not a test) against a running Tunnelgate: what an app sees, i.e.
 * Payara, the bearer check, form parsing, the domain connect and the response. Setup: N accounts
 * (cloned in the database from the admin's password hash), each authorizes one app through the real
 * login / consent / token flow. Then T threads call /connect for their own apps (every call replaces
 * the app's previous configuration, as an app reconnecting does) for S seconds after a warm-up, once
 * with WireGuard (new public key each time) and once with OpenVPN. Prints ops/s, p50, p99.
 *
 *   java -cp mariadb-java-client.jar HttpConnectBench.java   (see ./http)
 * System properties: home (TUNNELGATE_HOME with tunnelgate.properties), apps (64), threads (8),
 * seconds (10), warmup (3), profile (employees).
 */
public class HttpConnectBench {

    static final SecureRandom RANDOM = new SecureRandom();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    static String base;
    static Properties props = new Properties();

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("home", "system-tests/target/tg-home"));
        try (var in = Files.newInputStream(home.resolve("tunnelgate.properties"))) {
            props.load(in);
        }
        base = props.getProperty("http.url").replace("localhost", "127.0.0.1");
        int apps = Integer.getInteger("apps", 64);
        int threads = Integer.getInteger("threads", 8);
        int seconds = Integer.getInteger("seconds", 10);
        int warmup = Integer.getInteger("warmup", 3);
        String profile = System.getProperty("profile", "employees");

        System.out.printf("HTTP /connect against %s: %d apps, %d threads, %d s after %d s warm-up, profile %s%n",
                base, apps, threads, seconds, warmup, profile);
        long t0 = System.nanoTime();
        List<String> tokens = authorizedApps(apps, threads);
        System.out.printf("setup: %d app authorizations through the OAuth flow in %.1f s%n", tokens.size(),
                (System.nanoTime() - t0) / 1e9);

        System.out.println("| operation (" + threads + " threads) | ops/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---:|---:|---:|---:|");
        run("WireGuard /connect", tokens, threads, seconds, warmup, profile, true);
        run("OpenVPN /connect", tokens, threads, seconds, warmup, profile, false);

        for (String token : tokens) {
            HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/disconnect"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        try (Connection db = db(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT COUNT(*) FROM (SELECT ipv4 FROM vpn_configuration WHERE ipv4 IS NOT NULL"
                        + " GROUP BY profile_id, ipv4 HAVING COUNT(*) > 1) d")) {
            rs.next();
            System.out.println("addresses held twice after the runs: " + rs.getLong(1));
        }
    }

    static void run(String name, List<String> tokens, int threads, int seconds, int warmup, String profile,
                    boolean wireguard) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            results.add(pool.submit(() -> {
                List<String> mine = new ArrayList<>();
                for (int i = me; i < tokens.size(); i += threads) {
                    mine.add(tokens.get(i));
                }
                long[] samples = new long[1 << 20];
                int n = 0;
                for (int i = 0; System.nanoTime() < end; i++) {
                    String token = mine.get(i % mine.size());
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("profile_id", profile);
                    if (wireguard) {
                        form.put("public_key", publicKey());
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v3/connect"))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", wireguard ? "application/x-wireguard-profile" : "application/x-openvpn-profile")
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
                    long s = System.nanoTime();
                    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    long e = System.nanoTime();
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                        if (errors.get() < 3) {
                            System.err.println(name + ": " + r.statusCode() + " " + r.body());
                        }
                    } else if (s >= measureFrom && e <= end && n < samples.length) {
                        samples[n++] = e - s;
                    }
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            for (long v : f.get()) {
                all.add(v);
            }
        }
        pool.shutdown();
        all.sort(null);
        double opsPerSecond = all.size() / (double) seconds;
        System.out.printf("| %s | %,.0f | %.2f | %.2f | %d |%n", name, opsPerSecond, percentile(all, 50) / 1e6,
                percentile(all, 99) / 1e6, errors.get());
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Accounts cloned from the admin's password hash, each with one app authorized through the real flow. */
    static List<String> authorizedApps(int apps, int threads) throws Exception {
        String run = "bench" + Long.toString(System.currentTimeMillis() % 100000, 36);
        try (Connection db = db(); PreparedStatement clone = db.prepareStatement(
                "INSERT INTO account (name, password_hash, role, enabled, created_at, version)"
                        + " SELECT ?, password_hash, 'USER', TRUE, UTC_TIMESTAMP(6), 0 FROM account WHERE name = ?")) {
            for (int i = 0; i < apps; i++) {
                clone.setString(1, run + "-" + i);
                clone.setString(2, props.getProperty("admin.user"));
                clone.executeUpdate();
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, 4));
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            String name = run + "-" + i;
            futures.add(pool.submit(() -> authorize(name, props.getProperty("admin.password"))));
        }
        List<String> tokens = new ArrayList<>();
        for (Future<String> f : futures) {
            tokens.add(f.get());
        }
        pool.shutdown();
        return tokens;
    }

    /** Login form, authorize, consent (Approve), code exchange — as a browser and an app do it. */
    static String authorize(String name, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = get(browser, "/login").body();
        post(browser, "/login", Map.of("login", "login", "login:name", name, "login:password", password,
                "login:submit", "Log in", "jakarta.faces.ViewState", viewState(login)));
        String verifier = random(32);
        String redirect = "http://127.0.0.1:" + (1024 + RANDOM.nextInt(60000)) + "/callback";
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", "org.eduvpn.app.linux");
        q.put("redirect_uri", redirect);
        q.put("response_type", "code");
        q.put("scope", "config");
        q.put("state", random(8));
        q.put("code_challenge_method", "S256");
        q.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
        String consentUrl = get(browser, "/oauth/authorize?" + encode(q)).headers().firstValue("Location").orElseThrow();
        String consent = get(browser, consentUrl.substring(consentUrl.indexOf("/oauth/"))).body();
        Matcher key = Pattern.compile("name=\"request\" value=\"([^\"]+)\"").matcher(consent);
        if (!key.find()) {
            throw new IllegalStateException("no consent form for " + name);
        }
        String back = post(browser, "/oauth/consent", Map.of("consent", "consent", "request", key.group(1),
                "consent:approve", "Approve", "jakarta.faces.ViewState", viewState(consent)))
                .headers().firstValue("Location").orElseThrow();
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(back);
        code.find();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code.group(1));
        form.put("redirect_uri", redirect);
        form.put("client_id", "org.eduvpn.app.linux");
        form.put("code_verifier", verifier);
        String tokens = post(HTTP, "/oauth/token", form).body();
        Matcher at = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(tokens);
        if (!at.find()) {
            throw new IllegalStateException("no token for " + name + ": " + tokens);
        }
        return at.group(1);
    }

    static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient client, String path, Map<String, String> form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String viewState(String html) {
        Matcher m = Pattern.compile("name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no view state");
        }
        return m.group(1);
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection(props.getProperty("jdbc.url"), props.getProperty("jdbc.user"),
                props.getProperty("jdbc.password"));
    }

    static String publicKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
