package org.tunnelgate.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the cluster page shows, read from the database the instances share: every controller
 * instance that ever proved it could write (its {@link WriteProbe} row: version, start, last
 * successful write) and the state of the Galera node this instance talks to.
 *
 * <p>keepalived asks each instance's {@code /health/ready} about once a second, and every ready
 * answer commits that instance's probe row; so an instance whose row is older than {@link #READY_WITHIN}
 * is one keepalived does not see as ready (or one nobody asks: a single server without keepalived).
 */
@ApplicationScoped
public class ClusterState {

    public static final Duration READY_WITHIN = Duration.ofSeconds(5);

    /** One controller instance as the database knows it. */
    public record Instance(String name, String version, Instant startedAt, Instant lastWrite, boolean ready) {}

    /** The Galera node this instance is connected to; {@code wsrep_*} values, empty without Galera. */
    public record Database(Map<String, String> status) {}

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    /** Every instance that ever wrote its probe row, by name. */
    public List<Instance> instances() {
        return instances(dataSource, clock.instant());
    }

    /** The Galera node that answered this request. */
    public Database database() {
        return database(dataSource);
    }

    static List<Instance> instances(DataSource dataSource, Instant now) {
        List<Instance> instances = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT instance_name, version, started_at, probed_at FROM cluster_write_probe ORDER BY instance_name");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Instant lastWrite = utc(r, 4);
                instances.add(new Instance(r.getString(1), r.getString(2), utc(r, 3), lastWrite,
                        !lastWrite.isBefore(now.minus(READY_WITHIN))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the controller instances: " + e.getMessage(), e);
        }
        return instances;
    }

    /** {@code wsrep_cluster_size}, {@code wsrep_cluster_status}, {@code wsrep_local_state_comment}, … */
    static Database database(DataSource dataSource) {
        Map<String, String> status = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_cluster_status',"
                        + " 'wsrep_local_state_comment', 'wsrep_ready', 'wsrep_connected', 'wsrep_incoming_addresses',"
                        + " 'wsrep_node_name')");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                status.put(r.getString(1).toLowerCase(java.util.Locale.ROOT), r.getString(2));
            }
            try (PreparedStatement v = c.prepareStatement("SELECT @@wsrep_node_name, @@port"); ResultSet n = v.executeQuery()) {
                if (n.next()) {
                    status.put("wsrep_node_name", n.getString(1));
                    status.put("port", n.getString(2));
                }
            } catch (SQLException e) {
                // not a Galera server: no wsrep_node_name variable
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database cluster state: " + e.getMessage(), e);
        }
        return new Database(status);
    }

    private static Instant utc(ResultSet r, int column) throws SQLException {
        return r.getTimestamp(column).toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
