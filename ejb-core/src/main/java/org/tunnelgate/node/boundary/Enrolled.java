package org.tunnelgate.node.boundary;

import java.util.List;

/**
 * The answer to a node's enrollment (docs/agent-api.md, "Enrollment"): its certificate, the node CA,
 * the common names of the controller's client certificates, where to call home, where to listen.
 */
public record Enrolled(String node, String certificatePem, String caPem, List<String> controllerClientNames,
                       List<String> controllerUrls, String listen) {}
