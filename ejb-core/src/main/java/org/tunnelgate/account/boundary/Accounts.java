package org.tunnelgate.account.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tunnelgate.account.AccountRefused;
import org.tunnelgate.account.control.JpaFailureLog;
import org.tunnelgate.account.control.LoginThrottle;
import org.tunnelgate.account.control.PasswordHasher;
import org.tunnelgate.account.control.PasswordPolicy;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.platform.UtcDateTime;

/**
 * Local accounts: who exists, who may log in, and their passwords. Other components look people
 * up here ({@link #findByName}); the portal's identity store calls {@link #authenticate}.
 */
@Stateless
public class Accounts {

    private static final Duration LAST_LOGIN_RESOLUTION = Duration.ofMinutes(1);

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @Inject
    Clock clock;

    @Inject
    Event<AccountDisabled> disabled;

    @Inject
    Event<PasswordChanged> passwordChanged;

    @Inject
    Event<RoleChanged> roleChanged;

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

    public Optional<Account> findByName(String name) {
        if (!Account.isValidName(name)) {
            return Optional.empty();
        }
        return em.createNamedQuery(Account.BY_NAME, Account.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    public List<Account> list() {
        return em.createNamedQuery(Account.ALL, Account.class).getResultList();
    }

    /**
     * One page of the accounts whose name contains {@code search} (all when blank), in name order,
     * starting after the name {@code after} (keyset paging: the unique index on {@code name} serves
     * every page equally fast, the last of 100,000 as fast as the first).
     */
    public List<Account> page(String search, String after, int size) {
        String text = search == null ? "" : search.strip();
        var query = text.isEmpty() ? em.createNamedQuery(Account.PAGE_ALL, Account.class)
                : em.createNamedQuery(Account.PAGE, Account.class).setParameter("pattern", "%" + likeEscaped(text) + "%");
        return query.setParameter("after", after == null ? "" : after).setMaxResults(size).getResultList();
    }

    /** How many enabled admins there are (an admin may not remove the last one). */
    public long enabledAdmins() {
        return em.createNamedQuery(Account.ENABLED_ADMINS, Long.class).setParameter("role", Role.ADMIN).getSingleResult();
    }

    /** Sets a new password without the old one (an admin's reset); the password policy still applies. */
    public void resetPassword(String name, String newPassword) {
        Account account = existing(name);
        PasswordPolicy.violation(name, newPassword).ifPresent(reason -> {
            throw AccountRefused.invalid(reason);
        });
        account.replacePasswordHash(hasher.hash(newPassword));
        account.endSessions();
        passwordChanged.fire(new PasswordChanged(account.getId(), name));
    }

    /** Changes the role and fires {@link RoleChanged}: profiles the account may no longer use lose its configurations. */
    public void changeRole(String name, Role role) {
        if (role == null) {
            throw AccountRefused.invalid("An account needs a role.");
        }
        Account account = existing(name);
        if (account.getRole() != role) {
            account.changeRole(role);
            roleChanged.fire(new RoleChanged(account.getId(), name));
        }
    }

    /**
     * Removes the account row; what belongs to it in the database (configurations, app
     * authorizations and their tokens) goes with it by foreign-key cascade. Callers end what lives
     * outside the database first (see {@code AccountAdministration#delete}).
     */
    public void delete(String name) {
        em.remove(existing(name));
        em.flush();
    }

    /** {@code text} with the LIKE wildcards and the escape character taken literally. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

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
        Optional<Account> account = findByName(name);
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

    public Account create(String name, String password, Role role) {
        if (!Account.isValidName(name)) {
            throw AccountRefused.invalid("An account name has 1 to 64 letters, digits or . _ @ - and starts with a letter or digit.");
        }
        PasswordPolicy.violation(name, password).ifPresent(reason -> {
            throw AccountRefused.invalid(reason);
        });
        if (role == null) {
            throw AccountRefused.invalid("An account needs a role.");
        }
        if (findByName(name).isPresent()) {
            throw AccountRefused.conflict("An account named " + name + " already exists.");
        }
        var account = new Account(name, hasher.hash(password), role, clock.instant());
        try {
            em.persist(account);
            em.flush(); // a concurrent create of the same name fails here, not at commit
        } catch (PersistenceException e) {
            throw AccountRefused.conflict("An account named " + name + " already exists.");
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
        Account account = existing(name);
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

    /** Disables the account and fires {@link AccountDisabled}, so what it still has can be ended. */
    public void disable(String name) {
        Account account = existing(name);
        account.disable();
        account.endSessions();
        disabled.fire(new AccountDisabled(account.getId(), name));
    }

    public void enable(String name) {
        existing(name).enable();
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

    private Account existing(String name) {
        return findByName(name).orElseThrow(() -> AccountRefused.notFound("There is no account named " + name + "."));
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
