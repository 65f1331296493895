package org.tunnelgate.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * This controller instance as the cluster sees it: an id that is new at every start (a restarted
 * instance is a new holder of its leases), a heartbeat row every few seconds, and the gate every
 * scheduled job passes through ({@link #claim}, see {@link ClusterJobs}).
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ControllerInstance {

    private static final Logger LOG = Logger.getLogger(ControllerInstance.class.getName());

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    private final String id = UUID.randomUUID().toString();
    private Instant startedAt;

    @PostConstruct
    void started() {
        startedAt = clock.instant();
    }

    public String id() {
        return id;
    }

    /**
     * How long a job stays with an instance that stopped ticking: then a survivor takes it over.
     * Every job ticks at least every 2 s, so a live holder renews its lease at least twice within
     * it even through a Galera eviction (writes stall ~3 s); a holder that stalls longer loses the
     * job, which is harmless (each period runs once whoever holds it). Measured in HaClusterIT:
     * a killed holder's jobs run on the survivor within this plus one tick.
     */
    public static final Duration LEASE = Duration.ofSeconds(6);

    /**
     * A period of {@code job} for this instance to run now, or empty (another instance holds the
     * job, or the period already ran). Call it at every tick: it also renews the lease.
     */
    public Optional<ClusterJobs.Run> claim(String job, Duration period) {
        try {
            return ClusterJobs.claim(dataSource, job, id, period, LEASE, clock.instant());
        } catch (RuntimeException e) {
            LOG.warning(() -> "cannot claim job " + job + " (database unavailable?): " + e.getMessage());
            return Optional.empty();
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void heartbeat() {
        try {
            ClusterJobs.heartbeat(dataSource, id, host(), startedAt, clock.instant());
        } catch (RuntimeException e) {
            LOG.warning(() -> "heartbeat failed: " + e.getMessage());
        }
    }

    private static String host() {
        String instance = System.getProperty("com.sun.aas.instanceName", "");
        try {
            return InetAddress.getLocalHost().getHostName() + (instance.isEmpty() ? "" : "/" + instance);
        } catch (UnknownHostException e) {
            return "unknown" + (instance.isEmpty() ? "" : "/" + instance);
        }
    }
}
