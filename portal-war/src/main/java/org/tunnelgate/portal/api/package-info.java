/**
 * The VPN-app API (eduVPN / Let's Connect! API v3): discovery, the bearer check, {@code /info},
 * {@code /connect} and {@code /disconnect}, byte for byte as {@code api-v3.md} says, because the apps
 * compare headers literally.
 */
package org.tunnelgate.portal.api;
