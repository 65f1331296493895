package org.tunnelgate.node.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tunnelgate.node.control.PeerRepair.Peer;

class PeerRepairTest {

    private static final Peer A = Peer.of("wg0", "key-a", List.of("10.0.0.2/32", "fd00::2/128"));
    private static final Peer B = Peer.of("wg0", "key-b", List.of("10.0.0.3/32"));
    private static final Peer C = Peer.of("wg0", "key-c", List.of("10.0.0.4/32"));

    @Test
    void a_node_that_has_what_the_database_wants_needs_nothing() {
        var repair = PeerRepair.plan(Set.of(A, B), Set.of(B, A), Set.of(), false);

        assertThat(repair.differs()).isFalse();
        assertThat(repair.completeState()).isFalse();
        assertThat(repair.add()).isEmpty();
        assertThat(repair.remove()).isEmpty();
    }

    @Test
    void allowed_ips_compare_in_any_order() {
        assertThat(Peer.of("wg0", "key-a", List.of("fd00::2/128", "10.0.0.2/32"))).isEqualTo(A);
    }

    @Test
    void a_peer_missing_once_is_a_push_on_its_way_and_is_added_when_the_next_run_finds_it_missing_again() {
        var first = PeerRepair.plan(Set.of(A), Set.of(A, B), Set.of(), false);

        assertThat(first.missing()).containsExactly(B);
        assertThat(first.add()).isEmpty();

        var second = PeerRepair.plan(Set.of(A), Set.of(A, B), first.missing(), false);

        assertThat(second.add()).containsExactly(B);
        assertThat(second.completeState()).isFalse();
    }

    @Test
    void a_peer_the_database_no_longer_has_is_removed_at_once() {
        var repair = PeerRepair.plan(Set.of(A, C), Set.of(A), Set.of(), false);

        assertThat(repair.remove()).containsExactly(C);
        assertThat(repair.add()).isEmpty();
    }

    @Test
    void a_peer_whose_allowed_ips_changed_is_never_removed_only_added_again() {
        Peer moved = Peer.of("wg0", "key-a", List.of("10.0.0.9/32"));

        var first = PeerRepair.plan(Set.of(A), Set.of(moved), Set.of(), false);
        var second = PeerRepair.plan(Set.of(A), Set.of(moved), first.missing(), false);

        assertThat(first.remove()).isEmpty();
        assertThat(second.remove()).isEmpty();
        assertThat(second.add()).containsExactly(moved);
    }

    @Test
    void many_differences_or_a_state_due_anyway_go_out_as_the_complete_state() {
        Set<Peer> wanted = new HashSet<>();
        for (int i = 0; i <= PeerRepair.MAX_PEER_REPAIRS; i++) {
            wanted.add(Peer.of("wg0", "key-" + i, List.of("10.1." + i / 250 + "." + i % 250 + "/32")));
        }

        var lost = PeerRepair.plan(Set.of(), wanted, wanted, false);
        var due = PeerRepair.plan(Set.of(A), Set.of(A), Set.of(), true);

        assertThat(lost.completeState()).isTrue();
        assertThat(lost.add()).as("nothing peer by peer").isEmpty();
        assertThat(lost.missing()).hasSize(PeerRepair.MAX_PEER_REPAIRS + 1);
        assertThat(due.completeState()).isTrue();
        assertThat(PeerRepair.plan(Set.of(), Set.copyOf(List.copyOf(wanted).subList(0, PeerRepair.MAX_PEER_REPAIRS)), Set.of(), false)
                .completeState()).as("exactly the limit: peer by peer").isFalse();
    }
}
