package org.tunnelgate.node.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeRegistrationTest {

    @Test
    void aWellFormedRegistrationHasNoProblems() {
        assertThat(new NodeRegistration("node1", "https://node1.example.org:9443", "vpn1.example.org", "Amsterdam", 500)
                .problems()).isEmpty();
        assertThat(new NodeRegistration("node1", "https://127.0.0.1:9443/", "192.0.2.1", null, 1).problems()).isEmpty();
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThat(new NodeRegistration("Node 1", "http://node1:9443", "not a host!", "\u0007", 0).problems())
                .hasSize(5)
                .anySatisfy(p -> assertThat(p).startsWith("name"))
                .anySatisfy(p -> assertThat(p).startsWith("agent_url"))
                .anySatisfy(p -> assertThat(p).startsWith("public_host"))
                .anySatisfy(p -> assertThat(p).startsWith("location"))
                .anySatisfy(p -> assertThat(p).startsWith("capacity"));
    }

    @Test
    void anAgentUrlIsOnlySchemeHostAndPort() {
        for (String bad : new String[] {"https://node1", "https://user@node1:9443", "https://node1:9443/v1",
                "https://node1:9443?x=1", "ftp://node1:9443", "https://:9443", null}) {
            assertThat(NodeRegistration.isAgentUrl(bad)).as(bad).isFalse();
        }
    }
}
