/**
 * The VPN nodes: the registry of machines that carry tunnels, their hosts and WireGuard keys, and the
 * one seam through which the controller reaches them.
 */
package org.tunnelgate.node;
