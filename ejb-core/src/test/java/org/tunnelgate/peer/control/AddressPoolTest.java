package org.tunnelgate.peer.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tunnelgate.profile.entity.IpPrefix;

class AddressPoolTest {

    private final AddressPool pool = new AddressPool(IpPrefix.parse("10.43.43.0/29"), IpPrefix.parse("fd43::/64"));

    @Test
    void clientsGetEverythingButNetworkGatewayAndBroadcast() {
        assertThat(pool.capacity()).isEqualTo(5);
        Set<Long> seen = new HashSet<>();
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            seen.add(pool.randomHost(random));
        }
        assertThat(seen).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L);
        assertThat(pool.ipv4(2)).isEqualTo("10.43.43.2");
        assertThat(pool.ipv6(6)).isEqualTo("fd43::6");
    }

    @Test
    void aFreeHostIsFoundWhereverTheSearchStartsAndNoneWhenFull() {
        BitSet used = new BitSet();
        used.set(2);
        used.set(3);
        used.set(5);
        used.set(6);
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            assertThat(pool.freeHost(used, random)).hasValue(4);
        }
        used.set(4);
        assertThat(pool.freeHost(used, random)).isEmpty();
    }

    @Test
    void freeHostsAreSpreadSoRacingInstancesRarelyPickTheSame() {
        AddressPool big = new AddressPool(IpPrefix.parse("10.0.0.0/16"), IpPrefix.parse("fd00::/64"));
        Set<Long> picks = new HashSet<>();
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            picks.add(big.freeHost(new BitSet(), random).getAsLong());
        }
        assertThat(picks).hasSizeGreaterThan(95);
    }
}
