/**
 * The Tunnelgate node agent: a Java SE program on every VPN node that owns the node's WireGuard
 * interfaces and OpenVPN processes, applies the desired state the controller sends over a
 * mutual-TLS API, and keeps every tunnel up when no controller answers.
 *
 * <p>{@link org.tunnelgate.agent.Main} runs the agent or the {@code enroll} command;
 * {@link org.tunnelgate.agent.Agent} wires the parts. Packages, top to bottom (each uses only those
 * below it; {@code PackageGraphTest} keeps it so): {@code enroll} (joining a controller),
 * {@code http} (the API and its endpoints), {@code wireguard} and {@code openvpn} (the data-plane
 * drivers), {@code controller} (calls home), {@code apply} (the apply logic and its data-plane seam),
 * {@code tls}, {@code state} (the desired state as data), and the leaves {@code json} and
 * {@code system} (programs, files, host facts).
 */
package org.tunnelgate.agent;
