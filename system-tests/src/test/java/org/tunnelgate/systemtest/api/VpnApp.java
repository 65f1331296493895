package org.tunnelgate.systemtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tunnelgate.systemtest.PortalClient;
import org.tunnelgate.systemtest.SystemUnderTest;

/**
 * Plays an eduVPN app against the running system, step by step as the apps and their client library
 * do it: discovery, the browser part of the authorization (through a logged-in {@link PortalClient}),
 * the token endpoint and the API. Each instance has its own PKCE verifier, state and loopback port.
 */
final class VpnApp {

    static final String LINUX = "org.eduvpn.app.linux";
    static final String WIREGUARD = "application/x-wireguard-profile";
    static final String OPENVPN = "application/x-openvpn-profile";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    final SystemUnderTest system;
    final HttpClient http;
    final String clientId;
    final String redirectUri;
    final String verifier = random(32);
    final String state = random(12);

    VpnApp(SystemUnderTest system) {
        this(system, LINUX, "http://127.0.0.1:" + (1024 + RANDOM.nextInt(60000)) + "/callback");
    }

    VpnApp(SystemUnderTest system, String clientId, String redirectUri) {
        this.system = system;
        this.http = system.httpClientBuilder().version(HttpClient.Version.HTTP_1_1).build();
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    String challenge() {
        return challengeOf(verifier);
    }

    static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The authorize parameters exactly as an app sends them. */
    Map<String, String> authorizeParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("response_type", "code");
        p.put("scope", "config");
        p.put("state", state);
        p.put("code_challenge_method", "S256");
        p.put("code_challenge", challenge());
        return p;
    }

    static String authorizePath(Map<String, String> parameters) {
        return "/oauth/authorize?" + PortalClient.formEncode(parameters);
    }

    /** Opens the authorize URL in the (logged-in) browser and lands on the consent page. */
    PortalClient.Page consentPage(PortalClient browser) {
        PortalClient.Page page = browser.follow(browser.get(authorizePath(authorizeParameters())));
        assertThat(page.status()).as("consent page: %s", page).isEqualTo(200);
        assertThat(page.hasForm("consent")).as("consent form on %s", page).isTrue();
        return page;
    }

    /** Approves on the consent page; returns the redirect back to the app. */
    URI approve(PortalClient browser) {
        return answer(browser, consentPage(browser), "consent:approve");
    }

    URI deny(PortalClient browser) {
        return answer(browser, consentPage(browser), "consent:deny");
    }

    URI answer(PortalClient browser, PortalClient.Page consent, String button) {
        PortalClient.Page answer = browser.submit(consent, "consent", Map.of(), button);
        assertThat(answer.status()).as("answer to the consent page: %s", answer).isEqualTo(302);
        return URI.create(answer.location().orElseThrow());
    }

    /** Logs in (if needed), approves and exchanges the code: what an app has after "Log in". */
    Tokens authorize(PortalClient browser) {
        URI back = approve(browser);
        HttpResponse<String> response = exchange(query(back, "code").orElseThrow(), verifier);
        assertThat(response.statusCode()).as("token response %s", response.body()).isEqualTo(200);
        return Tokens.of(response.body());
    }

    HttpResponse<String> exchange(String code, String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", clientId);
        form.put("code_verifier", codeVerifier);
        return token(form);
    }

    HttpResponse<String> refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
    }

    HttpResponse<String> token(Map<String, String> form) {
        return send(HttpRequest.newBuilder(system.httpsUrl("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(PortalClient.formEncode(form))));
    }

    HttpResponse<String> info(String accessToken) {
        return send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/info"))
                .header("Authorization", "Bearer " + accessToken).GET());
    }

    /** {@code /connect} with the given form and one {@code Accept} header line per entry. */
    HttpResponse<String> connect(String accessToken, Map<String, String> form, String... acceptLines) {
        HttpRequest.Builder request = HttpRequest.newBuilder(system.httpsUrl("/api/v3/connect"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(PortalClient.formEncode(form)));
        for (String accept : acceptLines) {
            request.header("Accept", accept);
        }
        return send(request);
    }

    HttpResponse<String> disconnect(String accessToken) {
        return send(HttpRequest.newBuilder(system.httpsUrl("/api/v3/disconnect"))
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Optional<String> query(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** A WireGuard public key as an app would send it (any 32 bytes are a Curve25519 public key). */
    static String wireGuardPublicKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A string member of a flat JSON object (enough for token responses and errors). */
    static Optional<String> jsonString(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    record Tokens(String accessToken, String refreshToken) {
        static Tokens of(String json) {
            return new Tokens(jsonString(json, "access_token").orElseThrow(), jsonString(json, "refresh_token").orElseThrow());
        }
    }
}
