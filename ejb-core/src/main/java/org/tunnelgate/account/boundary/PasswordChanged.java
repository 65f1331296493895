package org.tunnelgate.account.boundary;

/** Fired (inside the changing transaction) when an account's password changed, by its owner or an admin. */
public record PasswordChanged(long accountId, String name) {}
