package org.tunnelgate.portal.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;

/** The logged-in person as pages see it: {@code #{currentUser.name}}, {@code #{currentUser.admin}}. */
@Named
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityContext security;

    public boolean isLoggedIn() {
        return security.getCallerPrincipal() != null;
    }

    public String getName() {
        Principal caller = security.getCallerPrincipal();
        return caller == null ? null : caller.getName();
    }

    public boolean isAdmin() {
        return security.isCallerInRole(Roles.ADMIN);
    }
}
