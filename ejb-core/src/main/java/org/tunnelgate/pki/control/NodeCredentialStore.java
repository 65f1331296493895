package org.tunnelgate.pki.control;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.platform.UtcDateTime;

/**
 * Keeps the node CA (row 1 of {@code pki_node_credential}) and the controller's client credential
 * from it (row 2), private keys sealed with the {@link MasterKey}. Whoever needs them first creates
 * them; a racing instance loses on the primary key and reads the winner's on its retry — so every
 * controller instance presents the same certificate and every agent trusts one CA.
 */
public final class NodeCredentialStore {

    /** The CA and the controller's credential, as one instance holds them in memory. */
    public record Loaded(NodeAuthority authority, NodeAuthority.Credential controller) {}

    static final String PURPOSE = "pki-node-credential";
    private static final int CA_ROW = 1;
    private static final int CONTROLLER_ROW = 2;

    private NodeCredentialStore() {}

    public static Loaded loadOrCreate(DataSource dataSource, MasterKey masterKey, Instant now) {
        return JdbcTransaction.run(dataSource, Set.of("PRIMARY"), c -> {
            NodeAuthority authority = load(c, masterKey, CA_ROW)
                    .map(row -> NodeAuthority.restore(row.certificatePem(), row.key()))
                    .orElse(null);
            if (authority == null) {
                authority = NodeAuthority.create(now);
                insert(c, masterKey, CA_ROW, authority.certificatePem(), authority.privateKeyPkcs8(), now);
            }
            Optional<Row> stored = load(c, masterKey, CONTROLLER_ROW);
            NodeAuthority.Credential controller;
            if (stored.isPresent()) {
                controller = new NodeAuthority.Credential(stored.get().certificatePem(),
                        new String(stored.get().key(), StandardCharsets.US_ASCII));
            } else {
                controller = authority.issueController(now);
                insert(c, masterKey, CONTROLLER_ROW, controller.certificatePem(),
                        controller.privateKeyPem().getBytes(StandardCharsets.US_ASCII), now);
            }
            return new Loaded(authority, controller);
        });
    }

    /**
     * The node CA's certificate (PEM), the CA created when there is none yet, on the caller's
     * transaction — for the launcher, which makes the node listener trust it before any node
     * enrolls. A lost creation race fails on the primary key; the caller tries again.
     */
    public static String caCertificate(Connection c, MasterKey masterKey, Instant now) throws SQLException {
        Optional<Row> stored = load(c, masterKey, CA_ROW);
        if (stored.isPresent()) {
            return stored.get().certificatePem();
        }
        NodeAuthority authority = NodeAuthority.create(now);
        insert(c, masterKey, CA_ROW, authority.certificatePem(), authority.privateKeyPkcs8(), now);
        return authority.certificatePem();
    }

    private record Row(String certificatePem, byte[] key) {}

    private static Optional<Row> load(Connection c, MasterKey masterKey, int id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT certificate_pem, private_key_sealed FROM pki_node_credential WHERE id = ?")) {
            select.setInt(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(row.getString(1), masterKey.decrypt(PURPOSE, String.valueOf(id), row.getBytes(2))));
            }
        }
    }

    private static void insert(Connection c, MasterKey masterKey, int id, String certificatePem, byte[] key, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO pki_node_credential (id, certificate_pem, private_key_sealed, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, certificatePem);
            insert.setBytes(3, masterKey.encrypt(PURPOSE, String.valueOf(id), key));
            insert.setObject(4, UtcDateTime.toDatabase(now));
            insert.executeUpdate(); // a lost race throws 1062: JdbcTransaction retries and loads the winner's
        }
    }

}
