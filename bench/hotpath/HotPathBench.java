import java.io.ByteArrayInputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The controller's hot path, measured through HTTPS against a running Tunnelgate (not a test): what
 * an app and a browser see. In one run, with one HTTP client, one after the other:
 *
 * <ol>
 * <li>the framework's ceiling — the discovery document ({@code /.well-known/vpn-user-portal}, a plain
 *     servlet) and {@code /health/live};</li>
 * <li>WireGuard and OpenVPN {@code /connect} (bearer check, form parsing, the domain connect, the
 *     response; each call replaces the app's previous configuration, as a reconnecting app does);</li>
 * <li>refresh-token grants (each app rotates its own refresh token);</li>
 * <li>portal logins (login form, then the POST that verifies the Argon2id hash).</li>
 * </ol>
 *
 * Each line prints ops/s, p50, p99, errors, the ratio to the discovery document's throughput measured
 * in the same run, and the controller JVM's CPU per operation (from /proc, when its pid file is
 * readable). Ratios, not absolute figures, are what to compare: this machine is shared.
 *
 * <p>System properties: home (TUNNELGATE_HOME with tunnelgate.properties), admin.password (or
 * TUNNELGATE_ADMIN_PASSWORD; setup clones that account's hash), apps (64), threads (8), seconds (10),
 * warmup (3), profile (employees), only (comma-separated operation keys: discovery, live, wireguard,
 * openvpn, refresh, login), after.setup and after.runs (shell commands run between setup and the
 * measured operations, and after them: the run script starts and stops a JFR recording there).
 *
 * <p>With {@code storm=N} (e.g. 10000) it then plays N people coming back at once (a Monday morning,
 * a failover): N accounts, each with an app authorization and a refresh token written straight into
 * the database (the login and consent are what {@code login} measures), then every one of them does
 * what an app does on start — a refresh-token grant, then a WireGuard {@code /connect} with a new key —
 * from {@code storm.threads} (16) client threads, as fast as the controller answers. It prints the
 * time for all N, people/s, p50/p99 of one person's two calls, errors and addresses held twice. The
 * profile must have room for N addresses ({@code run --storm} seeds one that has).
 */
public class HotPathBench {

    static final SecureRandom RANDOM = new SecureRandom();
    static final String CLIENT_ID = "org.eduvpn.app.linux";

    static String base;
    static HttpClient http;
    static SSLContext tls;
    static Properties props = new Properties();
    static String adminPassword;
    static List<Path> payaraPidFiles = List.of();

    /** One app authorization: its access token and its current refresh token (rotated by refresh). */
    static final class App {
        final String account;
        volatile String base = HotPathBench.base; // the controller instance this app talks to
        volatile String accessToken;
        volatile String refreshToken;

        App(String account, String accessToken, String refreshToken) {
            this.account = account;
            this.accessToken = accessToken;
            this.refreshToken = refreshToken;
        }
    }

    /** One kind of request: sends it for thread {@code worker}'s {@code i}-th iteration, true when it succeeded. */
    interface Operation {
        boolean call(int worker, int i, List<App> mine) throws Exception;
    }

    record Result(String name, double opsPerSecond, double p50, double p99, long errors, double cpuMsPerOp, int agentConnections) {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("home", "system-tests/target/private/tg-home"));
        try (var in = Files.newInputStream(home.resolve("tunnelgate.properties"))) {
            props.load(in);
        }
        adminPassword = System.getProperty("admin.password", System.getenv("TUNNELGATE_ADMIN_PASSWORD"));
        if (adminPassword == null) {
            throw new IllegalArgumentException("give the first admin's password: -Dadmin.password=… or TUNNELGATE_ADMIN_PASSWORD");
        }
        base = props.getProperty("https.url").replace("localhost", "127.0.0.1");
        tls = trusting(Path.of(props.getProperty("ca.file")));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
        String pidFile = props.getProperty("payara.pid.file", "");
        // a cluster's instances: several pid files, comma-separated; the CPU figures are their sum
        payaraPidFiles = pidFile.isEmpty() ? List.of() : Arrays.stream(pidFile.split(",")).map(String::strip).map(Path::of).toList();
        int apps = Integer.getInteger("apps", 64);
        int threads = Integer.getInteger("threads", 8);
        int seconds = Integer.getInteger("seconds", 10);
        int warmup = Integer.getInteger("warmup", 3);
        String profile = System.getProperty("profile", "employees");
        List<String> only = Arrays.asList(System.getProperty("only",
                "discovery,live,wireguard,openvpn,refresh,login").split(","));

        System.out.printf("hot path against %s: %d apps, %d threads, %d s per operation after %d s warm-up, profile %s%n",
                base, apps, threads, seconds, warmup, profile);
        long t0 = System.nanoTime();
        List<App> authorized = authorizedApps(apps, threads);
        System.out.printf("setup: %d accounts, each with one app authorized through login, consent and code exchange, in %.1f s%n",
                authorized.size(), (System.nanoTime() - t0) / 1e9);

        Map<String, Operation> operations = new LinkedHashMap<>();
        operations.put("discovery", (w, i, mine) -> get(http, "/.well-known/vpn-user-portal").statusCode() == 200);
        operations.put("live", (w, i, mine) -> get(http, "/health/live").statusCode() == 200);
        operations.put("wireguard", (w, i, mine) -> connect(mine.get(i % mine.size()), profile, true));
        operations.put("openvpn", (w, i, mine) -> connect(mine.get(i % mine.size()), profile, false));
        operations.put("refresh", (w, i, mine) -> refresh(mine.get(i % mine.size())));
        operations.put("login", (w, i, mine) -> login(mine.get(i % mine.size()).account));
        Map<String, String> names = Map.of("discovery", "discovery document (ceiling)", "live", "/health/live",
                "wireguard", "WireGuard /connect", "openvpn", "OpenVPN /connect", "refresh", "refresh-token grant",
                "login", "portal login (Argon2id)");

        hook("after.setup");
        List<Result> results = new ArrayList<>();
        for (var op : operations.entrySet()) {
            if (only.contains(op.getKey())) {
                results.add(run(names.get(op.getKey()), op.getValue(), authorized, threads, seconds, warmup));
                System.err.printf("  done: %s%n", names.get(op.getKey()));
            }
        }
        hook("after.runs");
        double ceiling = results.stream().filter(r -> r.name().startsWith("discovery")).mapToDouble(Result::opsPerSecond)
                .findFirst().orElse(Double.NaN);
        System.out.println();
        System.out.println("| operation (" + threads + " threads, HTTPS) | ops/s | p50 ms | p99 ms | errors | × discovery | controller CPU ms/op | agent connections opened |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf("| %s | %,.0f | %.2f | %.2f | %d | %.2f | %s | %s |%n", r.name(), r.opsPerSecond(), r.p50(), r.p99(),
                    r.errors(), r.opsPerSecond() / ceiling, Double.isNaN(r.cpuMsPerOp()) ? "n/a" : String.format("%.2f", r.cpuMsPerOp()),
                    r.agentConnections() < 0 ? "n/a" : r.agentConnections());
        }

        int storm = Integer.getInteger("storm", 0);
        if (storm > 0) {
            storm(storm, Integer.getInteger("storm.threads", 16), System.getProperty("storm.profile", profile));
        }

        for (App app : authorized) {
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/disconnect"))
                    .header("Authorization", "Bearer " + app.accessToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        try (Connection db = db(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT COUNT(*) FROM (SELECT ipv4 FROM vpn_configuration WHERE ipv4 IS NOT NULL"
                        + " GROUP BY profile_id, ipv4 HAVING COUNT(*) > 1) d")) {
            rs.next();
            System.out.println("WireGuard addresses held twice after the runs: " + rs.getLong(1));
        }
    }

    /** N people with an app each, every one refreshing its token and connecting once, all at the same time. */
    static void storm(int people, int threads, String profile) throws Exception {
        long t0 = System.nanoTime();
        List<App> apps = seededApps(people);
        System.out.printf("%nstorm: %d accounts with an authorized app and a refresh token seeded in %.1f s%n",
                apps.size(), (System.nanoTime() - t0) / 1e9);
        // storm.bases: several controller instances (a cluster), each person talks to one of them
        String[] bases = System.getProperty("storm.bases", base).split(",");
        for (int i = 0; i < apps.size(); i++) {
            apps.get(i).base = bases[i % bases.length].strip();
        }
        System.out.printf("storm: people spread over %s%n", String.join(", ", bases));
        long cpuBefore = controllerCpuTicks();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (long i = next.getAndIncrement(); i < apps.size(); i = next.getAndIncrement()) {
                    App app = apps.get((int) i);
                    long s = System.nanoTime();
                    boolean ok;
                    try {
                        ok = refresh(app) && connect(app, profile, true);
                    } catch (Exception e) {
                        ok = false;
                        if (errors.get() < 3) {
                            System.err.println("storm: " + e);
                        }
                    }
                    if (ok) {
                        mine.add(System.nanoTime() - s);
                    } else {
                        errors.incrementAndGet();
                    }
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuAfter = controllerCpuTicks();
        pool.shutdown();
        all.sort(null);
        System.out.println();
        System.out.println("| storm (" + threads + " client threads, HTTPS) | people | seconds | people/s | p50 ms | p99 ms | errors | controller CPU ms/person |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| refresh grant + WireGuard /connect | %d | %.1f | %.0f | %.2f | %.2f | %d | %s |%n", apps.size(), seconds,
                all.size() / seconds, percentile(all, 50) / 1e6, percentile(all, 99) / 1e6, errors.get(),
                cpuBefore < 0 || cpuAfter < 0 || all.isEmpty() ? "n/a" : String.format("%.2f", (cpuAfter - cpuBefore) * 10.0 / all.size()));
        try (Connection db = db(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT COUNT(*), COUNT(DISTINCT profile_id, ipv4) FROM vpn_configuration WHERE ipv4 IS NOT NULL")) {
            rs.next();
            System.out.printf("storm: %d WireGuard configurations afterwards, %d addresses held twice%n",
                    rs.getLong(1), rs.getLong(1) - rs.getLong(2));
        }
    }

    /**
     * Accounts, app authorizations and refresh tokens written straight into the database, as the
     * token endpoint would have left them (only the token's SHA-256 is stored).
     */
    static List<App> seededApps(int people) throws Exception {
        String run = "storm" + Long.toString(System.currentTimeMillis() % 100000, 36);
        List<App> apps = new ArrayList<>();
        try (Connection db = db()) {
            db.setAutoCommit(false);
            String hash;
            try (PreparedStatement admin = db.prepareStatement("SELECT password_hash FROM account WHERE name = ?")) {
                admin.setString(1, props.getProperty("admin.user"));
                try (ResultSet row = admin.executeQuery()) {
                    row.next();
                    hash = row.getString(1);
                }
            }
            try (PreparedStatement account = db.prepareStatement(
                    "INSERT INTO account (name, password_hash, role, enabled, created_at, version)"
                            + " VALUES (?, ?, 'USER', TRUE, UTC_TIMESTAMP(6), 0)")) {
                for (int i = 0; i < people; i++) {
                    account.setString(1, run + "-" + i);
                    account.setString(2, hash);
                    account.addBatch();
                }
                account.executeBatch();
            }
            try (PreparedStatement authorize = db.prepareStatement("INSERT INTO oauth_authorization"
                    + " (account_id, client_id, scope, authorized_at, expires_at)"
                    + " SELECT id, ?, 'config', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL 90 DAY FROM account WHERE name LIKE ?")) {
                authorize.setString(1, CLIENT_ID);
                authorize.setString(2, run + "-%");
                authorize.executeUpdate();
            }
            List<long[]> authorizations = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement("SELECT a.id, c.name FROM oauth_authorization a"
                    + " JOIN account c ON c.id = a.account_id WHERE c.name LIKE ? ORDER BY a.id")) {
                select.setString(1, run + "-%");
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        authorizations.add(new long[] {rows.getLong(1)});
                        names.add(rows.getString(2));
                    }
                }
            }
            try (PreparedStatement token = db.prepareStatement("INSERT INTO oauth_token"
                    + " (token_hash, authorization_id, kind, expires_at) VALUES (?, ?, 'REFRESH', UTC_TIMESTAMP(6) + INTERVAL 90 DAY)")) {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < authorizations.size(); i++) {
                    String refresh = random(32);
                    token.setString(1, java.util.HexFormat.of().formatHex(sha256.digest(refresh.getBytes(StandardCharsets.UTF_8))));
                    token.setLong(2, authorizations.get(i)[0]);
                    token.addBatch();
                    apps.add(new App(names.get(i), null, refresh));
                }
                token.executeBatch();
            }
            db.commit();
        }
        return apps;
    }

    /** Runs the shell command in system property {@code name}, if given (the run script starts and stops JFR with it). */
    static void hook(String name) throws Exception {
        String command = System.getProperty(name);
        if (command != null && !command.isBlank()) {
            int exit = new ProcessBuilder("bash", "-c", command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(name + " hook failed (" + exit + "): " + command);
            }
        }
    }

    static Result run(String name, Operation operation, List<App> apps, int threads, int seconds, int warmup) throws Exception {
        java.util.Set<String> connectionsBefore = agentConnections();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            results.add(pool.submit(() -> {
                List<App> mine = new ArrayList<>();
                for (int i = me; i < apps.size(); i += threads) {
                    mine.add(apps.get(i));
                }
                long[] samples = new long[1 << 20];
                int n = 0;
                for (int i = 0; System.nanoTime() < end; i++) {
                    long s = System.nanoTime();
                    boolean ok;
                    try {
                        ok = operation.call(me, i, mine);
                    } catch (Exception e) {
                        ok = false;
                        if (errors.get() < 3) {
                            System.err.println(name + ": " + e);
                        }
                    }
                    long e = System.nanoTime();
                    if (!ok) {
                        if (s >= measureFrom) {
                            errors.incrementAndGet();
                        }
                    } else if (s >= measureFrom && e <= end && n < samples.length) {
                        samples[n++] = e - s;
                    }
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        // the controller's CPU time is read at the edges of the measured window
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long cpuBefore = controllerCpuTicks();
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        long cpuAfter = controllerCpuTicks();
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            for (long v : f.get()) {
                all.add(v);
            }
        }
        pool.shutdown();
        all.sort(null);
        double cpuMsPerOp = cpuBefore < 0 || cpuAfter < 0 || all.isEmpty() ? Double.NaN
                : (cpuAfter - cpuBefore) * 10.0 / all.size(); // USER_HZ = 100: one tick is 10 ms
        java.util.Set<String> opened = agentConnections();
        if (opened != null && connectionsBefore != null) {
            opened.removeAll(connectionsBefore);
        }
        return new Result(name, all.size() / (double) seconds, percentile(all, 50) / 1e6, percentile(all, 99) / 1e6,
                errors.get(), cpuMsPerOp, opened == null ? -1 : opened.size());
    }

    /**
     * The other ends of every TCP connection to the local node's agent (local.node.port) in any state,
     * from {@code ss}: a connection closed during an operation stays in TIME-WAIT for a minute, so the
     * difference before/after an operation of 13 s is the connections it opened. Null without a local node.
     */
    static java.util.Set<String> agentConnections() {
        String port = props.getProperty("local.node.port", "");
        if (port.isEmpty()) {
            return null;
        }
        String agent = "127.0.0.1:" + port;
        try {
            Process ss = new ProcessBuilder("ss", "-H", "-t", "-a", "-n").redirectErrorStream(true).start();
            java.util.Set<String> ends = new java.util.TreeSet<>();
            for (String line : new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                String[] f = line.replace("[::ffff:", "").replace("]", "").trim().split("\\s+");
                if (f.length >= 5 && !f[0].equals("LISTEN") && (f[3].endsWith(agent) || f[4].endsWith(agent))) {
                    ends.add(f[3].endsWith(agent) ? f[4] : f[3]);
                }
            }
            ss.waitFor();
            return ends;
        } catch (Exception e) {
            return null;
        }
    }

    /** utime + stime of the Payara JVM in clock ticks, or -1 when its pid file cannot be read. */
    static long controllerCpuTicks() {
        if (payaraPidFiles.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        try {
            for (Path pidFile : payaraPidFiles) {
                String pid = Files.readString(pidFile).trim();
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
            return ticks;
        } catch (Exception e) {
            return -1;
        }
    }

    static boolean connect(App app, String profile, boolean wireguard) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("profile_id", profile);
        if (wireguard) {
            form.put("public_key", publicKey());
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.base + "/api/v3/connect"))
                .header("Authorization", "Bearer " + app.accessToken)
                .header("Accept", wireguard ? "application/x-wireguard-profile" : "application/x-openvpn-profile")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
        return report(r, "/connect");
    }

    /** A refresh-token grant; the app keeps the rotated refresh token and the new access token. */
    static boolean refresh(App app) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", app.refreshToken);
        form.put("client_id", CLIENT_ID);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.base + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
        if (!report(r, "refresh")) {
            return false;
        }
        app.accessToken = field(r.body(), "access_token");
        app.refreshToken = field(r.body(), "refresh_token");
        return true;
    }

    /** The login form and its POST, with a fresh cookie jar: a successful login answers with a redirect. */
    static boolean login(String account) throws Exception {
        HttpClient browser = browser();
        String page = get(browser, "/login").body();
        HttpResponse<String> r = post(browser, "/login", Map.of("login", "login", "login:name", account,
                "login:password", adminPassword, "login:submit", "Log in", "jakarta.faces.ViewState", viewState(page)));
        boolean ok = r.statusCode() == 302 || r.statusCode() == 303;
        if (!ok && RANDOM.nextInt(50) == 0) {
            System.err.println("login: " + r.statusCode());
        }
        return ok;
    }

    static boolean report(HttpResponse<String> r, String what) {
        if (r.statusCode() == 200) {
            return true;
        }
        if (RANDOM.nextInt(50) == 0) {
            System.err.println(what + ": " + r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
        }
        return false;
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Accounts cloned in the database from the admin's password hash, each with one app authorized through the real flow. */
    static List<App> authorizedApps(int apps, int threads) throws Exception {
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
        List<Future<App>> futures = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            String name = run + "-" + i;
            futures.add(pool.submit(() -> authorize(name)));
        }
        List<App> authorized = new ArrayList<>();
        for (Future<App> f : futures) {
            authorized.add(f.get());
        }
        pool.shutdown();
        return authorized;
    }

    /** Login form, authorize, consent (Approve), code exchange — as a browser and an app do it. */
    static App authorize(String name) throws Exception {
        HttpClient browser = browser();
        String login = get(browser, "/login").body();
        post(browser, "/login", Map.of("login", "login", "login:name", name, "login:password", adminPassword,
                "login:submit", "Log in", "jakarta.faces.ViewState", viewState(login)));
        String verifier = random(32);
        String redirect = "http://127.0.0.1:" + (1024 + RANDOM.nextInt(60000)) + "/callback";
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", CLIENT_ID);
        q.put("redirect_uri", redirect);
        q.put("response_type", "code");
        q.put("scope", "config");
        q.put("state", random(8));
        q.put("code_challenge_method", "S256");
        q.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
        String consentUrl = get(browser, "/oauth/authorize?" + encode(q)).headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no consent redirect for " + name + " (did the login work?)"));
        String consent = get(browser, consentUrl.substring(consentUrl.indexOf("/oauth/"))).body();
        Matcher key = Pattern.compile("name=\"request\" value=\"([^\"]+)\"").matcher(consent);
        if (!key.find()) {
            throw new IllegalStateException("no consent form for " + name);
        }
        String back = post(browser, "/oauth/consent", Map.of("consent", "consent", "request", key.group(1),
                "consent:approve", "Approve", "jakarta.faces.ViewState", viewState(consent)))
                .headers().firstValue("Location").orElseThrow();
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(back);
        if (!code.find()) {
            throw new IllegalStateException("no code for " + name + ": " + back);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code.group(1));
        form.put("redirect_uri", redirect);
        form.put("client_id", CLIENT_ID);
        form.put("code_verifier", verifier);
        String tokens = post(http, "/oauth/token", form).body();
        return new App(name, field(tokens, "access_token"), field(tokens, "refresh_token"));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static HttpClient browser() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
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

    /** An SSL context that trusts exactly the system's CA (the launcher's ca.pem). */
    static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("tunnelgate-ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
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
