package org.tunnelgate.portal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainHttpAnswerTest {

    @Test
    void aPageFetchedOverHttpIsRedirectedPermanentlyToTheSamePathAndQueryOnHttps() {
        var answer = PlainHttpAnswer.of("GET", false, "https://localhost:8181", "/oauth/authorize?client_id=a&state=b");

        assertThat(answer.status()).isEqualTo(301);
        assertThat(answer.location()).isEqualTo("https://localhost:8181/oauth/authorize?client_id=a&state=b");
        assertThat(PlainHttpAnswer.of("HEAD", false, "https://localhost:8181", "/").status()).isEqualTo(301);
    }

    @Test
    void aRequestThatSendsSomethingIsRefusedWithTheHttpsAddressInsteadOfBeingRedirected() {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
            var answer = PlainHttpAnswer.of(method, false, "https://vpn.example.org", "/api/v3/connect");

            assertThat(answer.status()).as(method).isEqualTo(403);
            assertThat(answer.message()).as(method).contains("only over HTTPS", "https://vpn.example.org/api/v3/connect");
        }
    }

    @Test
    void credentialsOverHttpAreRefusedEvenOnAGetAndTheMessageSaysTheyWereNotChecked() {
        var answer = PlainHttpAnswer.of("GET", true, "https://vpn.example.org", "/api/admin/ping");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.message()).contains("not checked", "https://vpn.example.org/api/admin/ping");
    }

    @Test
    void theHttpsTwinKeepsTheHostAndUsesTheHttpsListenersPort() {
        assertThat(PlainHttpAnswer.httpsBase("http://localhost:8080", 8181, false)).isEqualTo("https://localhost:8181");
        assertThat(PlainHttpAnswer.httpsBase("http://VPN.Example.org", 8181, false)).isEqualTo("https://vpn.example.org:8181");
        assertThat(PlainHttpAnswer.httpsBase("http://[::1]:8080", 8181, false)).isEqualTo("https://[::1]:8181");
        assertThat(PlainHttpAnswer.httpsBase("http://192.0.2.1:8080", 443, false)).isEqualTo("https://192.0.2.1");
    }

    @Test
    void behindATrustedProxyTheHttpsTwinIsOnTheStandardPort() {
        assertThat(PlainHttpAnswer.httpsBase("http://vpn.example.org", 8181, true)).isEqualTo("https://vpn.example.org");
        assertThat(PlainHttpAnswer.httpsBase("http://vpn.example.org:8080", 8181, true)).isEqualTo("https://vpn.example.org");
    }

    @Test
    void onlyTheHealthChecksAreServedOverPlainHttpAndOnlyToPlainReads() {
        assertThat(PlainHttpAnswer.servedOverPlainHttp("GET", false, "/health/ready")).isTrue();
        assertThat(PlainHttpAnswer.servedOverPlainHttp("HEAD", false, "/health/live")).isTrue();
        assertThat(PlainHttpAnswer.servedOverPlainHttp("GET", false, "/health")).isFalse();
        assertThat(PlainHttpAnswer.servedOverPlainHttp("GET", false, "/health/ready/../../login")).isFalse();
        assertThat(PlainHttpAnswer.servedOverPlainHttp("POST", false, "/health/ready")).isFalse();
        assertThat(PlainHttpAnswer.servedOverPlainHttp("GET", true, "/health/ready")).isFalse();
    }
}
