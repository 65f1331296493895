/**
 * The Tunnelgate node agent: a Java SE program on every VPN node that owns the node's WireGuard
 * interfaces and OpenVPN processes, applies the desired state the controller sends over a
 * mutual-TLS API, and keeps every tunnel up when no controller answers.
 *
 * <p>{@link org.tunnelgate.agent.Main} reads the configuration, {@link org.tunnelgate.agent.Agent}
 * wires the parts: {@code http} (the API), {@code state} (desired state, generations, the file on
 * disk), {@code wireguard}, {@code openvpn}, {@code controller} (calls home) and {@code system}
 * (processes and host facts).
 */
package org.tunnelgate.agent;
