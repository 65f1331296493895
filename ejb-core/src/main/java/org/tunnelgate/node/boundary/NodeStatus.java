package org.tunnelgate.node.boundary;

import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeHealth;

/** A node with its last health probe and how many WireGuard peers the database places on it. */
public record NodeStatus(Node node, NodeHealth health, long peers) {}
