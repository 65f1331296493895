package org.tunnelgate.node.entity;

import java.util.Map;

/**
 * The numbers of one node for monitoring: its health state, WireGuard peers per profile, repairs
 * made by reconciliation, and this controller instance's calls to its agent (count, failures,
 * total time in milliseconds).
 */
public record NodeMetrics(String node, String state, Map<String, Long> peersByProfile, long repairs,
                          long agentCalls, long agentCallFailures, long agentCallMillis) {}
