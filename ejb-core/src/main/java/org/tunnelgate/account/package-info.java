/**
 * People who log in: local accounts with Argon2id password hashes, roles {@code user} and
 * {@code admin}, enabling and disabling, throttling of failed logins, and the command-line tool
 * operators use to manage accounts without the portal.
 */
package org.tunnelgate.account;
