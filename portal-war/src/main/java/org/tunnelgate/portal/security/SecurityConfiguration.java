package org.tunnelgate.portal.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.annotation.FacesConfig;

/**
 * Declares the roles and switches on Faces' CDI integration. The one authentication mechanism is
 * {@link PortalAuthenticationMechanism}; which URLs need which role is in {@code web.xml}.
 */
@DeclareRoles({Roles.USER, Roles.ADMIN})
@FacesConfig
@ApplicationScoped
public class SecurityConfiguration {}
