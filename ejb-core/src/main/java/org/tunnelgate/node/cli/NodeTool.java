package org.tunnelgate.node.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
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

    static final String AGENT_JAR = "/opt/tunnelgate/tunnelgate-node-agent.jar";

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
            case "list" -> {
                options(rest, List.of(), false);
                NodeListing.print(db, out);
            }
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
                o.one("--location"), o.capacity());
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
            ProfileShares.serve(db, profile, registration.name());
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
        Instant expires = clock.instant().plus(EnrollmentTokens.LIFETIME);
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

    private static Options options(List<String> args, List<String> flags) throws BadInput {
        return Options.parse(args, flags, true, USAGE);
    }

    private static Options options(List<String> args, List<String> flags, boolean needsName) throws BadInput {
        return Options.parse(args, flags, needsName, USAGE);
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
