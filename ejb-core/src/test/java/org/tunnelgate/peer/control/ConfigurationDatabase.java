package org.tunnelgate.peer.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.tunnelgate.platform.Migrations;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.testsupport.MariaDbServer;

/** A fresh migrated database on the test MariaDB with the rows configurations refer to. */
final class ConfigurationDatabase {

    final MariaDbServer.Database database;

    ConfigurationDatabase() {
        database = MariaDbServer.shared().freshDatabase();
        Migrations.migrate(dataSource());
    }

    /** A separate pool of connections, as a second controller instance would have. */
    DataSource dataSource() {
        return database.dataSource();
    }

    long account(String name) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO account (name, password_hash, role, enabled, created_at) VALUES (?, 'x', 'USER', TRUE, NOW(6))",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The profile's row (configurations reference it) and its nodes' rows. */
    void profile(Profile profile) throws SQLException {
        try (Connection c = database.connect()) {
            for (var share : profile.nodes()) {
                try (PreparedStatement node = c.prepareStatement(
                        "INSERT IGNORE INTO vpn_node (name, public_host) VALUES (?, 'vpn.example.org')")) {
                    node.setString(1, share.nodeName());
                    node.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO vpn_profile (profile_id, display_name, "
                    + "protocols, host_names, dns_servers, dns_search_domains, routes, excluded_routes, permissions) "
                    + "VALUES (?, ?, 'wireguard', '', '', '', '', '', '')")) {
                insert.setString(1, profile.profileId());
                insert.setString(2, profile.displayName());
                insert.executeUpdate();
            }
        }
    }

    List<String> column(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        }
    }

    long count(String where) throws SQLException {
        return Long.parseLong(column("SELECT COUNT(*) FROM vpn_configuration WHERE " + where).get(0));
    }
}
