package org.tunnelgate.portal.http;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where this portal is, as the client sees it; see {@link PublicBaseUrl}. */
@ApplicationScoped
public class PortalAddress {

    @Inject
    @ConfigProperty(name = "tunnelgate.trusted-proxies")
    Optional<String> trustedProxies;

    private TrustedProxies proxies;

    @PostConstruct
    void parseProxies() {
        proxies = TrustedProxies.parse(trustedProxies.orElse(""));
    }

    /** {@code scheme://host[:port]} without a trailing slash. */
    public String baseUrl(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        return PublicBaseUrl.of(request::getHeader, request.getScheme(), host.trim(), request.getRemoteAddr(), proxies);
    }

    public String issuer(HttpServletRequest request) {
        return PublicBaseUrl.issuer(baseUrl(request));
    }
}
