package org.tunnelgate.portal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicBaseUrlTest {

    private static final TrustedProxies PROXY = TrustedProxies.parse("10.0.0.5, 192.168.10.0/24, fd00::/8");

    @Test
    void withoutAProxyTheUrlIsTheSchemeAndHostTheClientUsed() {
        assertThat(base(Map.of(), "https", "vpn.example.org", "203.0.113.7")).isEqualTo("https://vpn.example.org");
        assertThat(base(Map.of(), "http", "127.0.0.1:43080", "127.0.0.1")).isEqualTo("http://127.0.0.1:43080");
    }

    @Test
    void defaultPortsAreLeftOut() {
        assertThat(base(Map.of(), "https", "vpn.example.org:443", "203.0.113.7")).isEqualTo("https://vpn.example.org");
        assertThat(base(Map.of(), "http", "vpn.example.org:80", "203.0.113.7")).isEqualTo("http://vpn.example.org");
    }

    @Test
    void xForwardedHeadersOfATrustedProxyAreHonoured() {
        Map<String, String> headers = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "vpn.example.org");
        assertThat(base(headers, "http", "10.0.0.9:8080", "10.0.0.5")).isEqualTo("https://vpn.example.org");
        assertThat(base(headers, "http", "10.0.0.9:8080", "192.168.10.77")).isEqualTo("https://vpn.example.org");
        assertThat(base(headers, "http", "10.0.0.9:8080", "fd12::1")).isEqualTo("https://vpn.example.org");
    }

    @Test
    void xForwardedPortReplacesThePort() {
        Map<String, String> headers = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "vpn.example.org:8443",
                "X-Forwarded-Port", "9443");
        assertThat(base(headers, "http", "10.0.0.9:8080", "10.0.0.5")).isEqualTo("https://vpn.example.org:9443");
    }

    @Test
    void theSameHeadersFromAnyoneElseAreIgnored() {
        Map<String, String> headers = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example",
                "Forwarded", "proto=https;host=evil.example");
        assertThat(base(headers, "http", "vpn.example.org:8080", "203.0.113.7")).isEqualTo("http://vpn.example.org:8080");
        assertThat(base(headers, "http", "vpn.example.org:8080", "10.0.0.6")).isEqualTo("http://vpn.example.org:8080");
    }

    @Test
    void rfc7239ForwardedWinsAndItsFirstHopCounts() {
        Map<String, String> headers = Map.of("Forwarded", "for=198.51.100.1;proto=https;host=\"vpn.example.org\", for=10.0.0.4",
                "X-Forwarded-Host", "other.example");
        assertThat(base(headers, "http", "10.0.0.9:8080", "10.0.0.5")).isEqualTo("https://vpn.example.org");
    }

    @Test
    void garbageInForwardingHeadersFallsBackToTheDirectRequest() {
        Map<String, String> headers = Map.of("X-Forwarded-Proto", "javascript", "X-Forwarded-Host", "evil.example/\"><script>",
                "X-Forwarded-Port", "99999");
        assertThat(base(headers, "http", "vpn.example.org:8080", "10.0.0.5")).isEqualTo("http://vpn.example.org:8080");
    }

    @Test
    void theIssuerIsTheBaseUrlWithATrailingSlash() {
        assertThat(PublicBaseUrl.issuer("https://vpn.example.org")).isEqualTo("https://vpn.example.org/");
    }

    @Test
    void aMisconfiguredProxyListIsRefusedWithTheOffendingEntry() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1, proxy.example")).hasMessageContaining("proxy.example");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
        assertThat(TrustedProxies.parse("").contains("10.0.0.1")).isFalse();
    }

    private static String base(Map<String, String> headers, String scheme, String host, String remote) {
        return PublicBaseUrl.of(headers::get, scheme, host, remote, PROXY);
    }
}
