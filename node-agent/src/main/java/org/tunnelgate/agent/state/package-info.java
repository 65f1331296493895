/**
 * The desired state the controller sends, as data: WireGuard interfaces with their complete peer
 * sets, OpenVPN profiles with their processes, addresses. Built only from validated JSON, so a state
 * that exists can be applied; applying it is the {@code apply} package's job.
 */
package org.tunnelgate.agent.state;
