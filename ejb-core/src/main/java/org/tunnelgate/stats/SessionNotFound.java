package org.tunnelgate.stats;

import org.tunnelgate.platform.BusinessException;

/** No session of the connection log has this id. */
public class SessionNotFound extends BusinessException {

    public SessionNotFound(long id) {
        super(Kind.NOT_FOUND, "no session " + id);
    }
}
