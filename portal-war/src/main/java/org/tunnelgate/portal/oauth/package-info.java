/** The OAuth 2 authorization server the apps talk to: authorize, consent and token endpoints. */
package org.tunnelgate.portal.oauth;
