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
        audited(actor, "account.disable", name, () -> {
            if (actor.equals(name)) {
                throw AccountRefused.forbidden("You cannot disable your own account.");
            }
            accounts.disable(name);
            return null;
        });
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

    private void requireAdmin(String actor) {
        boolean admin = accounts.findByName(actor).map(a -> a.isAdmin() && a.isEnabled()).orElse(false);
        if (!admin) {
            throw AccountRefused.forbidden("Only administrators may manage accounts.");
        }
    }
}
