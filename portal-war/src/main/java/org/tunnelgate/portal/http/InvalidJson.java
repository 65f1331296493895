package org.tunnelgate.portal.http;

import org.tunnelgate.platform.BusinessException;

/** A request body that is not the JSON the endpoint takes: malformed, wrong types, unknown keys. */
public class InvalidJson extends BusinessException {

    public InvalidJson(String message) {
        super(Kind.INVALID_INPUT, message);
    }
}
