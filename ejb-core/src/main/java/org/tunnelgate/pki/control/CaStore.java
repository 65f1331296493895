package org.tunnelgate.pki.control;

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
 * Keeps the one cluster-wide CA in table {@code pki_ca} (always row id 1), its private key
 * encrypted with the {@link MasterKey}. The first instance that needs the CA creates it; when two
 * create one at the same moment, the primary key lets only one insert win and the other reads the
 * winner's CA on its retry — so every instance signs with the same key.
 */
public final class CaStore {

    static final String PURPOSE = "pki-ca-key";
    private static final int ROW = 1;

    private CaStore() {}

    public static CertificateAuthority loadOrCreate(DataSource dataSource, MasterKey masterKey, Instant now) {
        return JdbcTransaction.run(dataSource, Set.of("PRIMARY"), c -> {
            Optional<CertificateAuthority> existing = load(c, masterKey);
            if (existing.isPresent()) {
                return existing.get();
            }
            CertificateAuthority created = CertificateAuthority.create("Tunnelgate CA", now);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO pki_ca (id, certificate_pem, private_key_sealed, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, ROW);
                insert.setString(2, created.certificatePem());
                insert.setBytes(3, masterKey.encrypt(PURPOSE, String.valueOf(ROW), created.privateKeyPkcs8()));
                insert.setObject(4, UtcDateTime.toDatabase(now));
                insert.executeUpdate(); // a lost race throws 1062 here: JdbcTransaction retries and loads
            }
            return created;
        });
    }

    private static Optional<CertificateAuthority> load(Connection c, MasterKey masterKey) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT certificate_pem, private_key_sealed FROM pki_ca WHERE id = ?")) {
            select.setInt(1, ROW);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] key = masterKey.decrypt(PURPOSE, String.valueOf(ROW), row.getBytes(2));
                return Optional.of(CertificateAuthority.restore(row.getString(1), key));
            }
        }
    }
}
