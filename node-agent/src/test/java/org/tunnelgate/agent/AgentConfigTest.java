package org.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.tunnelgate.agent.json.InvalidInput;

class AgentConfigTest {

    @Test
    void without_controller_trust_ca_the_calls_home_trust_the_callers_ca_and_the_jdk_as_before() {
        var config = AgentConfig.from(minimal());

        assertThat(config.controllerTrust()).containsExactly(Path.of("/etc/tg/controller-ca.crt"));
        assertThat(config.controllerTrustJdk()).isTrue();
    }

    @Test
    void an_empty_controller_trust_ca_means_the_jdk_trust_store_alone() {
        var p = minimal();
        p.setProperty("controller.trust-ca", " ");

        var config = AgentConfig.from(p);

        assertThat(config.controllerTrust()).isEmpty();
        assertThat(config.controllerTrustJdk()).isTrue();
    }

    @Test
    void a_controller_trust_ca_file_is_the_only_trust_for_the_calls_home() {
        var p = minimal();
        p.setProperty("controller.trust-ca", "/etc/tg/controller-trust.crt");

        var config = AgentConfig.from(p);

        assertThat(config.controllerTrust()).containsExactly(Path.of("/etc/tg/controller-trust.crt"));
        assertThat(config.controllerTrustJdk()).isFalse();
        assertThat(config.controllerCa()).isEqualTo(Path.of("/etc/tg/controller-ca.crt"));
    }

    @Test
    void unknown_keys_and_bad_values_are_refused_with_their_name() {
        var typo = minimal();
        typo.setProperty("controller.trust_ca", "x");
        var port = minimal();
        port.setProperty("listen", "0.0.0.0:99999");

        assertThatThrownBy(() -> AgentConfig.from(typo)).isInstanceOf(InvalidInput.class)
                .hasMessage("unknown configuration key: controller.trust_ca");
        assertThatThrownBy(() -> AgentConfig.from(port)).hasMessageStartingWith("listen must be host:port");
    }

    @Test
    void the_example_configuration_in_config_agent_is_valid_and_trusts_the_jdk_for_the_controller() {
        var config = AgentConfig.load(Path.of("../config/agent/agent.properties"));

        assertThat(config.controllerTrust()).isEmpty();
        assertThat(config.controllerTrustJdk()).isTrue();
        assertThat(config.allowedClients()).containsExactly("tunnelgate-controller");
    }

    private static Properties minimal() {
        var p = new Properties();
        p.setProperty("tls.certificate", "/etc/tg/agent.crt");
        p.setProperty("tls.key", "/etc/tg/agent.key");
        p.setProperty("tls.controller-ca", "/etc/tg/controller-ca.crt");
        return p;
    }
}
