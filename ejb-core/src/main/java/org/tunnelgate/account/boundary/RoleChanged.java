package org.tunnelgate.account.boundary;

/** Fired (inside the changing transaction) when an account's role changed: profiles it may use can differ now. */
public record RoleChanged(long accountId, String name) {}
