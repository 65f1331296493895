package org.tunnelgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private MariaDB server for integration tests: the Debian {@code mariadbd} binary on its own
 * port, data directory and socket below {@code target/}, so tests never touch the system instance
 * on 3306 and can run next to other helpers' tests.
 *
 * <p>Use {@link #shared()} from {@code *IT} classes: the first call starts the server (about two
 * seconds), later calls in the same JVM reuse it, and a shutdown hook stops it and deletes its
 * files when the test JVM ends. Each test takes a {@link #freshDatabase() fresh database} so tests
 * do not see each other's rows.
 *
 * <p>Ports come from {@code -Dtunnelgate.test.db.ports=FROM-TO} (default 22000-22999, below
 * Linux's ephemeral port range); a port that is taken is skipped. A missing {@code mariadbd} fails loudly — there is no skipping.
 */
public final class MariaDbServer implements AutoCloseable {

    /** A database on the server, with the credentials of a user that owns it. */
    public record Database(String name, String jdbcUrl, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }

        /** Connections as the server's pool opens them: READ COMMITTED (config/payara/configure.asadmin). */
        public org.mariadb.jdbc.MariaDbDataSource dataSource() {
            try {
                var dataSource = new org.mariadb.jdbc.MariaDbDataSource(jdbcUrl + "?transactionIsolation=READ-COMMITTED");
                dataSource.setUser(user);
                dataSource.setPassword(password);
                return dataSource;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String USER = "tunnelgate_test";
    private static final String PASSWORD = "test-only-" + UUID.randomUUID();
    private static MariaDbServer shared;

    private final Path home;
    private final int port;
    private final Process process;

    private MariaDbServer(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** The one server of this test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized MariaDbServer shared() {
        if (shared == null) {
            shared = start(Path.of("target", "mariadb-" + ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "mariadb-test-stop"));
        }
        return shared;
    }

    /** Starts a new server whose files all live below {@code home} (created, must not exist yet). */
    public static MariaDbServer start(Path home) {
        try {
            home = home.toAbsolutePath();
            deleteRecursively(home);
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("tmp"));
            int[] range = portRange();
            IOException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freePort(range[0], range[1]);
                Path config = writeConfig(home, port);
                if (attempt == 0) {
                    run(home, List.of("mariadb-install-db", "--defaults-file=" + config,
                            "--auth-root-authentication-method=socket", "--skip-test-db", "--user=root"));
                }
                Process process = new ProcessBuilder("mariadbd", "--defaults-file=" + config, "--user=root")
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("mariadbd.out").toFile())
                        .start();
                var server = new MariaDbServer(home, port, process);
                try {
                    server.awaitReady();
                    server.createTestUser();
                    return server;
                } catch (IOException e) {
                    last = e; // most likely lost a race for the port: try another one
                    server.stopProcess();
                }
            }
            throw new IllegalStateException("mariadbd did not start below " + home, last);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a private mariadbd (is mariadb-server installed?)", e);
        }
    }

    public int port() {
        return port;
    }

    /** Creates an empty database with a unique name, owned by the test user. */
    public Database freshDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        sql("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return database(name);
    }

    /** Credentials for an existing database on this server. */
    public Database database(String name) {
        return new Database(name, "jdbc:mariadb://127.0.0.1:" + port + "/" + name, USER, PASSWORD);
    }

    /** Runs administrative SQL (as the test user, which may do everything). */
    public void sql(String statement) {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + statement, e);
        }
    }

    /** Stops the server (SIGTERM is mariadbd's clean shutdown) and deletes its files. */
    @Override
    public void close() {
        stopProcess();
        try {
            deleteRecursively(home);
        } catch (IOException e) {
            // leftovers in target/ are harmless; mvn clean removes them
        }
    }

    private void stopProcess() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("mariadbd exited with " + process.exitValue() + ": " + log());
            }
            if (Files.exists(home.resolve("mysqld.sock")) && Files.exists(home.resolve("mysqld.pid"))) {
                return;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for mariadbd", e);
            }
        }
        throw new IOException("mariadbd not ready after " + START_TIMEOUT + ": " + log());
    }

    private void createTestUser() throws IOException {
        // root authenticates through the socket only; tests connect over TCP as their own user
        run(home, List.of("mariadb", "--no-defaults", "--socket=" + home.resolve("mysqld.sock"), "-uroot", "-e",
                "CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';"
                        + "GRANT ALL ON *.* TO '" + USER + "'@'127.0.0.1' WITH GRANT OPTION;"));
    }

    private String log() {
        try {
            String text = Files.readString(home.resolve("error.log"));
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no error.log)";
        }
    }

    private static Path writeConfig(Path home, int port) throws IOException {
        Path config = home.resolve("my.cnf");
        Files.writeString(config, String.join("\n",
                "[mariadbd]",
                "datadir=" + home.resolve("data"),
                "tmpdir=" + home.resolve("tmp"),
                "socket=" + home.resolve("mysqld.sock"),
                "pid-file=" + home.resolve("mysqld.pid"),
                "log-error=" + home.resolve("error.log"),
                "port=" + port,
                "bind-address=127.0.0.1",
                "skip-name-resolve",
                "performance_schema=OFF",
                "innodb_buffer_pool_size=64M",
                "innodb_log_file_size=32M",
                "innodb_flush_log_at_trx_commit=2",
                "character-set-server=utf8mb4",
                "collation-server=utf8mb4_unicode_ci",
                ""));
        return config;
    }

    private static void run(Path home, List<String> command) throws IOException {
        Path out = home.resolve("command.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " failed: " + Files.readString(out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command.get(0), e);
        }
    }

    private static int[] portRange() {
        String[] range = System.getProperty("tunnelgate.test.db.ports", "22000-22999").split("-");
        return new int[] {Integer.parseInt(range[0].trim()), Integer.parseInt(range[1].trim())};
    }

    private static int freePort(int from, int to) throws IOException {
        for (int tries = 0; tries < 200; tries++) {
            int candidate = ThreadLocalRandom.current().nextInt(from, to + 1);
            try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return candidate;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port in " + from + "-" + to);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
