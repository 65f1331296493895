package org.tunnelgate.portal.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tunnelgate.oauth.control.BuiltInClients;

class AuthorizationRequestTest {

    private static final String CHALLENGE = "9qzgSbBsk7qpXjLg660WAbN5dwI2GSGCEPrsP1aDCQ0";

    private static Map<String, String[]> valid() {
        Map<String, String[]> p = new HashMap<>();
        p.put("client_id", new String[] {"org.eduvpn.app.linux"});
        p.put("redirect_uri", new String[] {"http://127.0.0.1:51234/callback"});
        p.put("response_type", new String[] {"code"});
        p.put("scope", new String[] {"config"});
        p.put("state", new String[] {"s-123"});
        p.put("code_challenge_method", new String[] {"S256"});
        p.put("code_challenge", new String[] {CHALLENGE});
        return p;
    }

    private static AuthorizationRequest check(Map<String, String[]> p) throws AuthorizationRequest.Invalid {
        return AuthorizationRequest.check(p, BuiltInClients::find);
    }

    @Test
    void aCompleteRequestOfABuiltInAppIsAccepted() throws Exception {
        AuthorizationRequest r = check(valid());
        assertThat(r.clientName()).isEqualTo("eduVPN for Linux");
        assertThat(r.redirectUri()).isEqualTo("http://127.0.0.1:51234/callback");
    }

    @Test
    void everyParameterIsRequired() {
        for (String name : valid().keySet()) {
            Map<String, String[]> p = valid();
            p.remove(name);
            assertThatThrownBy(() -> check(p)).as(name).isInstanceOf(AuthorizationRequest.Invalid.class);
        }
    }

    @Test
    void wrongValuesAreRefusedWithAReason() {
        assertRefused("client_id", "org.example.unknown", "not known");
        assertRefused("redirect_uri", "http://evil.example/callback", "redirect_uri");
        assertRefused("response_type", "token", "response_type");
        assertRefused("scope", "config openid", "scope");
        assertRefused("code_challenge_method", "plain", "S256");
        assertRefused("code_challenge", "short", "code_challenge");
        assertRefused("state", "a\nb", "state");
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        Map<String, String[]> p = valid();
        p.put("redirect_uri", new String[] {"http://127.0.0.1:1/callback", "http://evil.example/"});
        assertThatThrownBy(() -> check(p)).hasMessageContaining("more than once");
    }

    @Test
    void approvalCarriesCodeStateAndTheUrlEncodedIssuer() throws Exception {
        AuthorizationRequest r = check(valid());
        assertThat(r.approvedRedirect("c0de", "https://vpn.example.org/")).isEqualTo(
                "http://127.0.0.1:51234/callback?code=c0de&state=s-123&iss=https%3A%2F%2Fvpn.example.org%2F");
    }

    @Test
    void denialCarriesAccessDeniedAndState() throws Exception {
        Map<String, String[]> p = valid();
        p.put("state", new String[] {"a b&c"});
        assertThat(check(p).deniedRedirect("https://vpn.example.org/")).isEqualTo(
                "http://127.0.0.1:51234/callback?error=access_denied&state=a+b%26c&iss=https%3A%2F%2Fvpn.example.org%2F");
    }

    private static void assertRefused(String name, String value, String reasonMentions) {
        Map<String, String[]> p = valid();
        p.put(name, new String[] {value});
        assertThatThrownBy(() -> check(p)).as(name).hasMessageContaining(reasonMentions);
    }
}
