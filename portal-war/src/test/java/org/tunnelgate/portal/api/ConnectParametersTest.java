package org.tunnelgate.portal.api;

import org.tunnelgate.portal.http.HttpDates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectParametersTest {

    private static final String KEY = "nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPmUU=";

    @Test
    void aProfileAloneAsksForAConfigurationWithoutTcpPreference() throws Exception {
        assertThat(ConnectParameters.from(Map.of("profile_id", "employees")))
                .isEqualTo(new ConnectParameters("employees", null, false));
    }

    @Test
    void aWireGuardPublicKeyIsTakenAsIs() throws Exception {
        assertThat(ConnectParameters.from(Map.of("profile_id", "employees", "public_key", KEY)).publicKey()).isEqualTo(KEY);
    }

    @Test
    void preferTcpAndItsOldAliasAreUnderstood() throws Exception {
        assertThat(ConnectParameters.from(Map.of("profile_id", "p", "prefer_tcp", "yes")).preferTcp()).isTrue();
        assertThat(ConnectParameters.from(Map.of("profile_id", "p", "prefer_tcp", "no")).preferTcp()).isFalse();
        assertThat(ConnectParameters.from(Map.of("profile_id", "p", "tcp_only", "on")).preferTcp()).isTrue();
        assertThat(ConnectParameters.from(Map.of("profile_id", "p", "tcp_only", "off")).preferTcp()).isFalse();
        assertThat(ConnectParameters.from(Map.of("profile_id", "p", "prefer_tcp", "no", "tcp_only", "on")).preferTcp()).isFalse();
    }

    @Test
    void missingOrMalformedParametersAreNamedInTheError() {
        assertThatThrownBy(() -> ConnectParameters.from(Map.of())).hasMessageContaining("profile_id");
        assertThatThrownBy(() -> ConnectParameters.from(Map.of("profile_id", "x' OR '1'='1"))).hasMessageContaining("profile_id");
        assertThatThrownBy(() -> ConnectParameters.from(Map.of("profile_id", "a".repeat(65)))).hasMessageContaining("profile_id");
        assertThatThrownBy(() -> ConnectParameters.from(Map.of("profile_id", "p", "prefer_tcp", "true"))).hasMessageContaining("prefer_tcp");
        assertThatThrownBy(() -> ConnectParameters.from(Map.of("profile_id", "p", "tcp_only", "yes"))).hasMessageContaining("tcp_only");
    }

    @Test
    void publicKeysThatAreNotThirtyTwoBytesOfBase64AreRefused() {
        for (String bad : new String[] {KEY.substring(1), KEY + "=", KEY.replace('=', 'A'),
                "nmZ5ExqRpLgJV9yWKlaC7KQ7EAN7eRJ4XBz9eHJPmUV=", "<script>alert(1)</script>", ""}) {
            assertThatThrownBy(() -> ConnectParameters.from(Map.of("profile_id", "p", "public_key", bad)))
                    .as(bad).hasMessageContaining("public_key");
        }
    }

    @Test
    void expiresIsAnImfFixdateInGmt() {
        assertThat(HttpDates.format(Instant.parse("2021-08-06T03:59:59Z"))).isEqualTo("Fri, 06 Aug 2021 03:59:59 GMT");
    }
}
