/**
 * The endpoints the node agents call: {@code /node/enroll} (once, with a one-time token) and, later,
 * the OpenVPN admission calls over mutual TLS.
 */
package org.tunnelgate.portal.node;
