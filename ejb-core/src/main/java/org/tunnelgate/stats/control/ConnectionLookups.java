package org.tunnelgate.stats.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.platform.UtcDateTime;
import org.tunnelgate.stats.entity.ConnectionFilter;
import org.tunnelgate.stats.entity.LoggedConnection;

/**
 * Reading the connection log ({@link ConnectionStore} writes it): who had an address at a moment,
 * the live sessions, an account's sessions, one session. Keyset paging on the id, newest first.
 */
public final class ConnectionLookups {

    private static final String COLUMNS = "SELECT id, configuration_id, account_id, account_name, profile_id,"
            + " node_name, protocol, ipv4, ipv6, origin, connected_at, disconnected_at, bytes_in, bytes_out FROM connection_log";

    private ConnectionLookups() {}

    /** Who had this VPN address (IPv4 or IPv6, as written) at that moment: the sessions that covered it. */
    public static List<LoggedConnection> at(Connection c, String address, Instant when) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COLUMNS + " WHERE (ipv4 = ? OR ipv6 = ?) AND connected_at <= ?"
                + " AND (disconnected_at IS NULL OR disconnected_at >= ?) ORDER BY connected_at LIMIT 100")) {
            s.setString(1, address);
            s.setString(2, address);
            s.setObject(3, UtcDateTime.toDatabase(when));
            s.setObject(4, UtcDateTime.toDatabase(when));
            return rows(s);
        }
    }

    /**
     * The sessions that last now, newest first, narrowed by the filter; keyset paging on the id
     * ({@code beforeId} 0: from the newest). Served by the index on {@code (disconnected_at, id)}.
     */
    public static List<LoggedConnection> live(Connection c, ConnectionFilter filter, long beforeId, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE disconnected_at IS NULL");
        List<String> values = new ArrayList<>();
        narrow(sql, values, "profile_id", filter.profileId());
        narrow(sql, values, "node_name", filter.nodeName());
        narrow(sql, values, "account_name", filter.accountName());
        narrow(sql, values, "protocol", filter.protocol());
        if (beforeId > 0) {
            sql.append(" AND id < ").append(beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                s.setString(i + 1, values.get(i));
            }
            return rows(s);
        }
    }

    private static void narrow(StringBuilder sql, List<String> values, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            values.add(value);
        }
    }

    /** Every session of an account (by its name, which the log keeps after the account is gone), newest first. */
    public static List<LoggedConnection> ofAccount(Connection c, String accountName, long beforeId, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COLUMNS + " WHERE account_name = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
            s.setString(1, accountName);
            s.setLong(2, beforeId > 0 ? beforeId : Long.MAX_VALUE);
            s.setInt(3, limit);
            return rows(s);
        }
    }

    /** One session by its id. */
    public static Optional<LoggedConnection> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COLUMNS + " WHERE id = ?")) {
            s.setLong(1, id);
            return rows(s).stream().findFirst();
        }
    }

    private static List<LoggedConnection> rows(PreparedStatement s) throws SQLException {
        List<LoggedConnection> found = new ArrayList<>();
        try (ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                found.add(new LoggedConnection(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                        rows.getString(10), UtcDateTime.read(rows, 11), UtcDateTime.read(rows, 12), rows.getLong(13),
                        rows.getLong(14)));
            }
        }
        return found;
    }
}
