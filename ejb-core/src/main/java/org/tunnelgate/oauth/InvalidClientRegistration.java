package org.tunnelgate.oauth;

import org.tunnelgate.platform.BusinessException;

/** The operator's client registration does not hold up; nothing was stored. */
public class InvalidClientRegistration extends BusinessException {

    public InvalidClientRegistration(String message) {
        super(Kind.INVALID_INPUT, message);
    }
}
