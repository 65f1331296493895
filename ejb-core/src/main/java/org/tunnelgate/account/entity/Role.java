package org.tunnelgate.account.entity;

import java.util.Locale;

/** What an account may do. The lower-case name is the Jakarta Security role (see docs/development.md). */
public enum Role {
    USER,
    ADMIN;

    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
