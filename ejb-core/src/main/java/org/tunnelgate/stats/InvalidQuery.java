package org.tunnelgate.stats;

import org.tunnelgate.platform.BusinessException;

/** A question to the connection log that does not hold up (an address or time that is not one). */
public class InvalidQuery extends BusinessException {

    public InvalidQuery(String message) {
        super(Kind.INVALID_INPUT, message);
    }
}
