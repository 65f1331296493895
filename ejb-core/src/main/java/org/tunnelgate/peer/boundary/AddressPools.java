package org.tunnelgate.peer.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.tunnelgate.peer.entity.PoolUse;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.IpPrefix;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileNode;
import org.tunnelgate.profile.entity.Protocol;

/**
 * How full the profiles' address pools are, for the admin dashboard and its warnings. A pool is
 * a profile's IPv4 range for one protocol, split among the nodes that serve it; every node share
 * loses its network, its own and its broadcast address ({@code AddressPool}). Plain-JDBC reads in
 * transactions of their own, as {@link Configurations} does.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class AddressPools {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Profiles profiles;

    /** One line per profile and protocol it offers, in display order. */
    public List<PoolUse> use() {
        Map<String, Long> used = usedAddresses();
        List<PoolUse> pools = new ArrayList<>();
        for (Profile profile : profiles.all()) {
            for (Protocol protocol : profile.protocols()) {
                long capacity = profile.nodes().stream().mapToLong(share -> capacity(share, protocol)).sum();
                pools.add(new PoolUse(profile.profileId(), protocol,
                        used.getOrDefault(profile.profileId() + "/" + protocol.name(), 0L), capacity));
            }
        }
        return pools;
    }

    /** How many configurations a profile has (the console refuses to delete a profile in use). */
    public long configurationsOf(String profileId) {
        return JdbcTransaction.run(dataSource, c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM vpn_configuration WHERE profile_id = ?")) {
                count.setString(1, profileId);
                try (ResultSet r = count.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    /** The configurations of a profile as {id, account id} pairs, for removing them one by one ({@link Configurations#delete}). */
    public List<long[]> configurationIdsOf(String profileId) {
        return JdbcTransaction.run(dataSource, c -> {
            List<long[]> ids = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id, account_id FROM vpn_configuration WHERE profile_id = ? ORDER BY id")) {
                select.setString(1, profileId);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        ids.add(new long[] {r.getLong(1), r.getLong(2)});
                    }
                }
            }
            return ids;
        });
    }

    private Map<String, Long> usedAddresses() {
        return JdbcTransaction.run(dataSource, c -> {
            Map<String, Long> counts = new HashMap<>();
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT profile_id, protocol, COUNT(*) FROM vpn_configuration GROUP BY profile_id, protocol");
                 ResultSet r = count.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString(1) + "/" + Protocol.valueOf(r.getString(2).toUpperCase(java.util.Locale.ROOT)).name(),
                            r.getLong(3));
                }
            }
            return counts;
        });
    }

    private static long capacity(ProfileNode share, Protocol protocol) {
        IpPrefix range = protocol == Protocol.WIREGUARD ? share.wireguardIpv4Range() : share.openvpnIpv4Range();
        if (range == null || range.hostBits() < 2) {
            return 0;
        }
        return (1L << Math.min(range.hostBits(), 40)) - 3;
    }
}
