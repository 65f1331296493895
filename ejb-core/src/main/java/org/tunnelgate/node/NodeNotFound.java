package org.tunnelgate.node;

import org.tunnelgate.platform.BusinessException;

/** No node of that name. */
public class NodeNotFound extends BusinessException {

    public NodeNotFound(String name) {
        super(Kind.NOT_FOUND, "no node \"" + name + "\"");
    }
}
