/**
 * The HTTP face of the VPN-app API (eduVPN / Let's Connect! API v3): discovery, the OAuth authorize and
 * token endpoints with the consent page, the bearer check, {@code /info}, {@code /connect} and
 * {@code /disconnect}. The wire details follow {@code api-v3.md} to the byte, because the apps compare
 * headers literally.
 */
package org.tunnelgate.portal.api;
