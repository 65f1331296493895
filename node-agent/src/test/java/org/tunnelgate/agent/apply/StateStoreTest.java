package org.tunnelgate.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tunnelgate.agent.state.DesiredStateTest.KEY_A;
import static org.tunnelgate.agent.state.DesiredStateTest.KEY_B;
import static org.tunnelgate.agent.state.DesiredStateTest.peer;
import static org.tunnelgate.agent.state.DesiredStateTest.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.WgPeer;

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

    private static final String KEY_C = "oCKl+eYGTBlN41BOo1UPl8eQyn86Q3cWqzoIslPGLUM=";

    @Test
    void peer_changes_go_to_the_journal_and_are_replayed_in_order_on_the_state(@TempDir Path dir) throws Exception {
        var store = new StateStore(dir);
        var start = DesiredState.fromJson(Json.parse(state(9, peer(KEY_A, "10.10.0.2/32") + "," + peer(KEY_B, "10.10.0.3/32"))));
        store.save(start);
        String stateJson = Files.readString(dir.resolve("state.json"));

        // C added, A replaced (it moves to the end), B removed; a second batch removes C again and adds it back
        var afterFirst = edit(edit(edit(start, add(KEY_C, "10.10.0.4/32")), add(KEY_A, "10.10.0.9/32")), remove(KEY_B));
        store.save(afterFirst, List.of(add(KEY_C, "10.10.0.4/32"), add(KEY_A, "10.10.0.9/32"), remove(KEY_B)));
        var afterSecond = edit(edit(afterFirst, remove(KEY_C)), add(KEY_C, "10.10.0.5/32"));
        store.save(afterSecond, List.of(remove(KEY_C), add(KEY_C, "10.10.0.5/32")));

        assertThat(Files.readString(dir.resolve("state.json"))).as("state.json is not rewritten").isEqualTo(stateJson);
        assertThat(Files.readAllLines(store.journalFile())).hasSize(6);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.journalFile()))).isEqualTo("rw-------");
        var loaded = new StateStore(dir).load().orElseThrow();
        assertThat(loaded).isEqualTo(afterSecond);
        assertThat(loaded.wireguard().get(0).peers()).extracting(WgPeer::publicKey).containsExactly(KEY_A, KEY_C);
    }

    @Test
    void a_batch_cut_off_while_being_written_is_dropped_and_the_journal_goes_on_after_it(@TempDir Path dir) throws Exception {
        var store = new StateStore(dir);
        var start = DesiredState.fromJson(Json.parse(state(9, peer(KEY_A, "10.10.0.2/32"))));
        store.save(start);
        var withB = edit(start, add(KEY_B, "10.10.0.3/32"));
        store.save(withB, List.of(add(KEY_B, "10.10.0.3/32")));
        Files.writeString(store.journalFile(), "{\"interface\":\"wg0\",\"remove\":\"" + KEY_A.substring(0, 20),
                StandardOpenOption.APPEND);

        var reopened = new StateStore(dir);
        assertThat(reopened.load()).contains(withB);
        var withC = edit(withB, add(KEY_C, "10.10.0.4/32"));
        reopened.save(withC, List.of(add(KEY_C, "10.10.0.4/32")));

        assertThat(new StateStore(dir).load()).contains(withC);
    }

    @Test
    void a_journal_left_over_from_the_state_before_is_never_replayed_on_a_newer_one(@TempDir Path dir) throws Exception {
        var store = storeWithJournaledPeer(dir);
        String journal = Files.readString(store.journalFile());
        // the controller's next complete state (without B) replaced state.json; the agent died before the journal went
        var newer = DesiredState.fromJson(Json.parse(state(10, peer(KEY_A, "10.10.0.2/32"))));
        store.save(newer);
        Files.writeString(store.journalFile(), journal);

        assertThat(new StateStore(dir).load()).contains(newer);
        assertThat(store.journalFile()).doesNotExist();
    }

    @Test
    void a_long_journal_is_folded_into_a_complete_state(@TempDir Path dir) throws Exception {
        var store = new StateStore(dir);
        var state = DesiredState.fromJson(Json.parse(state(9, peer(KEY_A, "10.10.0.2/32"))));
        store.save(state);
        // batches of two lines: the one that would take the journal past the limit writes the state instead
        for (int i = 0; i < StateStore.COMPACT_AFTER_LINES / 2 + 2; i++) {
            var change = i % 2 == 0 ? add(KEY_B, "10.10.0.3/32") : remove(KEY_B);
            state = edit(state, change);
            store.save(state, List.of(change, change));
        }

        assertThat(Files.readAllLines(store.journalFile())).as("a header and the one batch since").hasSize(3);
        assertThat(DesiredState.fromJson(Json.parse(Files.readString(dir.resolve("state.json"))))).as("folded in")
                .isNotEqualTo(DesiredState.fromJson(Json.parse(state(9, peer(KEY_A, "10.10.0.2/32")))));
        assertThat(new StateStore(dir).load()).contains(state);
    }

    @Test
    void a_damaged_journal_line_is_refused_with_the_way_out(@TempDir Path dir) throws Exception {
        var store = storeWithJournaledPeer(dir);
        Files.writeString(store.journalFile(), "{\"interface\":\"wg9\",\"remove\":\"" + KEY_A + "\"}\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> new StateStore(dir).load())
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("state.journal is unusable")
                .hasMessageContaining("no wireguard interface named wg9")
                .hasMessageContaining("move it");
    }

    /** A stored state with A, and B added after it in the journal. */
    private static StateStore storeWithJournaledPeer(Path dir) {
        var store = new StateStore(dir);
        var state = DesiredState.fromJson(Json.parse(state(9, peer(KEY_A, "10.10.0.2/32"))));
        store.save(state);
        store.save(edit(state, add(KEY_B, "10.10.0.3/32")), List.of(add(KEY_B, "10.10.0.3/32")));
        return store;
    }

    private static StateJournal.PeerEdit add(String key, String ip) {
        return new StateJournal.PeerEdit("wg0", new WgPeer(key, List.of(IpNet.parse(ip, "test"))), key);
    }

    private static StateJournal.PeerEdit remove(String key) {
        return new StateJournal.PeerEdit("wg0", null, key);
    }

    /** What PeerChanges does to the state for one change (a replaced peer moves to the end). */
    private static DesiredState edit(DesiredState state, StateJournal.PeerEdit edit) {
        var spec = state.wireguard("wg0").orElseThrow();
        var peers = new java.util.ArrayList<>(spec.peers().stream().filter(p -> !p.publicKey().equals(edit.publicKey())).toList());
        if (edit.added() != null) {
            peers.add(edit.added());
        }
        return state.with(spec.withPeers(peers));
    }
}
