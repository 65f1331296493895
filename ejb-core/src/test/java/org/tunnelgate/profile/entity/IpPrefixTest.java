package org.tunnelgate.profile.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpPrefixTest {

    @Test
    void parsesAndPrintsIpv4AndIpv6PrefixesCanonically() {
        assertThat(IpPrefix.parse("10.43.43.0/24")).hasToString("10.43.43.0/24");
        assertThat(IpPrefix.parse("FD43:0:0:0:0:0:0:0/64")).hasToString("fd43::/64");
        assertThat(IpPrefix.parse("2001:db8:0:1:0:0:0:0/64")).hasToString("2001:db8:0:1::/64");
        assertThat(IpPrefix.parse("0.0.0.0/0")).hasToString("0.0.0.0/0");
        assertThat(IpPrefix.parse("::/0")).hasToString("::/0");
    }

    @Test
    void aSingleZeroHextetIsNotCompressed() {
        assertThat(IpPrefix.parse("2001:db8:0:1:1:1:1:0/128")).hasToString("2001:db8:0:1:1:1:1:0/128");
    }

    @Test
    void refusesHostBitsAndSuggestsTheNetwork() {
        assertThatThrownBy(() -> IpPrefix.parse("10.43.43.1/24"))
                .hasMessageContaining("did you mean 10.43.43.0/24");
    }

    @Test
    void refusesMalformedPrefixes() {
        for (String bad : new String[] {"10.0.0.0", "10.0.0/8", "10.0.0.0/33", "256.0.0.0/8", "010.0.0.0/8",
                "fd43::/129", "fd43:::/64", "fd43::1::/64", "example.org/24", "10.0.0.0/-1", "fe80::%eth0/64",
                "::ffff:1.2.3.4/128", "10.0.0.0/ 8", ""}) {
            assertThatThrownBy(() -> IpPrefix.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void knowsContainmentAndOverlap() {
        IpPrefix big = IpPrefix.parse("10.0.0.0/8");
        IpPrefix small = IpPrefix.parse("10.1.0.0/16");
        assertThat(big.contains(small)).isTrue();
        assertThat(small.contains(big)).isFalse();
        assertThat(small.overlaps(big)).isTrue();
        assertThat(small.overlaps(IpPrefix.parse("10.2.0.0/16"))).isFalse();
        assertThat(big.overlaps(IpPrefix.parse("fd00::/8"))).isFalse();
    }

    @Test
    void splitsIntoEqualNodeShares() {
        IpPrefix range = IpPrefix.parse("10.43.0.0/22");
        assertThat(range.subPrefix(2, 0)).hasToString("10.43.0.0/24");
        assertThat(range.subPrefix(2, 3)).hasToString("10.43.3.0/24");
        // RFC 5952: of two equally long zero runs the first is compressed
        assertThat(IpPrefix.parse("fd43::/64").subPrefix(1, 1)).hasToString("fd43::8000:0:0:0/65");
    }

    @Test
    void addressesAtAnOffsetStayInside() {
        IpPrefix range = IpPrefix.parse("10.43.43.0/24");
        assertThat(range.addressAt(2)).isEqualTo("10.43.43.2");
        assertThat(IpPrefix.parse("fd43::/64").addressAt(2)).isEqualTo("fd43::2");
        assertThatThrownBy(() -> range.addressAt(256)).isInstanceOf(IllegalArgumentException.class);
    }
}
