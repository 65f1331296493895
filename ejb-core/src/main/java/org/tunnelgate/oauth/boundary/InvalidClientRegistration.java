package org.tunnelgate.oauth.boundary;

import jakarta.ejb.ApplicationException;

/** The operator's client registration does not hold up; nothing was stored. */
@ApplicationException(rollback = true)
public class InvalidClientRegistration extends RuntimeException {

    public InvalidClientRegistration(String message) {
        super(message);
    }
}
