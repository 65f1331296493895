import java.io.InputStream;
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
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The admin console at scale, through HTTPS against a running Tunnelgate (not a test): seeds
 * accounts and audit entries straight into its database (once; a second run reuses them), logs in
 * as the admin and requests each console page many times, one after the other, printing p50, p95
 * and max per page and its ratio to the login page (the framework's floor for a Faces page) measured
 * in the same run.
 *
 * <p>System properties: home (TUNNELGATE_HOME), admin.password (or TUNNELGATE_ADMIN_PASSWORD),
 * accounts (100000), audit (1000000), connections (1000000 connection-log rows over the last 30
 * days, 50,000 VPN addresses reused, the newest 5,000 still open), configurations (50000 active
 * WireGuard configurations of the seeded accounts in a profile "bench" served by four registry-only
 * nodes, so no agent gets their peers), rounds (200).
 */
public class ConsoleBench {

    static final String PREFIX = "bench-user-";

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        Path home = Path.of(System.getProperty("home"));
        try (InputStream in = Files.newInputStream(home.resolve("tunnelgate.properties"))) {
            props.load(in);
        }
        int accounts = Integer.getInteger("accounts", 100_000);
        int auditRows = Integer.getInteger("audit", 1_000_000);
        int rounds = Integer.getInteger("rounds", 200);
        int connections = Integer.getInteger("connections", 1_000_000);
        int configurations = Integer.getInteger("configurations", 50_000);
        String password = System.getProperty("admin.password", System.getenv("TUNNELGATE_ADMIN_PASSWORD"));
        String admin = props.getProperty("admin.user");
        String base = props.getProperty("https.url");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting(Path.of(props.getProperty("ca.file"))))
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();

        try (Connection db = DriverManager.getConnection(props.getProperty("jdbc.url"), props.getProperty("jdbc.user"),
                props.getProperty("jdbc.password"))) {
            seedAccounts(db, accounts);
            seedAudit(db, auditRows, accounts);
            seedConnections(db, connections, accounts);
            benchProfile(http, base, "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (admin + ":" + password).getBytes(StandardCharsets.UTF_8)));
            seedConfigurations(db, configurations);
            System.out.printf("database: %d accounts, %d audit entries, %d connection-log rows (%d open),"
                            + " %d configurations (%d of profile bench)%n",
                    count(db, "SELECT COUNT(*) FROM account"), count(db, "SELECT COUNT(*) FROM audit_entry"),
                    count(db, "SELECT COUNT(*) FROM connection_log"),
                    count(db, "SELECT COUNT(*) FROM connection_log WHERE disconnected_at IS NULL"),
                    count(db, "SELECT COUNT(*) FROM vpn_configuration"),
                    count(db, "SELECT COUNT(*) FROM vpn_configuration WHERE profile_id = 'bench'"));
        }
        login(http, base, admin, password);

        String middle = PREFIX + String.format("%06d", accounts / 2);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("login page (floor)", "/login");
        pages.put("users, first page", "/admin/users");
        pages.put("users, page in the middle", "/admin/users?after=" + middle);
        pages.put("users, search (common part)", "/admin/users?q=user-0500");
        pages.put("users, search (no match)", "/admin/users?q=nobody-at-all");
        pages.put("a user's page", "/admin/user?name=" + middle);
        pages.put("audit, newest", "/admin/audit");
        pages.put("audit, by actor", "/admin/audit?actor=" + PREFIX + "000007");
        pages.put("audit, by target", "/admin/audit?target=" + middle);
        pages.put("audit, by action prefix", "/admin/audit?action=account.");
        pages.put("dashboard", "/admin");
        // an address some session held 10 days ago, asked about at that moment (no time-zone cookie: UTC)
        String tenDaysAgo = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusDays(10).plusSeconds(60).withNano(0).toString();
        pages.put("connections, live (newest)", "/admin/connections");
        pages.put("connections, live of a user", "/admin/connections?user=" + middle);
        pages.put("connections, live by profile", "/admin/connections?profile=bench&protocol=wireguard");
        int heldThen = connections - (int) (10L * 86400 * 10 / 26); // the session that began 10 days ago (one every 2.6 s)
        pages.put("lookup, address at a time", "/admin/lookup?address=" + address(heldThen) + "&at=" + tenDaysAgo);
        pages.put("lookup, sessions of a user", "/admin/lookup?user=" + middle);

        double floor = 0;
        System.out.printf("%-30s %8s %8s %8s %8s%n", "page", "p50 ms", "p95 ms", "max ms", "p95/floor");
        for (var page : pages.entrySet()) {
            for (int i = 0; i < Math.min(20, rounds); i++) {
                get(http, base + page.getValue()); // warm-up
            }
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = get(http, base + page.getValue());
                nanos[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(page.getValue() + " answered " + r.statusCode());
                }
            }
            Arrays.sort(nanos);
            double p50 = nanos[rounds / 2] / 1e6;
            double p95 = nanos[(int) Math.ceil(rounds * 0.95) - 1] / 1e6;
            if (floor == 0) {
                floor = p95;
            }
            System.out.printf("%-30s %8.1f %8.1f %8.1f %8.1f%n", page.getKey(), p50, p95, nanos[rounds - 1] / 1e6, p95 / floor);
        }
    }

    /** Accounts bench-user-000000 … with the admin's password hash (nobody logs in as them). */
    static void seedAccounts(Connection db, int wanted) throws Exception {
        long have = count(db, "SELECT COUNT(*) FROM account WHERE name LIKE 'bench-user-%'");
        if (have >= wanted) {
            return;
        }
        String hash;
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT password_hash FROM account ORDER BY id LIMIT 1")) {
            r.next();
            hash = r.getString(1);
        }
        long t0 = System.nanoTime();
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("INSERT IGNORE INTO account (name, password_hash, role, enabled, "
                + "created_at, last_login_at) VALUES (?, ?, 'USER', ?, UTC_TIMESTAMP(6), NULL)")) {
            for (int i = 0; i < wanted; i++) {
                insert.setString(1, PREFIX + String.format("%06d", i));
                insert.setString(2, hash);
                insert.setBoolean(3, i % 50 != 0);
                insert.addBatch();
                if (i % 5000 == 4999) {
                    insert.executeBatch();
                    db.commit();
                }
            }
            insert.executeBatch();
            db.commit();
        }
        db.setAutoCommit(true);
        System.out.printf("seeded %d accounts in %.1f s%n", wanted, (System.nanoTime() - t0) / 1e9);
    }

    /** Audit entries by the seeded accounts about other seeded accounts, spread over the last year. */
    static void seedAudit(Connection db, int wanted, int accounts) throws Exception {
        long have = count(db, "SELECT COUNT(*) FROM audit_entry");
        if (have >= wanted) {
            return;
        }
        long t0 = System.nanoTime();
        String[] actions = {"account.create", "account.disable", "account.enable", "profile.update", "oauth-client.register"};
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO audit_entry (occurred_at, actor, action, target, "
                + "outcome, from_address) VALUES (UTC_TIMESTAMP(6) - INTERVAL ? SECOND, ?, ?, ?, ?, ?)")) {
            for (long i = have; i < wanted; i++) {
                insert.setLong(1, (wanted - i) * 30);
                insert.setString(2, PREFIX + String.format("%06d", (int) (i % 1000)));
                insert.setString(3, actions[(int) (i % actions.length)]);
                insert.setString(4, PREFIX + String.format("%06d", (int) ((i * 7919) % accounts)));
                insert.setString(5, i % 17 == 0 ? "refused: benchmark" : "done");
                insert.setString(6, "192.0.2." + (i % 250));
                insert.addBatch();
                if (i % 5000 == 4999) {
                    insert.executeBatch();
                    db.commit();
                }
            }
            insert.executeBatch();
            db.commit();
        }
        db.setAutoCommit(true);
        System.out.printf("seeded %d audit entries in %.1f s%n", wanted - have, (System.nanoTime() - t0) / 1e9);
    }

    /** 10.64.0.0/16 and onwards: the 50,000 VPN addresses the seeded sessions reuse. */
    static String address(int n) {
        int k = n % 50_000;
        return "10." + (64 + k / 65536) + "." + (k / 256 % 256) + "." + (k % 256);
    }

    /**
     * Connection-log rows by the seeded accounts, one every 2.6 s over the last 30 days, an hour
     * long each, addresses reused; the newest 5,000 still open (live).
     */
    static void seedConnections(Connection db, int wanted, int accounts) throws Exception {
        long have = count(db, "SELECT COUNT(*) FROM connection_log");
        if (have >= wanted) {
            return;
        }
        long t0 = System.nanoTime();
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO connection_log (configuration_id, account_id,"
                + " account_name, profile_id, node_name, protocol, ipv4, ipv6, origin, connected_at, disconnected_at,"
                + " bytes_in, bytes_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6) - INTERVAL ? SECOND,"
                + " IF(?, NULL, UTC_TIMESTAMP(6) - INTERVAL ? SECOND + INTERVAL 3600 SECOND), ?, ?)")) {
            for (long i = have; i < wanted; i++) {
                int account = (int) ((i * 7919) % accounts);
                long ago = (wanted - i) * 26 / 10;
                insert.setLong(1, 1_000_000_000L + i);
                insert.setLong(2, 1_000_000L + account);
                insert.setString(3, PREFIX + String.format("%06d", account));
                insert.setString(4, i % 3 == 0 ? "bench-guests" : "bench");
                insert.setString(5, "bench-node-" + (i % 4));
                insert.setString(6, i % 5 == 0 ? "openvpn" : "wireguard");
                insert.setString(7, address((int) i));
                insert.setString(8, "fd00:64::" + Integer.toHexString((int) (i % 50_000)));
                insert.setString(9, "198.51.100." + (i % 250));
                insert.setLong(10, ago);
                insert.setBoolean(11, i >= wanted - 5_000);
                insert.setLong(12, ago);
                insert.setLong(13, i * 1013 % 50_000_000);
                insert.setLong(14, i * 2027 % 80_000_000);
                insert.addBatch();
                if (i % 5000 == 4999) {
                    insert.executeBatch();
                    db.commit();
                }
            }
            insert.executeBatch();
            db.commit();
        }
        db.setAutoCommit(true);
        System.out.printf("seeded %d connection-log rows in %.1f s%n", wanted - have, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The profile "bench" (WireGuard 10.64.0.0/16, fd64::/64) on four registry-only nodes
     * bench-node-0 … 3, made through the admin REST API like an admin would; left as it is when it
     * exists.
     */
    static void benchProfile(HttpClient http, String base, String basic) throws Exception {
        StringBuilder nodes = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            byte[] key = java.security.MessageDigest.getInstance("SHA-256").digest(("bench-node-" + k).getBytes(StandardCharsets.UTF_8));
            String body = "{\"name\": \"bench-node-" + k + "\", \"public_host\": \"bench-" + k + ".example.org\","
                    + " \"wireguard_public_key\": \"" + java.util.Base64.getEncoder().encodeToString(key) + "\"}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/nodes/bench-node-" + k))
                    .header("Authorization", basic).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("node bench-node-" + k + ": " + r.statusCode() + " " + r.body());
            }
            nodes.append(k == 0 ? "" : ", ").append("\"bench-node-").append(k).append('"');
        }
        String profile = "{\"profile_id\": \"bench\", \"display_name\": \"Bench\", \"protocols\": [\"wireguard\"],"
                + " \"wireguard\": {\"ipv4_range\": \"10.64.0.0/16\", \"ipv6_range\": \"fd64::/64\", \"port\": 51900},"
                + " \"dns_servers\": [\"9.9.9.9\"], \"default_gateway\": true, \"nodes\": [" + nodes + "]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/profiles"))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(profile)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("profile bench: " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Active WireGuard configurations (portal downloads, 90 days) of the seeded accounts in the
     * profile "bench", spread evenly over its four nodes, each at its own host of the node's share —
     * the rows the controller itself would write, made straight in the database.
     */
    static void seedConfigurations(Connection db, int wanted) throws Exception {
        long have = count(db, "SELECT COUNT(*) FROM vpn_configuration WHERE profile_id = 'bench'");
        if (have >= wanted) {
            return;
        }
        long t0 = System.nanoTime();
        List<String[]> shares = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT node_name, wg_ipv4_range, wg_ipv6_range"
                + " FROM vpn_profile_node WHERE profile_id = 'bench' ORDER BY position")) {
            while (r.next()) {
                shares.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
            }
        }
        List<Long> owners = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT id FROM account WHERE name LIKE 'bench-user-%' AND enabled ORDER BY name")) {
            while (r.next()) {
                owners.add(r.getLong(1));
            }
        }
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO vpn_configuration (account_id, display_name,"
                + " profile_id, protocol, node_name, wg_public_key, wg_host, ipv4, ipv6, created_at, expires_at)"
                + " VALUES (?, 'bench', 'bench', 'wireguard', ?, ?, ?, ?, ?, UTC_TIMESTAMP(6) - INTERVAL ? SECOND,"
                + " UTC_TIMESTAMP(6) + INTERVAL 90 DAY)")) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (long i = have; i < wanted; i++) {
                String[] share = shares.get((int) (i % shares.size()));
                long host = 2 + i / shares.size();
                insert.setLong(1, owners.get((int) ((i * 7919) % owners.size())));
                insert.setString(2, share[0]);
                insert.setString(3, java.util.Base64.getEncoder().encodeToString(
                        sha.digest(("bench-peer-" + i).getBytes(StandardCharsets.UTF_8))));
                insert.setLong(4, host);
                insert.setString(5, addressAt(share[1], host));
                insert.setString(6, addressAt(share[2], host));
                insert.setLong(7, i % 86_400);
                insert.addBatch();
                if (i % 5000 == 4999) {
                    insert.executeBatch();
                    db.commit();
                }
            }
            insert.executeBatch();
            db.commit();
        }
        db.setAutoCommit(true);
        System.out.printf("seeded %d configurations in %.1f s%n", wanted - have, (System.nanoTime() - t0) / 1e9);
    }

    /** Host {@code host} of a prefix ("10.64.64.0/18", "fd64:0:0:0:4000::/66"), written compressed. */
    static String addressAt(String prefix, long host) throws Exception {
        byte[] base = java.net.InetAddress.getByName(prefix.substring(0, prefix.indexOf('/'))).getAddress();
        java.math.BigInteger value = new java.math.BigInteger(1, base).add(java.math.BigInteger.valueOf(host));
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[base.length];
        System.arraycopy(raw, Math.max(0, raw.length - bytes.length), bytes, Math.max(0, bytes.length - raw.length),
                Math.min(raw.length, bytes.length));
        String text = java.net.InetAddress.getByAddress(bytes).getHostAddress();
        return bytes.length == 4 ? text : text.replaceFirst("(^|:)0(:0)+(:|$)", "::");
    }

    static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void login(HttpClient http, String base, String name, String password) throws Exception {
        String page = get(http, base + "/login").body();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("login", "login");
        form.put("login:name", name);
        form.put("login:password", password);
        form.put("login:submit", "Log in");
        form.put("jakarta.faces.ViewState", viewState(page));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 302) {
            throw new IllegalStateException("admin login failed: " + r.statusCode());
        }
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
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

    static SSLContext trusting(Path caFile) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
