package org.tunnelgate.portal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileFormTest {

    @Test
    void eachProblemOfTheBoundaryLandsNextToItsField() {
        assertThat(ProfileForm.fieldOf("profile \"x\": wireguard.ipv4_range 10.0.0.0/33 must be an IPv4 prefix")).isEqualTo("wireguardIpv4");
        assertThat(ProfileForm.fieldOf("profile \"x\": wireguard.ipv4_range 10.0.0.0/24 overlaps openvpn.ipv4_range 10.0.0.0/25"))
                .isEqualTo("wireguardIpv4");
        assertThat(ProfileForm.fieldOf("profile_id \"a b\" must be 1-64 letters, digits, '.' or '-', starting with a letter or digit"))
                .isEqualTo("id");
        assertThat(ProfileForm.fieldOf("profile \"x\": display_name must be 1-255 printable characters")).isEqualTo("displayName");
        assertThat(ProfileForm.fieldOf("profile \"x\": unknown node \"nope\"")).isEqualTo("nodes");
        assertThat(ProfileForm.fieldOf("profile \"x\": openvpn.udp_ports must be distinct")).isEqualTo("openvpnUdpPorts");
        assertThat(ProfileForm.fieldOf("profile \"x\": excluded route 10.0.0.0/33 must be an IPv0 prefix")).isEqualTo("excludedRoutes");
        assertThat(ProfileForm.fieldOf("profile \"x\": range 10.0.0.0/24 overlaps range 10.0.0.0/16 of profile \"y\""))
                .isEqualTo(ProfileForm.GENERAL);
        assertThat(ProfileForm.fieldOf("something new")).isEqualTo(ProfileForm.GENERAL);
    }

    @Test
    void theBoundarysMessageSplitsIntoItsProblems() {
        assertThat(ProfileForm.problemsOf("a; b;  c")).containsExactly("a", "b", "c");
    }

    @Test
    void listsAreCommaOrSpaceSeparatedAndAPortMustBeANumber() {
        var form = new ProfileForm();
        form.setId("staff");
        form.setDisplayName("Staff");
        form.setWireguardIpv4("10.9.0.0/24");
        form.setNodes("a, b c");
        form.setWireguardPort("51820");

        var definition = form.definition();
        assertThat(definition.nodes()).containsExactly("a", "b", "c");
        assertThat(definition.protocols()).containsExactly("wireguard");
        assertThat(definition.wireguardPort()).isEqualTo(51820);

        form.setWireguardPort("fifty");
        assertThatThrownBy(form::definition).isInstanceOf(ProfileForm.FormProblem.class).hasMessageContaining("fifty");
        assertThat(ProfileForm.list(" ")).isEqualTo(List.of());
    }
}
