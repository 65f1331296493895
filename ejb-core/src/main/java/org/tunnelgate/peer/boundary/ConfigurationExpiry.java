package org.tunnelgate.peer.boundary;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;

/**
 * Frees the addresses of expired configurations every minute. A non-persistent timer fires on
 * every controller instance; that is harmless here because the sweep is idempotent — each expired
 * row is deleted by exactly one instance (the others' deletes affect no row) — and cheap (an
 * index range scan on {@code expires_at}).
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ConfigurationExpiry {

    private static final Logger LOG = Logger.getLogger(ConfigurationExpiry.class.getName());
    private static final int BATCH = 500;

    @EJB
    Configurations configurations;

    @Schedule(hour = "*", minute = "*", second = "17", persistent = false)
    void sweep() {
        try {
            int total = 0;
            int removed;
            do {
                removed = configurations.removeExpired(BATCH);
                total += removed;
            } while (removed == BATCH);
            if (total > 0) {
                int count = total;
                LOG.info(() -> "removed " + count + " expired VPN configurations");
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "expiry sweep failed, will retry next minute: " + e);
        }
    }
}
