/**
 * Applying the desired state: the {@link org.tunnelgate.agent.apply.Reconciler} (generation rules,
 * state saved before the data plane is touched, partial failures, repair), the state file, and the
 * seam to the data plane ({@link org.tunnelgate.agent.apply.WireGuardPlane},
 * {@link org.tunnelgate.agent.apply.OpenVpnPlane}) that the {@code wireguard} and {@code openvpn}
 * drivers implement and unit tests fake.
 */
package org.tunnelgate.agent.apply;
