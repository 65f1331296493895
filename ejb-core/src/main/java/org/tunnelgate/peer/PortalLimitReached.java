package org.tunnelgate.peer;

import org.tunnelgate.platform.BusinessException;

/** The account has as many portal configurations for the profile as the profile allows. */
public class PortalLimitReached extends BusinessException {

    public PortalLimitReached(String profileId, int limit) {
        super(Kind.CONFLICT, limit == 0
                ? "Configurations for profile \"" + profileId + "\" cannot be created in the portal."
                : "You already have " + limit + " configuration" + (limit == 1 ? "" : "s") + " for profile \""
                        + profileId + "\", the most allowed. Delete one you no longer use first.");
    }
}
