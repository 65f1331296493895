package org.tunnelgate.account.boundary;

/**
 * Fired (inside the disabling transaction) when an account is disabled, so that components above
 * this one — configurations, app authorizations, nodes — can end what the account still has without
 * the account component knowing them. Observe with {@code during = AFTER_SUCCESS} to act only when
 * the disabling committed.
 */
public record AccountDisabled(long accountId, String name) {}
