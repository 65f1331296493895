/** Jakarta Security wiring: the one authentication mechanism, the identity store and the roles. */
package org.tunnelgate.portal.security;
