package org.tunnelgate.account.boundary;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Duration;
import java.util.logging.Logger;
import org.tunnelgate.platform.ControllerInstance;

/**
 * Deletes failed-login rows that no longer count, every {@link #PERIOD} once for the whole cluster
 * (see {@link ControllerInstance#claim}). The delete itself would be harmless twice, but two
 * instances deleting the same range on two Galera nodes conflict at commit, and one of them only
 * logs a failure.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LoginFailureSweeper {

    static final String JOB = "login-failure-sweep";
    static final Duration PERIOD = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(LoginFailureSweeper.class.getName());

    @EJB
    Logins logins;

    @EJB
    ControllerInstance instance;

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
    void tick() {
        instance.claim(JOB, PERIOD).ifPresent(run -> {
            try {
                logins.forgetOldLoginFailures();
            } catch (RuntimeException e) {
                LOG.warning(() -> "login-failure sweep failed, the next period retries: " + e);
            }
        });
    }
}
