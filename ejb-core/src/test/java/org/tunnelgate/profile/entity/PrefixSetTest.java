package org.tunnelgate.profile.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixSetTest {

    private static List<IpPrefix> prefixes(String... cidrs) {
        return Arrays.stream(cidrs).map(IpPrefix::parse).toList();
    }

    private static List<String> subtract(List<IpPrefix> include, List<IpPrefix> exclude) {
        return PrefixSet.subtract(include, exclude).stream().map(IpPrefix::toString).toList();
    }

    @Test
    void nothingExcludedLeavesTheRoutesSortedWithCoveredOnesDropped() {
        assertThat(subtract(prefixes("fd10::/48", "10.10.0.0/16", "10.10.5.0/24", "10.0.0.0/24"), List.of()))
                .containsExactly("10.0.0.0/24", "10.10.0.0/16", "fd10::/48");
    }

    @Test
    void excludingAQuarterLeavesTheOtherThreeQuartersAsTwoPrefixes() {
        assertThat(subtract(prefixes("10.0.0.0/24"), prefixes("10.0.0.192/26")))
                .containsExactly("10.0.0.0/25", "10.0.0.128/26");
    }

    @Test
    void excludingOneAddressFromTheDefaultRouteGivesThirtyTwoPrefixesCoveringEverythingElse() {
        List<IpPrefix> result = PrefixSet.subtract(prefixes("0.0.0.0/0"), prefixes("192.168.1.1/32"));
        assertThat(result).hasSize(32);
        assertThat(result).noneMatch(p -> p.contains(IpPrefix.parse("192.168.1.1/32")));
        java.math.BigInteger covered = result.stream().map(IpPrefix::size).reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add);
        assertThat(covered).isEqualTo(java.math.BigInteger.ONE.shiftLeft(32).subtract(java.math.BigInteger.ONE));
    }

    @Test
    void excludingEverythingOrSomethingUnrelatedBehavesAsExpected() {
        assertThat(subtract(prefixes("10.10.0.0/16"), prefixes("10.0.0.0/8"))).isEmpty();
        assertThat(subtract(prefixes("10.10.0.0/16"), prefixes("192.168.0.0/16", "fd00::/8"))).containsExactly("10.10.0.0/16");
    }

    @Test
    void ipv6ExclusionsWorkTheSameWay() {
        assertThat(subtract(prefixes("::/0"), prefixes("8000::/1"))).containsExactly("::/1");
        assertThat(subtract(prefixes("fd10::/48"), prefixes("fd10::/49"))).containsExactly("fd10:0:0:8000::/49");
    }

    @Test
    void severalExclusionsAreAllApplied() {
        assertThat(subtract(prefixes("10.0.0.0/24"), prefixes("10.0.0.0/26", "10.0.0.128/26")))
                .containsExactly("10.0.0.64/26", "10.0.0.192/26");
    }
}
