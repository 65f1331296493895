package org.tunnelgate.systemtest.ha;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tunnelgate.systemtest.PortalClient;

/**
 * A load generator through the virtual IP: each worker plays a VPN app (bearer token: {@code /info},
 * now and then {@code /connect}) and a person in a browser (their logged-in session: the portal's
 * home page), and every few rounds a fresh login. Every request is recorded with its start, end and
 * outcome; a failed one is tried once more, as the apps do, and counted as failed only if that
 * fails too. A new connection must be made within a second (the address answers, or it does not);
 * an answer may take five (this shared 2-core machine needs more than a second for a /connect
 * under load, and Galera stalls writes for seconds while it evicts a dead node).
 */
final class Load implements AutoCloseable {

    /** One request: when it started and ended (System.nanoTime), whether it worked, after how many tries. */
    record Outcome(String what, long start, long end, boolean ok, int tries, String detail) {}

    /** A configuration the server confirmed to a client: its key, to look for in the database later. */
    record Confirmed(String publicKey, String ipv4) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern ADDRESS = Pattern.compile("Address = ([0-9.]+)/");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Cluster cluster;
    private final HttpClient http;
    private final List<String> tokens;
    private final PortalClient browser;
    private final String loginName;
    private final String loginPassword;
    private final ExecutorService workers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    /** Per app (token): the configuration it was confirmed last — a new /connect replaces the app's previous one. */
    final java.util.concurrent.ConcurrentHashMap<String, Confirmed> confirmed = new java.util.concurrent.ConcurrentHashMap<>();

    Load(Cluster cluster, List<String> tokens, PortalClient browser, String loginName, String loginPassword) {
        this.cluster = cluster;
        this.http = cluster.http().connectTimeout(Duration.ofSeconds(1)).build();
        this.tokens = tokens;
        this.browser = browser;
        this.loginName = loginName;
        this.loginPassword = loginPassword;
        this.workers = Executors.newFixedThreadPool(tokens.size());
        for (String token : tokens) {
            workers.submit(() -> work(token));
        }
    }

    private void work(String token) {
        for (int round = 0; running.get(); round++) {
            attempt("info", t -> info(token));
            if (round % 3 == 0) {
                attempt("connect", t -> connect(token));
            }
            if (round % 2 == 0) {
                attempt("portal", t -> portal());
            }
            if (round % 10 == 5) {
                attempt("login", t -> login());
            }
        }
    }

    private void attempt(String what, Function<Integer, String> request) {
        long start = System.nanoTime();
        String failure = null;
        for (int tries = 1; tries <= 2; tries++) {
            try {
                failure = request.apply(tries);
            } catch (RuntimeException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (failure == null) {
                outcomes.add(new Outcome(what, start, System.nanoTime(), true, tries, ""));
                return;
            }
        }
        outcomes.add(new Outcome(what, start, System.nanoTime(), false, 2, failure));
    }

    private String info(String token) {
        var response = send(HttpRequest.newBuilder(cluster.vip("/api/v3/info")).header("Authorization", "Bearer " + token).GET());
        return response.statusCode() == 200 && response.body().contains("employees") ? null : "info " + response.statusCode();
    }

    private String connect(String token) {
        String key = publicKey();
        var response = send(HttpRequest.newBuilder(cluster.vip("/api/v3/connect"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/x-wireguard-profile")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("profile_id=employees&public_key="
                        + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8))));
        if (response.statusCode() != 200) {
            return "connect " + response.statusCode() + " " + response.body();
        }
        Matcher m = ADDRESS.matcher(response.body());
        confirmed.put(token, new Confirmed(key, m.find() ? m.group(1) : null));
        return null;
    }

    private String portal() {
        PortalClient.Page home = browser.get("/");
        return home.status() == 200 && home.body().contains(loginName) ? null : "portal home " + home.status();
    }

    private String login() {
        PortalClient fresh = new PortalClient(cluster.vip("/"), cluster.http());
        PortalClient.Page page = fresh.login(loginName, loginPassword);
        return page.status() == 200 ? null : "login " + page.status();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String publicKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Outcomes of requests that started at or after {@code from} (System.nanoTime). */
    List<Outcome> since(long from) {
        List<Outcome> list = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.start() >= from) {
                list.add(o);
            }
        }
        list.sort((a, b) -> Long.compare(a.start(), b.start()));
        return Collections.unmodifiableList(list);
    }

    /**
     * The error window after a failure at {@code from}: until a request that started after it got
     * its answer — how long a person who clicked just after the failure waited for the service to
     * come back. (Requests in flight on a connection to the machine that vanished are lost with it;
     * they are counted as failed requests, not as window.)
     */
    static Duration errorWindow(List<Outcome> outcomes, long from) {
        long recovered = outcomes.stream().filter(o -> o.ok() && o.start() >= from)
                .mapToLong(Outcome::end).min().orElse(System.nanoTime());
        return Duration.ofNanos(recovered - from);
    }

    /** The longest time in which no request completed successfully: the stall people felt. */
    static Duration longestStall(List<Outcome> outcomes) {
        long[] ends = outcomes.stream().filter(Outcome::ok).mapToLong(Outcome::end).sorted().toArray();
        long longest = 0;
        for (int i = 1; i < ends.length; i++) {
            longest = Math.max(longest, ends[i] - ends[i - 1]);
        }
        return Duration.ofNanos(longest);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);
        workers.shutdownNow();
    }
}
