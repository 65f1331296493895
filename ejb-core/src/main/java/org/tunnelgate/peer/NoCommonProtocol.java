package org.tunnelgate.peer;

import org.tunnelgate.platform.BusinessException;

/** The client supports none of the protocols the profile offers. */
public class NoCommonProtocol extends BusinessException {

    public NoCommonProtocol(String message) {
        super(Kind.NOT_ACCEPTABLE, message);
    }
}
