/**
 * OpenVPN on the node: the agent renders each server process's configuration, runs and
 * supervises the {@code openvpn} processes (restarting them with backoff), and drives each one
 * over its management socket — approving or refusing every connecting client after asking the
 * controller, reporting connects and disconnects, listing and disconnecting clients.
 */
package org.tunnelgate.agent.openvpn;
