package org.tunnelgate.portal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tunnelgate.portal.api.AcceptedProfiles.Format.OPENVPN;
import static org.tunnelgate.portal.api.AcceptedProfiles.Format.WIREGUARD;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptedProfilesTest {

    @Test
    void oneLineWithBothTypesMeansBoth() {
        assertThat(AcceptedProfiles.from(List.of("application/x-openvpn-profile, application/x-wireguard-profile")))
                .containsExactlyInAnyOrder(OPENVPN, WIREGUARD);
    }

    @Test
    void severalAcceptLinesAreMerged() {
        assertThat(AcceptedProfiles.from(List.of("application/x-wireguard-profile", "application/x-openvpn-profile")))
                .containsExactlyInAnyOrder(OPENVPN, WIREGUARD);
    }

    @Test
    void oneTypeMeansOnlyThatOne() {
        assertThat(AcceptedProfiles.from(List.of("application/x-wireguard-profile"))).containsExactly(WIREGUARD);
        assertThat(AcceptedProfiles.from(List.of("Application/X-OpenVPN-Profile;q=0.9"))).containsExactly(OPENVPN);
    }

    @Test
    void missingOrUnrecognisedMeansBoth() {
        assertThat(AcceptedProfiles.from(List.of())).containsExactlyInAnyOrder(OPENVPN, WIREGUARD);
        assertThat(AcceptedProfiles.from(null)).containsExactlyInAnyOrder(OPENVPN, WIREGUARD);
        assertThat(AcceptedProfiles.from(Arrays.asList("*/*", null, "text/html"))).containsExactlyInAnyOrder(OPENVPN, WIREGUARD);
    }

    @Test
    void unrecognisedTypesNextToAKnownOneAreIgnored() {
        assertThat(AcceptedProfiles.from(List.of("application/x-wireguard+tcp-profile", "application/x-openvpn-profile")))
                .containsExactly(OPENVPN);
    }
}
