package org.tunnelgate.node.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeTest {

    static final String KEY = "HDwz70RDHTYDhys46x02dVNMgP9zQFXOWmepIJs3M2A=";

    @Test
    void aNodeNeedsALowerCaseNameAHostAndAWellFormedKeyIfItHasOne() {
        assertThat(Node.problems(new NodeDefinition("Bad_Name", "host", null))).singleElement()
                .asString().contains("node name \"Bad_Name\"");
        assertThat(Node.problems(new NodeDefinition("n", "bad host!", null))).singleElement()
                .asString().contains("public_host");
        assertThat(Node.problems(new NodeDefinition("n", "vpn.example.org", "not-a-key"))).singleElement()
                .asString().contains("wireguard_public_key");
        assertThat(Node.problems(new NodeDefinition("n", "vpn.example.org", KEY))).isEmpty();
        assertThat(Node.problems(new NodeDefinition("n", "2001:db8::1", null))).isEmpty();
    }
}
