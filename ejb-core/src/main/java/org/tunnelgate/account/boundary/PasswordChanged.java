package org.tunnelgate.account.boundary;

/** Fired (inside the changing transaction) when a person changed their own password. */
public record PasswordChanged(long accountId, String name) {}
