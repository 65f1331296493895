/** Running the node's programs ({@code ip}, {@code wg}, {@code openvpn}) and reading host facts from /proc. */
package org.tunnelgate.agent.system;
