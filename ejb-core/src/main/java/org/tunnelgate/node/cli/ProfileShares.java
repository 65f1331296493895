package org.tunnelgate.node.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.platform.DatabaseTool.BadInput;
import org.tunnelgate.profile.entity.IpPrefix;

/**
 * {@code node add … --profile ID}: adds a node to a profile's nodes. The profile's ranges are split
 * anew between all its nodes (as the profile component does when an admin edits the list), so it is
 * refused while the profile has configurations, whose addresses belong to the old shares.
 */
final class ProfileShares {

    private ProfileShares() {}

    static void serve(Connection db, String profileId, String node) throws SQLException, BadInput {
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
}
