/**
 * WireGuard on the node: the agent creates and owns its interfaces (kernel WireGuard where the
 * kernel has it, wireguard-go otherwise), keeps each interface's private key in the state
 * directory (it never leaves the node and is never logged), and configures peers with {@code wg}
 * or, on a userspace interface, by talking to wireguard-go's control socket directly.
 */
package org.tunnelgate.agent.wireguard;
