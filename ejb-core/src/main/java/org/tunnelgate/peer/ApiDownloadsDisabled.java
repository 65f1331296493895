package org.tunnelgate.peer;

import org.tunnelgate.platform.BusinessException;

/** The operator set the per-user cap on app configurations to 0: apps get nothing. */
public class ApiDownloadsDisabled extends BusinessException {

    public ApiDownloadsDisabled() {
        super(Kind.FORBIDDEN, "no API configuration downloads allowed");
    }
}
