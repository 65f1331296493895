package org.tunnelgate.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.tunnelgate.account.boundary.Logins;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.platform.ConflictRetry;

/**
 * Checks names and passwords against the local accounts. All rules (hashing, disabled accounts,
 * throttling, same answer for unknown names) live in {@link Accounts}; this only translates.
 */
@ApplicationScoped
public class AccountIdentityStore implements IdentityStore {

    @Inject
    Logins logins;

    @Inject
    ClientAddress clientAddress;

    @Inject
    HttpServletRequest request;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String address = clientAddress.of(request);
        // repeatable: a login repeated after a lost connection records at most its bookkeeping twice
        return ConflictRetry.repeatable(() -> logins.authenticate(login.getCaller(), login.getPasswordAsString(), address))
                .map(account -> new CredentialValidationResult(account.getName(), groupsOf(account)))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    /** Admins hold both roles: everything a user may do, an admin may do too. */
    static Set<String> groupsOf(Account account) {
        return account.isAdmin() ? Set.of(Roles.USER, Roles.ADMIN) : Set.of(Roles.USER);
    }
}
