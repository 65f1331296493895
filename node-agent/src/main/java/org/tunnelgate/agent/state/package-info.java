/**
 * The desired state the controller sends (WireGuard interfaces with their complete peer sets,
 * OpenVPN profiles with their processes), its validation, its generation rules and its file on
 * disk. The {@link org.tunnelgate.agent.state.Reconciler} is the one place that changes the data
 * plane, one change at a time.
 */
package org.tunnelgate.agent.state;
