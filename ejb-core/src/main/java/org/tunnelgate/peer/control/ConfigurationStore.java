package org.tunnelgate.peer.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tunnelgate.peer.entity.IssuedConfiguration;
import org.tunnelgate.platform.UtcDateTime;
import org.tunnelgate.profile.entity.Protocol;

/**
 * The {@code vpn_configuration} table in plain JDBC, on a connection whose transaction the caller
 * owns. Plain JDBC because issuing a configuration is the hot path and its correctness depends on
 * reacting to individual duplicate-key errors inside one transaction, which JPA cannot express.
 * Times are stored as UTC {@code DATETIME(6)}, like every other table.
 */
public final class ConfigurationStore {

    /** Who a new configuration is for and how long it lasts — what every protocol's row shares. */
    public record Owner(long accountId, Long authorizationId, String displayName, String profileId,
                        Instant createdAt, Instant expiresAt) {}

    /** A WireGuard peer: on which node, with which key and (once allocated) which address. */
    public record WireGuardPeer(String nodeName, String publicKey, Long host, String ipv4, String ipv6) {}

    /** An OpenVPN client certificate. */
    public record ClientCertificate(String serial, String commonName) {}

    /** A row to insert (everything but the id): the owner plus the protocol's own part. */
    public record NewRow(Owner owner, Protocol protocol, WireGuardPeer wireGuard, ClientCertificate certificate) {

        /** A WireGuard row whose address is not chosen yet. */
        public static NewRow wireGuard(Owner owner, String nodeName, String publicKey) {
            return new NewRow(owner, Protocol.WIREGUARD, new WireGuardPeer(nodeName, publicKey, null, null, null), null);
        }

        public static NewRow openVpn(Owner owner, String serial, String commonName) {
            return new NewRow(owner, Protocol.OPENVPN, null, new ClientCertificate(serial, commonName));
        }

        public NewRow withWireGuardAddress(long host, String ipv4, String ipv6) {
            return new NewRow(owner, protocol,
                    new WireGuardPeer(wireGuard.nodeName(), wireGuard.publicKey(), host, ipv4, ipv6), null);
        }

        public IssuedConfiguration withId(long id) {
            WireGuardPeer wg = wireGuard != null ? wireGuard : new WireGuardPeer(null, null, null, null, null);
            ClientCertificate cert = certificate != null ? certificate : new ClientCertificate(null, null);
            return new IssuedConfiguration(id, owner.accountId(), owner.authorizationId(), owner.displayName(),
                    owner.profileId(), protocol, wg.nodeName(), wg.publicKey(), wg.host(), wg.ipv4(), wg.ipv6(),
                    cert.serial(), cert.commonName(), owner.createdAt(), owner.expiresAt());
        }
    }

    /** At most one configuration per app authorization: two connects of one app race on this key. */
    static final String AUTHORIZATION_KEY = "uq_configuration_authorization";

    private static final String COLUMNS = "id, account_id, authorization_id, display_name, profile_id, protocol, "
            + "node_name, wg_public_key, wg_host, ipv4, ipv6, cert_serial, cert_common_name, created_at, expires_at";

    private ConfigurationStore() {}

    public static long insert(Connection c, NewRow row) throws SQLException {
        IssuedConfiguration r = row.withId(0);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO vpn_configuration (account_id, "
                + "authorization_id, display_name, profile_id, protocol, node_name, wg_public_key, wg_host, ipv4, "
                + "ipv6, cert_serial, cert_common_name, created_at, expires_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, r.accountId());
            setLong(insert, 2, r.authorizationId());
            insert.setString(3, r.displayName());
            insert.setString(4, r.profileId());
            insert.setString(5, r.protocol().apiName());
            insert.setString(6, r.nodeName());
            insert.setString(7, r.wireGuardPublicKey());
            setLong(insert, 8, r.wireGuardHost());
            insert.setString(9, r.ipv4());
            insert.setString(10, r.ipv6());
            insert.setString(11, r.certificateSerial());
            insert.setString(12, r.certificateCommonName());
            insert.setObject(13, UtcDateTime.toDatabase(r.createdAt()));
            insert.setObject(14, UtcDateTime.toDatabase(r.expiresAt()));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Takes the account's issuing lock for the rest of the transaction: writes its row, so that a
     * second issuing transaction of the same account waits here until this one has committed (and
     * then counts what this one added), and — on Galera, where row locks are not replicated — one of
     * two instances issuing for the same account at once fails certification and is repeated.
     * Only this account's row is touched: no row that all accounts share.
     *
     * @return false when the account does not exist or is disabled (nothing may be issued for it)
     */
    public static boolean lockAccountForIssuing(Connection c, long accountId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "UPDATE account SET issuing_serial = issuing_serial + 1 WHERE id = ? AND enabled = TRUE")) {
            lock.setLong(1, accountId);
            return lock.executeUpdate() == 1;
        }
    }

    /** How many configurations the account created in the portal (not through an app) for a profile. */
    public static int countPortalConfigurations(Connection c, long accountId, String profileId) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM vpn_configuration "
                + "WHERE account_id = ? AND profile_id = ? AND authorization_id IS NULL")) {
            count.setLong(1, accountId);
            count.setString(2, profileId);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** Removes what an app authorization has (at most one row) and returns what was removed. */
    public static List<IssuedConfiguration> deleteByAuthorization(Connection c, long authorizationId) throws SQLException {
        return deleteAll(c, select(c, "authorization_id = ?", authorizationId));
    }

    /**
     * Makes room for an app authorization's new configuration: removes what the authorization had
     * and, of the account's other app configurations, the oldest beyond {@code keep} (the per-account
     * cap minus the new one); returns what was removed. One read of the account's app
     * configurations and at most one delete: this runs on every app {@code /connect}.
     */
    public static List<IssuedConfiguration> makeRoomForApp(Connection c, long accountId, long authorizationId, int keep)
            throws SQLException {
        List<IssuedConfiguration> apps = select(c,
                "account_id = ? AND authorization_id IS NOT NULL ORDER BY created_at, id", accountId);
        List<IssuedConfiguration> leaving = new ArrayList<>();
        List<IssuedConfiguration> staying = new ArrayList<>();
        for (IssuedConfiguration app : apps) {
            (app.authorizationId() == authorizationId ? leaving : staying).add(app);
        }
        int excess = staying.size() - keep;
        if (excess > 0) {
            leaving.addAll(staying.subList(0, excess));
        }
        return deleteAll(c, leaving);
    }

    public static List<IssuedConfiguration> byProfile(Connection c, String profileId) throws SQLException {
        return select(c, "profile_id = ? ORDER BY account_id, id", profileId);
    }

    public static List<IssuedConfiguration> byAccount(Connection c, long accountId) throws SQLException {
        return select(c, "account_id = ? ORDER BY created_at, id", accountId);
    }

    public static Optional<IssuedConfiguration> deleteOwned(Connection c, long accountId, long id) throws SQLException {
        List<IssuedConfiguration> rows = select(c, "id = ? AND account_id = ?", id, accountId);
        return deleteAll(c, rows).stream().findFirst();
    }

    public static List<IssuedConfiguration> deleteByAccount(Connection c, long accountId) throws SQLException {
        return deleteAll(c, select(c, "account_id = ?", accountId));
    }

    /** Removes up to {@code limit} configurations that expired before {@code now}. */
    public static List<IssuedConfiguration> deleteExpired(Connection c, Instant now, int limit) throws SQLException {
        return deleteAll(c, select(c, "expires_at <= ? ORDER BY expires_at LIMIT " + Math.max(1, limit), UtcDateTime.toDatabase(now)));
    }

    /**
     * Removes up to {@code limit} configurations of disabled accounts: a disabled person's VPN
     * must stop working, whatever they downloaded before.
     */
    public static List<IssuedConfiguration> deleteOfDisabledAccounts(Connection c, int limit) throws SQLException {
        return deleteAll(c, select(c, "account_id IN (SELECT id FROM account WHERE enabled = FALSE) ORDER BY id LIMIT "
                + Math.max(1, limit)));
    }

    /**
     * Deletes the rows in one statement and returns those this call removed: another instance may
     * have removed one first ({@code DELETE … RETURNING}, MariaDB's, says which).
     */
    private static List<IssuedConfiguration> deleteAll(Connection c, List<IssuedConfiguration> rows) throws SQLException {
        List<IssuedConfiguration> deleted = new ArrayList<>();
        if (rows.isEmpty()) {
            return deleted;
        }
        Set<Long> gone = new HashSet<>();
        // the list is padded (repeating the last id) to a power of two: a sweep's many sizes would
        // otherwise each be a statement of their own and push the hot path's out of the pool's cache
        int parameters = Integer.highestOneBit(rows.size()) == rows.size() ? rows.size() : Integer.highestOneBit(rows.size()) << 1;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM vpn_configuration WHERE id IN ("
                + String.join(", ", Collections.nCopies(parameters, "?")) + ") RETURNING id")) {
            for (int i = 0; i < parameters; i++) {
                delete.setLong(i + 1, rows.get(Math.min(i, rows.size() - 1)).id());
            }
            try (ResultSet r = delete.executeQuery()) {
                while (r.next()) {
                    gone.add(r.getLong(1));
                }
            }
        }
        rows.stream().filter(row -> gone.contains(row.id())).forEach(deleted::add);
        return deleted;
    }

    private static List<IssuedConfiguration> select(Connection c, String where, Object... parameters) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM vpn_configuration WHERE " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<IssuedConfiguration> rows = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(new IssuedConfiguration(r.getLong(1), r.getLong(2), (Long) r.getObject(3, Long.class),
                            r.getString(4), r.getString(5), Protocol.fromApiName(r.getString(6)).orElseThrow(),
                            r.getString(7), r.getString(8), r.getObject(9, Long.class), r.getString(10),
                            r.getString(11), r.getString(12), r.getString(13),
                            UtcDateTime.read(r, 14),
                            UtcDateTime.read(r, 15)));
                }
            }
            return rows;
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

}
