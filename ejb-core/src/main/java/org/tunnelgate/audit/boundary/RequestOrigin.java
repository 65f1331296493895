package org.tunnelgate.audit.boundary;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where the request being served comes from, for the audit trail's "from which address". The web
 * module sets it once per request (it knows the trusted proxies) and clears it when the request
 * ends; {@link AuditTrail} reads it, so no caller has to pass the address through every boundary.
 * Outside a request (timers, the command-line tool) there is none and the trail records no address.
 *
 * <p>Held per thread — a request is served on one thread, and the boundaries it calls run on it —
 * rather than in a request-scoped bean: creating that bean for every request cost about 5 % of all
 * request CPU (JFR: Weld's creation and resource-injection checks), for one string.
 */
@ApplicationScoped
public class RequestOrigin {

    // static: the web module and the EJB module may each get their own instance of this bean; the
    // thread's value must be the same for both
    private static final ThreadLocal<String> ADDRESS = new ThreadLocal<>();

    /** The address of the request this thread serves; null outside a request. */
    public String address() {
        return ADDRESS.get();
    }

    /** The request this thread now serves comes from {@code address}; {@link #clear} when it ends. */
    public void set(String address) {
        ADDRESS.set(address);
    }

    public void clear() {
        ADDRESS.remove();
    }
}
