/**
 * The OAuth 2 authorization server the eduVPN and Let's Connect! apps talk to: the clients we know,
 * the authorizations people grant them, and the short-lived codes and tokens derived from those.
 * Only SHA-256 hashes of codes and tokens are ever stored.
 */
package org.tunnelgate.oauth;
