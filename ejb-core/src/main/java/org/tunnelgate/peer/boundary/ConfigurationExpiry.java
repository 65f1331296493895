package org.tunnelgate.peer.boundary;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;

/**
 * Frees the addresses of expired configurations, and removes those of disabled accounts, every
 * minute. A non-persistent timer fires on
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

    private static int drain(java.util.function.IntUnaryOperator batch) {
        int total = 0;
        int removed;
        do {
            removed = batch.applyAsInt(BATCH);
            total += removed;
        } while (removed == BATCH);
        return total;
    }

    @Schedule(hour = "*", minute = "*", second = "17", persistent = false)
    void sweep() {
        try {
            int expired = drain(configurations::removeExpired);
            int disabled = drain(configurations::removeOfDisabledAccounts);
            if (expired + disabled > 0) {
                LOG.info(() -> "removed " + expired + " expired VPN configurations and " + disabled
                        + " of disabled accounts");
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "expiry sweep failed, will retry next minute: " + e);
        }
    }
}
