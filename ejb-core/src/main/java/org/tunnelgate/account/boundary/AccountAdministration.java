package org.tunnelgate.account.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.tunnelgate.account.AccountRefused;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.account.entity.Role;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;

/**
 * What administrators do to other people's accounts. Every operation first checks, against the
 * database, that the acting account is an enabled admin, and every attempt lands in the audit
 * trail with who / what / target / outcome — refusals included.
 */
@Stateless
public class AccountAdministration {

    @Inject
    Accounts accounts;

    @Inject
    AuditTrail audit;

    public Account create(String actor, String name, String password, Role role) {
        String action = role == Role.ADMIN ? "account.create-admin" : "account.create";
        return audited(actor, action, name, () -> accounts.create(name, password, role));
    }

    public void disable(String actor, String name) {
        guarded(actor, "account.disable", name, () -> {
            if (actor.equals(name)) {
                throw AccountRefused.forbidden("You cannot disable your own account.");
            }
            refuseIfLastAdmin(name, "disable");
            accounts.disable(name);
            return null;
        });
    }

    /**
     * Deletes an account that is already disabled: disabling is what ends its configurations on
     * the nodes and its apps' authorizations (observers of {@link AccountDisabled}), which the
     * console and the API therefore do first. The rows that remain go with the account.
     */
    public void delete(String actor, String name) {
        audited(actor, "account.delete", name, () -> {
            if (actor.equals(name)) {
                throw AccountRefused.forbidden("You cannot delete your own account.");
            }
            Account account = accounts.findByName(name)
                    .orElseThrow(() -> AccountRefused.notFound("There is no account named " + name + "."));
            if (account.isEnabled()) {
                throw AccountRefused.conflict("Disable " + name + " before deleting the account.");
            }
            accounts.delete(name);
            return null;
        });
    }

    public void resetPassword(String actor, String name, String newPassword) {
        audited(actor, "account.reset-password", name, () -> {
            accounts.resetPassword(name, newPassword);
            return null;
        });
    }

    public void changeRole(String actor, String name, Role role) {
        String action = role == Role.ADMIN ? "account.make-admin" : "account.make-user";
        Supplier<Void> change = () -> {
            if (role != Role.ADMIN) {
                if (actor.equals(name)) {
                    throw AccountRefused.forbidden("You cannot take the admin role from yourself; ask another admin.");
                }
                refuseIfLastAdmin(name, "take the admin role from");
            }
            accounts.changeRole(name, role);
            return null;
        };
        if (role == Role.ADMIN) {
            audited(actor, action, name, change);
        } else {
            guarded(actor, action, name, change);
        }
    }

    public void enable(String actor, String name) {
        audited(actor, "account.enable", name, () -> {
            accounts.enable(name);
            return null;
        });
    }

    private <T> T audited(String actor, String action, String target, Supplier<T> operation) {
        return AuditedChange.run(audit::record, actor, action, target, () -> {
            requireAdmin(actor);
            return operation.get();
        });
    }

    /**
     * {@link #audited} for a change that may take an enabled admin away: the admin guard comes
     * first, before anything is read, so that concurrent disables and demotions — from two admins,
     * on two instances, on two Galera nodes — cannot together remove the last enabled admin.
     */
    private <T> T guarded(String actor, String action, String target, Supplier<T> operation) {
        return AuditedChange.run(audit::record, actor, action, target, () -> {
            accounts.guardAdmins(); // first: the enabled admins are counted after the change before this one
            requireAdmin(actor);
            return operation.get();
        });
    }

    /** The service must keep one enabled admin, or nobody can run it from the console again. */
    private void refuseIfLastAdmin(String name, String verb) {
        boolean enabledAdmin = accounts.findByName(name).map(a -> a.isAdmin() && a.isEnabled()).orElse(false);
        if (enabledAdmin && accounts.enabledAdmins() <= 1) {
            throw AccountRefused.conflict("You cannot " + verb + " the last enabled admin.");
        }
    }

    private void requireAdmin(String actor) {
        boolean admin = accounts.findByName(actor).map(a -> a.isAdmin() && a.isEnabled()).orElse(false);
        if (!admin) {
            throw AccountRefused.forbidden("Only administrators may manage accounts.");
        }
    }
}
