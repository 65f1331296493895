package org.tunnelgate.peer.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.tunnelgate.platform.ClusterJobs;
import org.tunnelgate.platform.ControllerInstance;

/**
 * Frees the addresses of expired configurations, and removes those of disabled accounts, once a
 * minute for the whole cluster (one instance runs each period, see {@link ControllerInstance#claim};
 * another takes over when it dies). Each removal is pushed to the configuration's node at once by
 * {@link Configurations}. The same job forgets scheduler records older than a day.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ConfigurationExpiry {

    static final Duration PERIOD = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(ConfigurationExpiry.class.getName());
    private static final int BATCH = 500;

    @EJB
    Configurations configurations;

    @EJB
    ControllerInstance instance;

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    private static int drain(java.util.function.IntUnaryOperator batch) {
        int total = 0;
        int removed;
        do {
            removed = batch.applyAsInt(BATCH);
            total += removed;
        } while (removed == BATCH);
        return total;
    }

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
    void tick() {
        instance.claim("configuration-expiry", PERIOD).ifPresent(run -> sweep());
    }

    void sweep() {
        try {
            int expired = drain(configurations::removeExpired);
            int disabled = drain(configurations::removeOfDisabledAccounts);
            if (expired + disabled > 0) {
                LOG.info(() -> "removed " + expired + " expired VPN configurations and " + disabled
                        + " of disabled accounts");
            }
            ClusterJobs.prune(dataSource, Duration.ofDays(1), clock.instant());
        } catch (RuntimeException e) {
            LOG.warning(() -> "expiry sweep failed, the next period retries: " + e);
        }
    }
}
