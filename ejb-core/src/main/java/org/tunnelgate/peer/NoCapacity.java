package org.tunnelgate.peer;

import org.tunnelgate.platform.BusinessException;

/**
 * Nothing could be allocated: no node serving the profile had a free address (or none is usable) for
 * any protocol the client and profile have in common.
 */
public class NoCapacity extends BusinessException {

    public NoCapacity(String message) {
        super(Kind.UNAVAILABLE, message);
    }
}
