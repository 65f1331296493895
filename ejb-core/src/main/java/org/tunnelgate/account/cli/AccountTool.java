package org.tunnelgate.account.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.tunnelgate.account.control.PasswordHasher;
import org.tunnelgate.account.control.PasswordPolicy;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.audit.control.AuditRecords;
import org.tunnelgate.platform.DatabaseTool;
import org.tunnelgate.platform.UtcDateTime;

/**
 * Manages accounts straight in the database, without the application server — what the
 * {@code tunnelgate user …} launcher commands run (like eduVPN's {@code vpn-user-portal-account}).
 * Uses plain JDBC and the very same {@link PasswordHasher} as the portal. The schema must already
 * be migrated (the launcher deploys the application first).
 *
 * <pre>
 *   add NAME [--password P] [--admin]   disable NAME   enable NAME   list   ensure-admin NAME
 * </pre>
 * The database, one transaction per command and the exit status: {@link DatabaseTool}.
 */
public final class AccountTool extends DatabaseTool {


    private final PrintStream out;
    private final PasswordHasher hasher = new PasswordHasher();
    private final Clock clock;

    AccountTool(Map<String, String> env, PrintStream out, Clock clock) {
        super(env);
        this.out = out;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(new AccountTool(System.getenv(), System.out, Clock.systemUTC()).run(args, System.err));
    }

    @Override
    protected void dispatch(Connection db, String command, List<String> rest) throws SQLException, BadInput {
        switch (command) {
            case "add" -> add(db, rest);
            case "disable" -> setEnabled(db, single(rest), false);
            case "enable" -> setEnabled(db, single(rest), true);
            case "list" -> list(db, rest);
            case "ensure-admin" -> ensureAdmin(db, single(rest));
            default -> throw new BadInput("unknown command '" + command + "'\n" + USAGE);
        }
    }

    private void add(Connection db, List<String> args) throws SQLException, BadInput {
        String name = null;
        String password = null;
        boolean admin = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--admin")) {
                admin = true;
            } else if (a.equals("--password") && i + 1 < args.size()) {
                password = args.get(++i);
            } else if (!a.startsWith("--") && name == null) {
                name = a;
            } else {
                throw new BadInput("unexpected argument '" + a + "'\n" + USAGE);
            }
        }
        if (name == null) {
            throw new BadInput("add needs a NAME\n" + USAGE);
        }
        checkName(name);
        boolean generated = password == null;
        String actual = generated ? PasswordPolicy.generate() : password;
        checkPassword(name, actual);
        if (exists(db, name)) {
            throw new BadInput("an account named " + name + " already exists");
        }
        insert(db, name, actual, admin ? "ADMIN" : "USER");
        audit(db, admin ? "account.create-admin" : "account.create", name);
        out.println(generated ? "created " + name + " " + actual : "created " + name);
    }

    private void setEnabled(Connection db, String name, boolean enabled) throws SQLException, BadInput {
        checkName(name);
        if (!enabled) {
            refuseIfLastAdmin(db, name);
        }
        try (PreparedStatement s = db.prepareStatement(
                "UPDATE account SET enabled = ?, session_epoch = session_epoch + ?, version = version + 1 WHERE name = ?")) {
            s.setBoolean(1, enabled);
            s.setInt(2, enabled ? 0 : 1); // disabled: every portal session ends
            s.setString(3, name);
            if (s.executeUpdate() == 0) {
                throw new BadInput("no account named " + name);
            }
        }
        if (!enabled) {
            // What the application's observers of AccountDisabled do, for a tool that runs without
            // them, in the same transaction: the apps' authorizations go (their tokens by cascade), so
            // enabling the account again revives none of them, and so do the VPN configurations. The
            // tool cannot call the nodes: each node's reconciliation (every 10 s) removes the peers
            // and clients the database no longer has.
            for (String table : List.of("vpn_configuration", "oauth_authorization")) {
                try (PreparedStatement s = db.prepareStatement(
                        "DELETE FROM " + table + " WHERE account_id = (SELECT id FROM account WHERE name = ?)")) {
                    s.setString(1, name);
                    s.executeUpdate();
                }
            }
        }
        audit(db, enabled ? "account.enable" : "account.disable", name);
        out.println((enabled ? "enabled " : "disabled ") + name);
    }

    private void list(Connection db, List<String> args) throws SQLException, BadInput {
        if (!args.isEmpty()) {
            throw new BadInput("list takes no arguments");
        }
        try (PreparedStatement s = db.prepareStatement(
                "SELECT name, role, enabled, created_at, last_login_at FROM account ORDER BY name");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Instant lastLogin = UtcDateTime.fromDatabase(r.getObject("last_login_at", LocalDateTime.class));
                out.println(String.join("\t", r.getString("name"), r.getString("role").toLowerCase(),
                        r.getBoolean("enabled") ? "enabled" : "disabled",
                        UtcDateTime.fromDatabase(r.getObject("created_at", LocalDateTime.class)).toString(),
                        lastLogin == null ? "never" : lastLogin.toString()));
            }
        }
    }

    /**
     * The console's rule, here too: the service keeps one enabled admin. The guard row is taken
     * first, as the console does, so a disable here and one in the console (on any Galera node)
     * cannot together remove the last one.
     */
    private static void refuseIfLastAdmin(Connection db, String name) throws SQLException, BadInput {
        try (PreparedStatement s = db.prepareStatement("UPDATE admin_guard SET changes = changes + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
        try (PreparedStatement s = db.prepareStatement("SELECT role = 'ADMIN' AND enabled, "
                + "(SELECT COUNT(*) FROM account WHERE role = 'ADMIN' AND enabled = TRUE) FROM account WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getBoolean(1) && r.getLong(2) <= 1) {
                    throw new BadInput(name + " is the last enabled admin; add or enable another admin first");
                }
            }
        }
    }

    /** The first start's admin: created only when no enabled admin exists yet. */
    private void ensureAdmin(Connection db, String name) throws SQLException, BadInput {
        checkName(name);
        try (PreparedStatement s = db.prepareStatement(
                "SELECT COUNT(*) FROM account WHERE role = 'ADMIN' AND enabled = TRUE");
             ResultSet r = s.executeQuery()) {
            r.next();
            if (r.getLong(1) > 0) {
                out.println("exists");
                return;
            }
        }
        String given = env.get("TUNNELGATE_ADMIN_PASSWORD");
        String password = given == null || given.isEmpty() ? PasswordPolicy.generate() : given;
        checkPassword(name, password);
        if (exists(db, name)) {
            try (PreparedStatement s = db.prepareStatement("UPDATE account SET role = 'ADMIN', enabled = TRUE, "
                    + "password_hash = ?, version = version + 1 WHERE name = ?")) {
                s.setString(1, hasher.hash(password));
                s.setString(2, name);
                s.executeUpdate();
            }
        } else {
            insert(db, name, password, "ADMIN");
        }
        audit(db, "account.ensure-admin", name);
        out.println("created " + name + " " + password);
    }

    private void insert(Connection db, String name, String password, String role) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("INSERT INTO account "
                + "(name, password_hash, role, enabled, created_at, version) VALUES (?, ?, ?, TRUE, ?, 0)")) {
            s.setString(1, name);
            s.setString(2, hasher.hash(password));
            s.setString(3, role);
            s.setObject(4, UtcDateTime.toDatabase(clock.instant()));
            s.executeUpdate();
        }
    }

    /** The same audit line the application writes (see {@link AuditRecords}); the actor is {@code cli}. */
    private void audit(Connection db, String action, String target) throws SQLException {
        AuditRecords.insert(db, clock.instant(), "cli", action, target, AuditedChange.DONE);
    }

    private static boolean exists(Connection db, String name) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT 1 FROM account WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static String single(List<String> args) throws BadInput {
        if (args.size() != 1) {
            throw new BadInput("expected exactly one NAME\n" + USAGE);
        }
        return args.get(0);
    }

    private static void checkName(String name) throws BadInput {
        if (!Account.isValidName(name)) {
            throw new BadInput("invalid name '" + name + "': 1 to 64 letters, digits or . _ @ -");
        }
    }

    private static void checkPassword(String name, String password) throws BadInput {
        var violation = PasswordPolicy.violation(name, password);
        if (violation.isPresent()) {
            throw new BadInput(violation.get());
        }
    }

    private static final String USAGE = "usage: AccountTool add NAME [--password P] [--admin] | disable NAME | enable NAME | list"
                + " | ensure-admin NAME";

    @Override
    protected String usage() {
        return USAGE;
    }
}
