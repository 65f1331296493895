package org.tunnelgate.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the controller tells an agent from before {@code replaces} (docs/agent-api.md) from a real refusal. */
class OlderAgentTest {

    @Test
    void anAgentThatDoesNotKnowTheFieldRefusesItAsAnUnknownField() {
        // what Fields.allowOnly of an agent from before the field answers
        assertThat(NodeClient.refusesReplaces(new AgentTransport.Answer(400, "{\"error\":\"peer: unknown field \\\"replaces\\\"\"}")))
                .isTrue();
    }

    @Test
    void anyOtherRefusalIsNotAboutAnOlderAgent() {
        assertThat(NodeClient.refusesReplaces(new AgentTransport.Answer(400,
                "{\"error\":\"peer.replaces[0] must be a base64 WireGuard key (44 characters)\"}")))
                .as("a newer agent refusing a malformed key").isFalse();
        assertThat(NodeClient.refusesReplaces(new AgentTransport.Answer(400, "{\"error\":\"peer: unknown field \\\"counters\\\"\"}")))
                .as("another unknown field").isFalse();
        assertThat(NodeClient.refusesReplaces(new AgentTransport.Answer(400, "peer: unknown field \"replaces\"")))
                .as("not the agent's JSON").isFalse();
        assertThat(NodeClient.refusesReplaces(new AgentTransport.Answer(502, "{\"error\":\"unknown field \\\"replaces\\\"\"}")))
                .as("not a 400").isFalse();
        assertThat(NodeClient.refusesReplaces(new AgentTransport.Answer(200, "{\"added\":true,\"replaced\":1}"))).isFalse();
        assertThat(NodeClient.refusesReplaces(new AgentTransport.Answer(400, "[]"))).isFalse();
    }
}
