package org.tunnelgate.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tunnelgate.agent.state.DesiredStateTest.KEY_B;
import static org.tunnelgate.agent.state.DesiredStateTest.peer;
import static org.tunnelgate.agent.state.DesiredStateTest.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.state.DesiredState;

class StateStoreTest {

    @Test
    void is_stored_readable_only_by_root_and_read_back(@TempDir Path dir) throws Exception {
        var store = new StateStore(dir);
        var state = DesiredState.fromJson(Json.parse(state(9, peer(KEY_B, "10.10.0.9/32"))));

        store.save(state);

        assertThat(store.load()).contains(state);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state.json"))))
                .isEqualTo("rw-------");
        assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString()).containsExactly("state.json");
    }

    @Test
    void a_damaged_state_file_is_refused_with_the_way_out(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("state.json"), "{\"generation\": 3, \"wireguard\": [");

        assertThatThrownBy(() -> new StateStore(dir).load())
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("state.json is unusable")
                .hasMessageContaining("move it away");
    }

}
