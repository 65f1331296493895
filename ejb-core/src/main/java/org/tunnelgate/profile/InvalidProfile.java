package org.tunnelgate.profile;

import org.tunnelgate.platform.BusinessException;

/** A profile definition that does not hold up; the message lists every problem. Nothing was written. */
public class InvalidProfile extends BusinessException {

    public InvalidProfile(String message) {
        super(Kind.INVALID_INPUT, message);
    }
}
