package org.tunnelgate.node.boundary;

import java.time.Instant;
import org.tunnelgate.node.entity.OpenVpnClientReport;

/**
 * A node reported that an OpenVPN client's tunnel came up ({@code connected}) or went away, for
 * the connection log (fired by {@link OpenVpnAdmission} after the node and the configuration were
 * identified). Nothing secret: names, addresses, byte counters.
 */
public record OpenVpnSessionReported(String nodeName, long configurationId, long accountId, String accountName,
                                     boolean connected, Instant at, OpenVpnClientReport client) {}
