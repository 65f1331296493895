package org.tunnelgate.audit.boundary;

import jakarta.enterprise.context.RequestScoped;

/**
 * Where the request being served comes from, for the audit trail's "from which address". The web
 * module sets it once per request (it knows the trusted proxies); {@link AuditTrail} reads it, so no
 * caller has to pass the address through every boundary. Outside a request (timers, the
 * command-line tool) there is none and the trail records no address.
 */
@RequestScoped
public class RequestOrigin {

    private String address;

    public String address() {
        return address;
    }

    public void set(String address) {
        this.address = address;
    }
}
