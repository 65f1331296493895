package org.tunnelgate.platform;

/** The operator set the per-user cap on app configurations to 0: apps get nothing (HTTP 403). */
public class ApiDownloadsDisabled extends Forbidden {

    public ApiDownloadsDisabled() {
        super("no API configuration downloads allowed");
    }
}
