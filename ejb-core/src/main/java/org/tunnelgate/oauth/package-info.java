/**
 * The OAuth 2 authorization server the eduVPN and Let's Connect! apps talk to: the clients we know,
 * the authorizations people grant them, and the short-lived codes and tokens derived from those (of
 * which only SHA-256 hashes are ever stored).
 */
package org.tunnelgate.oauth;
