package org.tunnelgate.portal.security;

/** The two roles (docs/development.md), as constants for annotations and EL. */
public final class Roles {

    public static final String USER = "user";
    public static final String ADMIN = "admin";

    private Roles() {}
}
