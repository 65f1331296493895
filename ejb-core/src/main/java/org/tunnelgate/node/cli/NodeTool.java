package org.tunnelgate.node.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.audit.control.AuditRecords;
import org.tunnelgate.node.control.EnrollmentTokens;
import org.tunnelgate.node.entity.NodeRegistration;
import org.tunnelgate.platform.DatabaseTool;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.pki.control.NodeCredentialStore;
import org.tunnelgate.platform.UtcDateTime;
import org.tunnelgate.profile.entity.IpPrefix;

/**
 * Manages VPN nodes straight in the database, without the application server — what the
 * {@code tunnelgate node …} launcher commands run, next to the admin REST API ({@code /api/admin/nodes},
 * docs/nodes.md) which does the same for a remote admin. Plain JDBC, the same token rules as the
 * controller ({@link EnrollmentTokens}: only the hash is stored, single use, 24 hours).
 *
 * <pre>
 *   add NAME --agent-url URL --host HOST [--profile ID]… [--location TEXT] [--capacity N] [--controller URL]
 *   token NAME [--controller URL]     a new one-time enrollment token (re-enrollment)
 *   list                               every node with its health, peers and profiles
 *   remove NAME                        refused while profiles name the node
 *   local NAME --agent-url URL --host HOST --controller URL
 *                                      the launcher's local node: register or update, new token
 * </pre>
 * {@code add} and {@code token} print {@code token <T>} on a line of its own (the launcher reads it)
 * and the command to run on the node. Adding a node to a profile re-splits the profile's address
 * ranges between its nodes, so it is refused while the profile has configurations.
 * The database, one transaction per command and the exit status: {@link DatabaseTool}.
 */
public final class NodeTool extends DatabaseTool {

    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    static final String AGENT_JAR = "/opt/tunnelgate/tunnelgate-node-agent.jar";

    /** The options of one command: flags with one value each, repeatable ones collected in order. */
    private record Options(String name, Map<String, List<String>> values) {

        String one(String flag) {
            List<String> v = values.get(flag);
            return v == null ? null : v.get(v.size() - 1);
        }

        List<String> all(String flag) {
            return values.getOrDefault(flag, List.of());
        }
    }

    private final PrintStream out;
    private final Clock clock;

    NodeTool(Map<String, String> env, PrintStream out, Clock clock) {
        super(env);
        this.out = out;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(new NodeTool(System.getenv(), System.out, Clock.systemUTC()).run(args, System.err));
    }

    @Override
    protected void dispatch(Connection db, String command, List<String> rest) throws SQLException, BadInput {
        switch (command) {
            case "add" -> add(db, options(rest, List.of("--agent-url", "--host", "--profile", "--location", "--capacity",
                    "--controller")), false);
            case "local" -> add(db, options(rest, List.of("--agent-url", "--host", "--controller")), true);
            case "token" -> token(db, options(rest, List.of("--controller")));
            case "list" -> list(db, options(rest, List.of(), false));
            case "remove" -> remove(db, options(rest, List.of()));
            case "ca" -> caCertificate(db);
            default -> throw new BadInput("unknown command '" + command + "'\n" + USAGE);
        }
    }

    /**
     * Registers a node and prints its first enrollment token. {@code local}: the launcher's own node —
     * an existing row of that name (the seed's bare "local", or an earlier registration) is updated
     * and gets a new token, its profiles stay as they are.
     */
    private void add(Connection db, Options o, boolean local) throws SQLException, BadInput {
        if (local && o.one("--controller") == null) {
            throw new BadInput("local needs --controller URL");
        }
        NodeRegistration registration = new NodeRegistration(o.name(), o.one("--agent-url"), o.one("--host"),
                o.one("--location"), capacity(o.one("--capacity")));
        List<String> problems = registration.problems();
        if (!problems.isEmpty()) {
            throw new BadInput("the node cannot be registered:\n  " + String.join("\n  ", problems));
        }
        Map<String, String> existing = node(db, o.name());
        if (existing != null && !local && existing.get("agent_url") != null) {
            throw new BadInput("a node named " + o.name() + " is already registered; `node token " + o.name()
                    + "` gives it a new enrollment token, `node remove` removes it");
        }
        if (existing == null) {
            try (PreparedStatement s = db.prepareStatement("INSERT INTO vpn_node (name, public_host, agent_url, location,"
                    + " capacity, version) VALUES (?, ?, ?, ?, ?, 0)")) {
                s.setString(1, registration.name());
                s.setString(2, registration.publicHost());
                s.setString(3, registration.agentUrl());
                s.setString(4, registration.location());
                s.setInt(5, registration.capacity());
                s.executeUpdate();
            }
        } else {
            // a bare row's placeholder WireGuard key goes: a managed node reports its interfaces' keys itself
            try (PreparedStatement s = db.prepareStatement("UPDATE vpn_node SET public_host = ?, agent_url = ?,"
                    + " location = COALESCE(?, location), capacity = ?, wg_public_key = NULL, version = version + 1 WHERE name = ?")) {
                s.setString(1, registration.publicHost());
                s.setString(2, registration.agentUrl());
                s.setString(3, registration.location());
                s.setInt(4, registration.capacity());
                s.setString(5, registration.name());
                s.executeUpdate();
            }
        }
        for (String profile : o.all("--profile")) {
            serve(db, profile, registration.name());
        }
        audit(db, local ? "node.register-local" : "node.register", registration.name());
        out.println("registered " + registration.name() + (o.all("--profile").isEmpty() ? ""
                : " serving " + String.join(", ", o.all("--profile"))));
        newToken(db, registration.name(), o.one("--controller"));
    }

    private void token(Connection db, Options o) throws SQLException, BadInput {
        Map<String, String> node = node(db, o.name());
        if (node == null || node.get("agent_url") == null) {
            throw new BadInput("no registered node named " + o.name() + " (`node add` registers one)");
        }
        newToken(db, o.name(), o.one("--controller"));
        audit(db, "node.token", o.name());
    }

    private void newToken(Connection db, String name, String controller) throws SQLException {
        String token = EnrollmentTokens.newToken();
        Instant expires = clock.instant().plus(TOKEN_LIFETIME);
        try (PreparedStatement s = db.prepareStatement("UPDATE vpn_node SET enrollment_token_hash = ?,"
                + " enrollment_expires_at = ?, version = version + 1 WHERE name = ?")) {
            s.setString(1, EnrollmentTokens.hash(token));
            s.setObject(2, UtcDateTime.toDatabase(expires));
            s.setString(3, name);
            s.executeUpdate();
        }
        out.println("token " + token);
        out.println("  single use, expires " + expires + "; only its hash is stored, so this is the only time it is shown");
        out.println("on the node, run:");
        out.println("  java -jar " + AGENT_JAR + " enroll --controller " + (controller == null ? "https://<controller>" : controller)
                + " --token " + token + " --config /etc/tunnelgate/agent.properties");
    }

    /**
     * Adds the node to a profile's nodes: the profile's ranges are split anew between all its nodes
     * (as the profile component does when an admin edits the list), so it is refused while the
     * profile has configurations, whose addresses belong to the old shares.
     */
    private void serve(Connection db, String profileId, String node) throws SQLException, BadInput {
        Map<String, String> ranges = new LinkedHashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT wg_ipv4_range, wg_ipv6_range, ovpn_ipv4_range, ovpn_ipv6_range"
                + " FROM vpn_profile WHERE profile_id = ? FOR UPDATE")) {
            s.setString(1, profileId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new BadInput("no profile " + profileId);
                }
                for (String column : List.of("wg_ipv4_range", "wg_ipv6_range", "ovpn_ipv4_range", "ovpn_ipv6_range")) {
                    ranges.put(column, r.getString(column));
                }
            }
        }
        try (PreparedStatement s = db.prepareStatement("SELECT COUNT(*) FROM vpn_configuration WHERE profile_id = ?")) {
            s.setString(1, profileId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                if (r.getLong(1) > 0) {
                    throw new BadInput("profile " + profileId + " has " + r.getLong(1) + " configurations: adding a node"
                            + " re-splits its address ranges; add the node to it when it has none (or edit the profile's"
                            + " nodes through the admin API, docs/nodes.md)");
                }
            }
        }
        List<String> nodes = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT node_name FROM vpn_profile_node WHERE profile_id = ? ORDER BY position")) {
            s.setString(1, profileId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    nodes.add(r.getString(1));
                }
            }
        }
        if (nodes.contains(node)) {
            return;
        }
        nodes.add(node);
        int extraBits = 0;
        while ((1 << extraBits) < nodes.size()) {
            extraBits++;
        }
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM vpn_profile_node WHERE profile_id = ?");
             PreparedStatement insert = db.prepareStatement("INSERT INTO vpn_profile_node (profile_id, node_name, position,"
                     + " wg_ipv4_range, wg_ipv6_range, ovpn_ipv4_range, ovpn_ipv6_range) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            delete.setString(1, profileId);
            delete.executeUpdate();
            for (int i = 0; i < nodes.size(); i++) {
                insert.setString(1, profileId);
                insert.setString(2, nodes.get(i));
                insert.setInt(3, i);
                int column = 4;
                for (String range : ranges.values()) {
                    insert.setString(column++, share(profileId, range, extraBits, i));
                }
                insert.executeUpdate();
            }
        }
        try (PreparedStatement s = db.prepareStatement("UPDATE vpn_profile SET version = version + 1 WHERE profile_id = ?")) {
            s.setString(1, profileId);
            s.executeUpdate();
        }
        // every controller instance reloads its profiles when it sees this number move (ProfileCatalog)
        try (PreparedStatement s = db.prepareStatement("UPDATE profile_catalog SET version = version + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
    }

    private static String share(String profileId, String range, int extraBits, int index) throws BadInput {
        if (range == null) {
            return null;
        }
        try {
            return IpPrefix.parse(range).subPrefix(extraBits, index).toString();
        } catch (IllegalArgumentException e) {
            throw new BadInput("profile " + profileId + ": the range " + range + " is too small to give " + (1 << extraBits)
                    + " nodes a share each");
        }
    }

    private void list(Connection db, Options o) throws SQLException {
        String sql = "SELECT n.name, n.public_host, n.agent_url, n.location, n.capacity, n.maintenance, n.enrolled_at,"
                + " n.enrollment_expires_at, h.state, h.reason, h.since,"
                + " (SELECT COUNT(*) FROM vpn_configuration c WHERE c.node_name = n.name) AS sessions,"
                + " (SELECT GROUP_CONCAT(p.profile_id ORDER BY p.profile_id SEPARATOR ',') FROM vpn_profile_node p"
                + "   WHERE p.node_name = n.name) AS profiles"
                + " FROM vpn_node n LEFT JOIN node_health h ON h.node_name = n.name ORDER BY n.name";
        out.printf("%-20s %-12s %-30s %-28s %8s  %s%n", "NAME", "STATE", "AGENT", "PUBLIC HOST", "SESSIONS", "PROFILES");
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String state;
                if (r.getString("agent_url") == null) {
                    state = "unmanaged";
                } else if (r.getObject("enrolled_at") == null) {
                    state = r.getObject("enrollment_expires_at") == null ? "registered" : "awaiting-enrollment";
                } else if (r.getBoolean("maintenance")) {
                    state = "maintenance";
                } else {
                    state = r.getString("state") == null ? "unknown" : r.getString("state");
                }
                String since = r.getObject("since") == null ? ""
                        : " since " + UtcDateTime.fromDatabase(r.getObject("since", LocalDateTime.class));
                String reason = r.getString("reason") == null || !"down".equals(state) ? "" : " (" + r.getString("reason") + ")";
                out.printf("%-20s %-12s %-30s %-28s %8d  %s%s%s%n", r.getString("name"), state,
                        r.getString("agent_url") == null ? "-" : r.getString("agent_url"), r.getString("public_host"),
                        r.getLong("sessions"), r.getString("profiles") == null ? "-" : r.getString("profiles"), since, reason);
            }
        }
    }

    private void remove(Connection db, Options o) throws SQLException, BadInput {
        if (node(db, o.name()) == null) {
            throw new BadInput("no node named " + o.name());
        }
        List<String> serving = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT profile_id FROM vpn_profile_node WHERE node_name = ? ORDER BY profile_id")) {
            s.setString(1, o.name());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    serving.add(r.getString(1));
                }
            }
        }
        if (!serving.isEmpty()) {
            throw new BadInput("node " + o.name() + " still serves " + String.join(", ", serving)
                    + ": take it out of those profiles first (their clients move to the other nodes)");
        }
        try (PreparedStatement s = db.prepareStatement("DELETE FROM vpn_node WHERE name = ?")) {
            s.setString(1, o.name());
            s.executeUpdate();
        }
        audit(db, "node.remove", o.name());
        out.println("removed " + o.name() + "; its certificate is no longer accepted");
    }

    private static Map<String, String> node(Connection db, String name) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT name, agent_url FROM vpn_node WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                Map<String, String> row = new LinkedHashMap<>();
                row.put("name", r.getString(1));
                row.put("agent_url", r.getString(2));
                return row;
            }
        }
    }

    /** The same audit line the application writes (see {@link AuditRecords}); the actor is {@code cli}. */
    private void audit(Connection db, String action, String target) throws SQLException {
        AuditRecords.insert(db, clock.instant(), "cli", action, target, AuditedChange.DONE);
    }

    private static int capacity(String value) throws BadInput {
        if (value == null) {
            return 1000;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadInput("--capacity must be a number, not '" + value + "'");
        }
    }

    private static Options options(List<String> args, List<String> flags) throws BadInput {
        return options(args, flags, true);
    }

    private static Options options(List<String> args, List<String> flags, boolean needsName) throws BadInput {
        String name = null;
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (flags.contains(a) && i + 1 < args.size()) {
                values.computeIfAbsent(a, k -> new ArrayList<>()).add(args.get(++i));
            } else if (!a.startsWith("--") && name == null) {
                name = a;
            } else {
                throw new BadInput("unexpected argument '" + a + "'\n" + USAGE);
            }
        }
        if (needsName && name == null) {
            throw new BadInput("a node NAME is needed\n" + USAGE);
        }
        if (!needsName && name != null) {
            throw new BadInput("unexpected argument '" + name + "'\n" + USAGE);
        }
        return new Options(name, values);
    }

    /**
     * Prints the node CA's certificate (PEM), creating the CA when there is none yet: the launcher
     * makes the node listener trust it. Needs the master key (TUNNELGATE_MASTER_KEY_FILE) to seal a
     * new CA's key.
     */
    private void caCertificate(Connection db) throws SQLException, BadInput {
        String keyFile = env.get("TUNNELGATE_MASTER_KEY_FILE");
        if (keyFile == null || keyFile.isBlank()) {
            throw new BadInput("TUNNELGATE_MASTER_KEY_FILE is not set");
        }
        out.print(NodeCredentialStore.caCertificate(db, MasterKey.fromFile(java.nio.file.Path.of(keyFile)), clock.instant()));
    }

    private static final String USAGE = """
                usage: node add NAME --agent-url https://HOST:PORT --host PUBLIC_HOST [--profile ID]… [--location TEXT] [--capacity N]
                       node token NAME          a new one-time enrollment token (re-enrolls the node)
                       node list                every node with its state, sessions and profiles
                       node remove NAME         (refused while profiles name it)
                       node ca                  the node CA's certificate (made when missing), for the node listener""";

    @Override
    protected String usage() {
        return USAGE;
    }
}
