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

    /** A running controller as the job scheduler knows it ({@code controller_instance}, see {@link ControllerInstance}). */
    public record Controller(String id, String host, Instant startedAt, Instant heartbeat) {}

    /** A cluster-wide job ({@code job_lease}): who holds it, until when, with which fencing token. */
    public record Job(String name, String holderId, String holderHost, long fencingToken, Instant leaseUntil) {}

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

    /** Every controller whose heartbeat row is there (rows of long-gone ones are pruned by housekeeping). */
    public List<Controller> controllers() {
        List<Controller> controllers = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT instance_id, host, started_at, heartbeat_at FROM controller_instance ORDER BY host, started_at");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                controllers.add(new Controller(r.getString(1), r.getString(2), UtcDateTime.read(r, 3), UtcDateTime.read(r, 4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the controllers: " + e.getMessage(), e);
        }
        return controllers;
    }

    /** Each cluster-wide job with its holder (the holder's host when its heartbeat row is there). */
    public List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT l.job, l.holder, i.host, l.fencing_token, l.lease_until FROM job_lease l"
                        + " LEFT JOIN controller_instance i ON i.instance_id = l.holder ORDER BY l.job");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                jobs.add(new Job(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), UtcDateTime.read(r, 5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the job leases: " + e.getMessage(), e);
        }
        return jobs;
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
                Instant lastWrite = UtcDateTime.read(r, 4);
                instances.add(new Instance(r.getString(1), r.getString(2), UtcDateTime.read(r, 3), lastWrite,
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
}
