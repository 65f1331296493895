/**
 * The VPN nodes: the registry of machines that carry tunnels, their enrollment, health and load,
 * where new configurations go, and the one client through which the controller reaches their agents
 * (pushes, the desired state, reconciliation, the OpenVPN calls home).
 */
package org.tunnelgate.node;
