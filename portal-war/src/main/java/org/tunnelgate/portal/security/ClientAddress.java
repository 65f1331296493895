package org.tunnelgate.portal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tunnelgate.portal.http.TrustedProxies;

/**
 * The address a request really comes from, for login throttling. Behind a reverse proxy listed in
 * {@code tunnelgate.trusted-proxies} it is the right-most {@code X-Forwarded-For} entry that is
 * not itself a trusted proxy; anybody else's {@code X-Forwarded-For} is ignored, or a guesser could
 * pick a fresh address for every attempt.
 */
@ApplicationScoped
public class ClientAddress {

    private final TrustedProxies proxies;

    @Inject
    public ClientAddress(@ConfigProperty(name = "tunnelgate.trusted-proxies", defaultValue = " ") String trusted) {
        this.proxies = TrustedProxies.parse(trusted);
    }

    ClientAddress() {
        this.proxies = TrustedProxies.none(); // CDI proxy only
    }

    public String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (!proxies.contains(address)) {
            return address;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null) {
            return address;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !proxies.contains(hop)) {
                return hop.length() > 45 ? hop.substring(0, 45) : hop;
            }
        }
        return address;
    }
}
