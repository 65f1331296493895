package org.tunnelgate.account.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.account.AccountRefused;
import org.tunnelgate.account.control.PasswordHasher;
import org.tunnelgate.account.control.PasswordPolicy;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;

/**
 * Local accounts: who exists, their role and state, an admin's password reset. Other components
 * look people up here ({@link #findByName}); logging in and the owner's password change are
 * {@link Logins}.
 */
@Stateless
public class Accounts {

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

    /**
     * Takes the admin guard for the rest of the transaction: a change that may take an enabled
     * admin away calls this before it reads anything, so that it counts the enabled admins only
     * after the change before it committed (one MariaDB: the row lock; Galera: the second writer of
     * the row fails certification). See {@code V7_6__admin_guard.sql}.
     */
    public void guardAdmins() {
        em.createNativeQuery("UPDATE admin_guard SET changes = changes + 1 WHERE id = 1").executeUpdate();
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

    /** The account of that name, or {@code AccountRefused} (not found). */
    public Account existing(String name) {
        return findByName(name).orElseThrow(() -> AccountRefused.notFound("There is no account named " + name + "."));
    }
}
