/**
 * VPN configurations: issuing them (WireGuard addresses, OpenVPN certificates), removing and expiring
 * them, and telling the nodes.
 */
package org.tunnelgate.peer;
