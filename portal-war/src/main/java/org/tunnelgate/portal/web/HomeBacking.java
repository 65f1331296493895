package org.tunnelgate.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.platform.ConflictRetry;
import org.tunnelgate.portal.http.PortalAddress;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;

/** The home page: the VPN profiles the logged-in person may use, and the address to give an app. */
@Named
@RequestScoped
public class HomeBacking {

    @Inject
    CurrentUser user;

    @Inject
    Accounts accounts;

    @Inject
    Profiles profiles;

    @Inject
    PortalAddress address;

    @Inject
    HttpServletRequest request;

    private List<Profile> usable;

    /**
     * What to type into an eduVPN or Let's Connect! app ("Add server"): this portal's host (and
     * port, when not 443) as the browser reached it — the apps add {@code https://} themselves.
     */
    public String getServerAddress() {
        String base = address.baseUrl(request);
        return base.startsWith("https://") ? base.substring("https://".length()) : base;
    }

    public List<Profile> getProfiles() {
        if (usable == null) {
            usable = ConflictRetry.read(() -> accounts.findByName(user.getName()).map(profiles::usableBy).orElse(List.of()));
        }
        return usable;
    }

    public String protocolsOf(Profile profile) {
        return String.join(", ", profile.protocols().stream().map(p -> p.apiName()).toList());
    }
}
