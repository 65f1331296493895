package org.tunnelgate.agent.apply;

import java.util.List;
import org.tunnelgate.agent.state.OpenVpnProfile;

/** The OpenVPN half of the data plane as the {@link Reconciler} sees it (the real one supervises processes). */
public interface OpenVpnPlane {

    /**
     * Runs exactly one server process per listener of {@code profiles}: starts the missing,
     * restarts the changed, stops the rest. Appends what it did to {@code changes} and what did not
     * work to {@code failures} instead of throwing, so one profile's trouble leaves the others running.
     */
    void apply(List<OpenVpnProfile> profiles, List<String> changes, List<String> failures);
}
