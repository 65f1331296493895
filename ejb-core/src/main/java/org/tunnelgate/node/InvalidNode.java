package org.tunnelgate.node;

import org.tunnelgate.platform.BusinessException;

/** A node definition that does not hold up; the message lists every problem. Nothing was written. */
public class InvalidNode extends BusinessException {

    public InvalidNode(String message) {
        super(Kind.INVALID_INPUT, message);
    }
}
