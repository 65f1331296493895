package org.tunnelgate.account.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tunnelgate.account.AccountRefused;
import org.tunnelgate.account.control.JpaFailureLog;
import org.tunnelgate.account.control.LoginThrottle;
import org.tunnelgate.account.control.PasswordHasher;
import org.tunnelgate.account.control.PasswordPolicy;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.platform.UtcDateTime;

/**
 * Who may log in with a password: the check the portal's identity store calls, the brake on
 * guessing ({@link LoginThrottle}, counted in the database so every instance sees the same
 * attempts), and the owner's password change, whose current password is checked like a login.
 */
@Stateless
public class Logins {

    private static final Duration LAST_LOGIN_RESOLUTION = Duration.ofMinutes(1);

    @PersistenceContext
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    PasswordHasher hasher;

    @Inject
    Clock clock;

    @Inject
    Event<PasswordChanged> passwordChanged;

    @Inject
    FailedPasswordChecks failedPasswordCheck;

    @Inject
    @ConfigProperty(name = "tunnelgate.login.max-failures", defaultValue = "5")
    int maxFailuresPerName; // per name and client address

    @Inject
    @ConfigProperty(name = "tunnelgate.login.free-failures-per-name", defaultValue = "10")
    int freeFailuresPerName;

    @Inject
    @ConfigProperty(name = "tunnelgate.login.max-delay-seconds", defaultValue = "60")
    int maxDelaySeconds;

    @Inject
    @ConfigProperty(name = "tunnelgate.login.max-failures-per-address", defaultValue = "50")
    int maxFailuresPerAddress;

    @Inject
    @ConfigProperty(name = "tunnelgate.login.failure-window-minutes", defaultValue = "15")
    int failureWindowMinutes;

    /**
     * The account when {@code password} is right, the account is enabled and the name and the
     * client address are not throttled; otherwise empty — always the same empty, so callers
     * cannot tell an unknown name from a wrong password or a disabled account. Unknown names
     * cost a dummy hash verification, so the response time tells nothing either.
     */
    public Optional<Account> authenticate(String name, String password, String clientAddress) {
        var throttle = throttle();
        if (throttle.refuses(name, clientAddress)) {
            return Optional.empty();
        }
        Optional<Account> account = accounts.findByName(name);
        boolean passwordOk;
        if (account.isEmpty() || password == null || password.length() > PasswordPolicy.MAX_LENGTH) {
            hasher.verifyNothing(password == null ? "" : password.substring(0, Math.min(password.length(), 64)));
            passwordOk = false;
        } else {
            passwordOk = hasher.verify(password, account.get().passwordHash());
        }
        if (!passwordOk || !account.get().isEnabled()) {
            throttle.failed(name, clientAddress);
            return Optional.empty();
        }
        Account found = account.get();
        throttle.succeeded(name, clientAddress);
        recordLogin(found);
        if (hasher.needsRehash(found.passwordHash())) {
            found.replacePasswordHash(hasher.hash(password));
        }
        return account;
    }

    /**
     * The owner changes their password. The current password is checked like a login — a wrong one
     * counts as a failed login for the name and the client address, and a throttled caller is
     * refused even with the right one — so a stolen session cannot be used to guess it. Every
     * portal session of the account ends (the caller keeps its own by taking the new
     * {@link Account#sessionEpoch()}), and observers of {@link PasswordChanged} end the apps'
     * tokens.
     *
     * @return the account's new session epoch, for the session that made the change
     */
    public long changePassword(String name, String currentPassword, String newPassword, String clientAddress) {
        Account account = accounts.existing(name);
        var throttle = throttle();
        if (throttle.refuses(name, clientAddress)) {
            throw AccountRefused.invalid("Too many wrong passwords. Wait a few minutes and try again.");
        }
        if (currentPassword == null || currentPassword.length() > PasswordPolicy.MAX_LENGTH
                || !hasher.verify(currentPassword, account.passwordHash())) {
            failedPasswordCheck.record(name, clientAddress);
            throw AccountRefused.invalid("The current password is not correct.");
        }
        PasswordPolicy.violation(name, newPassword).ifPresent(reason -> {
            throw AccountRefused.invalid(reason);
        });
        account.replacePasswordHash(hasher.hash(newPassword));
        account.endSessions();
        passwordChanged.fire(new PasswordChanged(account.getId(), name));
        return account.sessionEpoch();
    }

    /** Forgets failed logins that have left the throttling window (run by a sweeper). */
    public int forgetOldLoginFailures() {
        return new JpaFailureLog(em).forgetBefore(clock.instant().minus(window()));
    }

    /**
     * Notes the login time, at most once a minute and without touching the version: the admin API
     * authenticates every request, and concurrent requests (on different Galera nodes) must
     * neither collide on optimistic locking nor certify a write to the same row each time.
     */
    private void recordLogin(Account account) {
        Instant now = clock.instant();
        Instant last = account.getLastLoginAt();
        if (last == null || last.isBefore(now.minus(LAST_LOGIN_RESOLUTION))) {
            em.createNativeQuery("UPDATE account SET last_login_at = ? WHERE id = ?")
                    .setParameter(1, UtcDateTime.toDatabase(now))
                    .setParameter(2, account.getId())
                    .executeUpdate();
        }
    }

    private LoginThrottle throttle() {
        var limits = new LoginThrottle.Limits(maxFailuresPerName, maxFailuresPerAddress, freeFailuresPerName,
                Duration.ofSeconds(maxDelaySeconds), window());
        return new LoginThrottle(new JpaFailureLog(em), clock, limits);
    }

    private Duration window() {
        return Duration.ofMinutes(failureWindowMinutes);
    }
}
