package org.tunnelgate.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;

/** The home page: the VPN profiles the logged-in person may use. */
@Named
@RequestScoped
public class HomeBacking {

    @Inject
    CurrentUser user;

    @Inject
    Accounts accounts;

    @Inject
    Profiles profiles;

    private List<Profile> usable;

    public List<Profile> getProfiles() {
        if (usable == null) {
            usable = accounts.findByName(user.getName()).map(profiles::usableBy).orElse(List.of());
        }
        return usable;
    }

    public String protocolsOf(Profile profile) {
        return String.join(", ", profile.protocols().stream().map(p -> p.apiName()).toList());
    }
}
