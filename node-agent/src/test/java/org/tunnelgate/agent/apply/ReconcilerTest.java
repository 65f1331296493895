package org.tunnelgate.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Json;
import org.tunnelgate.agent.json.UnknownTarget;
import org.tunnelgate.agent.state.DesiredState;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.system.CommandFailed;

/** The apply logic against a hand-written data plane; the state file is real (a temporary directory). */
class ReconcilerTest {

    static final String A = "V0fA1XDMrM89jgyeTrxN9XuV7jAXOzJOzy9ZbwCTwyA=";
    static final String B = "i6SE45T4/W+rkF2HW1ewm2syAw3F3cWM7wbzFSfq5Sw=";
    static final String C = "4W7k89vU4fdPBNt1A4GVz9+WJy/Ve9FtZ2xD1mdpOlk=";

    @TempDir
    Path dir;
    private StateStore store;
    private FakeDataPlane plane;
    private Reconciler reconciler;

    @BeforeEach
    void reconciler() {
        store = new StateStore(dir);
        plane = new FakeDataPlane(store);
        reconciler = new Reconciler(store, plane, plane);
    }

    @Test
    void a_new_state_is_on_disk_before_any_interface_or_process_is_touched() {
        reconciler.apply(state(1, wg("wg0", 51820, A), wg("wg1", 51821, B)));

        assertThat(plane.changes()).hasSize(3).allSatisfy(call ->
                assertThat(call.onDisk()).as(call.what() + " " + call.target()).contains(reconciler.applied()));
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(A);
    }

    @Test
    void an_interface_left_out_of_the_next_state_is_removed_after_the_state_is_saved() {
        reconciler.apply(state(1, wg("wg0", 51820, A), wg("wg1", 51821, B)));
        plane.calls.clear();

        reconciler.apply(state(2, wg("wg0", 51820, A)));

        assertThat(FakeDataPlane.names(plane.changes())).contains("remove wg1");
        assertThat(plane.changes()).allSatisfy(call -> assertThat(call.onDisk().orElseThrow().generation()).isEqualTo(2));
        assertThat(plane.interfaces).containsOnlyKeys("wg0");
    }

    @Test
    void adding_a_peer_stores_it_before_wireguard_hears_of_it() {
        reconciler.apply(state(1, wg("wg0", 51820, A)));
        plane.calls.clear();

        reconciler.addPeer("wg0", peer(B, "10.10.0.3/32"), List.of());

        assertThat(FakeDataPlane.names(plane.changes())).containsExactly("add-peer wg0/" + B);
        assertThat(keysOnDisk(plane.changes().get(0))).containsExactly(A, B);
        assertThat(store.load()).contains(reconciler.applied());
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(A, B);
    }

    @Test
    void peer_changes_that_arrive_while_one_is_applied_go_to_wireguard_together_in_one_batch() throws Exception {
        reconciler.apply(state(1, wg("wg0", 51820, A, B)));
        String d = "Fvb6X6SZ0bFvDPN6ANPY6HDSd9BxH4L8oqZXO+TI5Ug=";

        whileOneChangeIsApplied(List.of(
                () -> reconciler.removePeer("wg0", B),
                () -> reconciler.addPeer("wg0", peer(d, "10.10.0.5/32"), List.of()),
                () -> reconciler.removePeer("wg0", A)));

        assertThat(plane.batchSizes).containsExactly(1, 3);
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(C, d);
        assertThat(reconciler.interfaceNamed("wg0").peers()).extracting(WgPeer::publicKey).containsExactly(C, d);
        assertThat(store.load()).contains(reconciler.applied());
    }

    @Test
    void an_addition_removes_the_peers_it_replaces_in_the_same_journal_write_and_wireguard_change() throws Exception {
        reconciler.apply(state(1, wg("wg0", 51820, A, B)));
        plane.calls.clear();
        String unknown = "Fvb6X6SZ0bFvDPN6ANPY6HDSd9BxH4L8oqZXO+TI5Ug=";

        int replaced = reconciler.addPeer("wg0", peer(C, "10.10.0.4/32"), List.of(A, A, C, unknown));

        assertThat(replaced).as("A was in the state; C is the new peer itself, the other key was never there").isEqualTo(1);
        assertThat(plane.batchSizes).as("one change of the interface").containsExactly(3);
        assertThat(FakeDataPlane.names(plane.changes()))
                .containsExactly("remove-peer wg0/" + A, "remove-peer wg0/" + unknown, "add-peer wg0/" + C);
        assertThat(plane.changes()).allSatisfy(call -> assertThat(keysOnDisk(call)).containsExactly(B, C));
        assertThat(Files.readAllLines(store.journalFile())).as("the header and one batch: removals first")
                .hasSize(4).element(3).asString().contains("\"add\"", C);
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(B, C);
        assertThat(store.load()).contains(reconciler.applied());
    }

    @Test
    void replaced_keys_and_other_changes_in_one_batch_end_as_the_last_of_them_says() throws Exception {
        reconciler.apply(state(1, wg("wg0", 51820, A, B)));
        String d = "Fvb6X6SZ0bFvDPN6ANPY6HDSd9BxH4L8oqZXO+TI5Ug=";
        int[] replaced = new int[1];

        whileOneChangeIsApplied(List.of(
                () -> reconciler.addPeer("wg0", peer(A, "10.10.0.9/32"), List.of()),
                () -> replaced[0] = reconciler.addPeer("wg0", peer(d, "10.10.0.5/32"), List.of(A, B)),
                () -> reconciler.addPeer("wg0", peer(B, "10.10.0.8/32"), List.of())));

        // A re-set, then replaced: gone; B replaced, then added again: back with its new address
        assertThat(plane.batchSizes).containsExactly(1, 3);
        assertThat(replaced[0]).isEqualTo(2);
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(C, d, B);
        assertThat(plane.interfaces.get("wg0").get(B).allowedIps()).extracting(IpNet::text).containsExactly("10.10.0.8/32");
        assertThat(reconciler.interfaceNamed("wg0").peers()).extracting(WgPeer::publicKey).containsExactly(C, d, B);
        assertThat(store.load()).contains(reconciler.applied());
    }

    @Test
    void removing_a_peer_stores_its_removal_before_wireguard_hears_of_it() {
        reconciler.apply(state(1, wg("wg0", 51820, A, B)));
        plane.calls.clear();

        var removed = reconciler.removePeer("wg0", B);

        assertThat(removed).map(PeerStatus::bytesOut).contains(200L);
        assertThat(FakeDataPlane.names(plane.calls)).containsExactly("peers wg0", "remove-peer wg0/" + B);
        assertThat(plane.calls).allSatisfy(call -> assertThat(keysOnDisk(call)).containsExactly(A));
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(A);
    }

    @Test
    void removing_a_peer_without_its_counters_reads_nothing_from_wireguard() {
        reconciler.apply(state(1, wg("wg0", 51820, A, B)));
        plane.calls.clear();

        assertThat(reconciler.removePeer("wg0", B, false)).isEmpty();

        assertThat(FakeDataPlane.names(plane.calls)).containsExactly("remove-peer wg0/" + B);
        assertThat(plane.calls).allSatisfy(call -> assertThat(keysOnDisk(call)).containsExactly(A));
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(A);
    }

    @Test
    void removing_a_peer_wireguard_does_not_have_answers_empty_and_still_stores_the_removal() {
        reconciler.apply(state(1, wg("wg0", 51820, A, B)));
        plane.interfaces.get("wg0").remove(B);

        assertThat(reconciler.removePeer("wg0", B)).isEmpty();
        assertThat(keys(store.load().orElseThrow())).containsExactly(A);
    }

    @Test
    void a_peer_for_an_interface_the_state_does_not_have_is_unknown_and_changes_nothing() throws Exception {
        reconciler.apply(state(1, wg("wg0", 51820, A)));
        String before = Files.readString(store.file());
        plane.calls.clear();

        assertThatThrownBy(() -> reconciler.addPeer("wg9", peer(B, "10.10.0.3/32"), List.of())).isInstanceOf(UnknownTarget.class);
        assertThatThrownBy(() -> reconciler.removePeer("wg9", B)).isInstanceOf(UnknownTarget.class);
        assertThat(plane.calls).isEmpty();
        assertThat(Files.readString(store.file())).isEqualTo(before);
    }

    @Test
    void the_repair_recreates_a_vanished_interface_from_the_stored_state() {
        reconciler.apply(state(1, wg("wg0", 51820, A), wg("wg1", 51821, B)));
        reconciler.addPeer("wg0", peer(C, "10.10.0.4/32"), List.of());
        plane.interfaces.remove("wg0");
        plane.calls.clear();

        var repaired = reconciler.repair();

        assertThat(repaired).containsExactly("wireguard wg0: 2 peers");
        assertThat(FakeDataPlane.names(plane.changes())).containsExactly("apply-full wg0");
        assertThat(plane.changes()).allSatisfy(call -> assertThat(call.onDisk()).contains(reconciler.applied()));
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(A, C);
        assertThat(reconciler.repairsTotal()).isEqualTo(1);
    }

    @Test
    void restoring_after_a_restart_applies_exactly_what_is_on_disk_with_the_full_job() {
        reconciler.apply(state(4, wg("wg0", 51820, A)));
        reconciler.addPeer("wg0", peer(B, "10.10.0.3/32"), List.of());
        var restarted = new Reconciler(store, plane, plane);
        plane.calls.clear();
        plane.interfaces.clear();

        var result = restarted.restore();

        assertThat(result.generation()).isEqualTo(4);
        assertThat(FakeDataPlane.names(plane.changes())).containsExactly("apply-full wg0", "openvpn ");
        assertThat(plane.changes()).allSatisfy(call -> assertThat(call.onDisk()).contains(restarted.applied()));
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(A, B);
    }

    @Test
    void restoring_with_nothing_stored_touches_nothing() {
        var result = reconciler.restore();

        assertThat(result.applied()).isFalse();
        assertThat(plane.calls).isEmpty();
        assertThat(reconciler.applied()).isEqualTo(DesiredState.EMPTY);
    }

    @Test
    void the_same_generation_again_is_a_no_op_even_with_a_different_body() throws Exception {
        reconciler.apply(state(5, wg("wg0", 51820, A)));
        String before = Files.readString(store.file());
        plane.calls.clear();

        var again = reconciler.apply(state(5, wg("wg0", 51820, A, B)));

        assertThat(again.applied()).isFalse();
        assertThat(again.changes()).isEmpty();
        assertThat(plane.calls).isEmpty();
        assertThat(Files.readString(store.file())).isEqualTo(before);
    }

    @Test
    void an_older_generation_is_refused_and_changes_nothing() throws Exception {
        reconciler.apply(state(5, wg("wg0", 51820, A)));
        String before = Files.readString(store.file());
        plane.calls.clear();

        assertThatThrownBy(() -> reconciler.apply(state(4)))
                .isInstanceOf(StaleGeneration.class)
                .hasMessage("generation 4 is older than the applied generation 5");
        assertThat(plane.calls).isEmpty();
        assertThat(Files.readString(store.file())).isEqualTo(before);
        assertThat(reconciler.applied().generation()).isEqualTo(5);
    }

    @Test
    void a_newer_generation_is_applied_as_a_peer_difference_and_replaces_the_stored_state() {
        reconciler.apply(state(5, wg("wg0", 51820, A)));
        plane.calls.clear();

        var result = reconciler.apply(state(6, wg("wg0", 51820, A, B)));

        assertThat(result.applied()).isTrue();
        assertThat(FakeDataPlane.names(plane.changes())).containsExactly("apply-difference wg0", "openvpn ");
        assertThat(store.load().orElseThrow().generation()).isEqualTo(6);
        assertThat(reconciler.appliesTotal()).isEqualTo(2);
    }

    @Test
    void an_invalid_state_is_refused_before_anything_is_stored_or_touched() {
        reconciler.apply(state(1, wg("wg0", 51820, A)));
        plane.calls.clear();

        assertThatThrownBy(() -> reconciler.apply("{\"generation\": 2, \"wireguard\": [{\"name\": \"wg0\"}]}"))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> reconciler.apply("{\"generation\": 2, \"wireguard\": [")).isInstanceOf(InvalidInput.class);
        assertThat(plane.calls).isEmpty();
        assertThat(store.load().orElseThrow().generation()).isEqualTo(1);
    }

    @Test
    void one_failing_interface_leaves_the_others_applied_reports_the_failure_and_keeps_the_state() {
        plane.broken.add("wg1");

        var result = reconciler.apply(state(1, wg("wg0", 51820, A), wg("wg1", 51821, B), wg("wg2", 51822, C)));

        assertThat(result.applied()).isTrue();
        assertThat(result.failures()).singleElement().asString()
                .startsWith("wireguard wg1: ip link add dev wg1 failed").contains("Operation not permitted");
        assertThat(plane.interfaces).containsOnlyKeys("wg0", "wg2");
        assertThat(reconciler.applied().generation()).isEqualTo(1);
        assertThat(store.load().orElseThrow().wireguard()).hasSize(3);
        assertThat(reconciler.failing()).containsOnlyKeys("wg1");
        assertThat(plane.openVpnProfiles).hasSize(1);
        assertThat(reconciler.failuresTotal()).isEqualTo(1);
    }

    @Test
    void a_failed_interface_is_retried_by_the_repair_until_it_works() {
        plane.broken.add("wg1");
        reconciler.apply(state(1, wg("wg0", 51820, A), wg("wg1", 51821, B)));

        assertThat(reconciler.repair()).isEmpty();
        assertThat(reconciler.failing()).containsOnlyKeys("wg1");
        plane.broken.clear();
        plane.calls.clear();

        assertThat(reconciler.repair()).containsExactly("wireguard wg1: 1 peers");
        assertThat(FakeDataPlane.names(plane.changes())).containsExactly("apply-full wg1");
        assertThat(reconciler.failing()).isEmpty();
    }

    @Test
    void a_failed_peer_addition_keeps_the_peer_in_the_state_and_the_next_state_does_the_full_job() {
        reconciler.apply(state(1, wg("wg0", 51820, A)));
        plane.broken.add("wg0");

        assertThatThrownBy(() -> reconciler.addPeer("wg0", peer(B, "10.10.0.3/32"), List.of())).isInstanceOf(CommandFailed.class);
        assertThat(keys(store.load().orElseThrow())).containsExactly(A, B);
        plane.broken.clear();
        plane.calls.clear();

        reconciler.apply(state(2, wg("wg0", 51820, A, B)));

        // a peer difference against the stored state would find nothing to do and leave B out
        assertThat(FakeDataPlane.names(plane.changes())).containsExactly("apply-full wg0", "openvpn ");
        assertThat(plane.interfaces.get("wg0")).containsOnlyKeys(A, B);
    }

    // ---- helpers ----------------------------------------------------------------------------


    /**
     * Adds peer C and, while that change holds the lock inside the data plane, queues the given
     * changes one after the other (each waiting before the next starts); then lets everything run.
     */
    private void whileOneChangeIsApplied(List<Runnable> queued) throws InterruptedException {
        var release = new java.util.concurrent.CountDownLatch(1);
        plane.holdNextBatch = release;
        var first = new Thread(() -> reconciler.addPeer("wg0", peer(C, "10.10.0.4/32"), List.of()));
        first.start();
        plane.batchHeld.await();
        List<Thread> waiting = queued.stream().map(Thread::new).toList();
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).start();
            while (reconciler.peerChangesWaiting() < i + 1) {
                Thread.onSpinWait();
            }
        }
        release.countDown();
        first.join();
        for (Thread t : waiting) {
            t.join();
        }
    }
    private static String state(long generation, Object... interfaces) {
        return Json.write(Json.object("generation", generation, "wireguard", List.of(interfaces)));
    }

    private static Object wg(String name, int port, String... keys) {
        var peers = new java.util.ArrayList<Object>();
        for (int i = 0; i < keys.length; i++) {
            peers.add(Json.object("public_key", keys[i], "allowed_ips", List.of("10.10.0." + (i + 2) + "/32")));
        }
        return Json.object("name", name, "listen_port", port, "addresses", List.of("10.10.0.1/24"), "peers", peers);
    }

    private static WgPeer peer(String key, String ip) {
        return new WgPeer(key, List.of(IpNet.parse(ip, "test")));
    }

    private static List<String> keysOnDisk(FakeDataPlane.Call call) {
        return keys(call.onDisk().orElseThrow());
    }

    private static List<String> keys(DesiredState state) {
        return state.wireguard(state.wireguard().get(0).name()).orElseThrow().peers().stream()
                .map(WgPeer::publicKey).toList();
    }

}
