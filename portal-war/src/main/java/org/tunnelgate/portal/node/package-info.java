/**
 * The endpoints the node agents call: {@code /node/enroll} (once, with a one-time token) and the
 * OpenVPN admission calls {@code /node/openvpn/*} over mutual TLS on the node listener.
 */
package org.tunnelgate.portal.node;
