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
 * outcome; a failed one is tried once more, as the apps do — on a new connection, as their HTTP
 * stacks do after a kept-alive connection was closed under them (the virtual IP moved) — and
 * counted as failed only if that fails too. Each try gets what an eduVPN app gives a request: eduvpn-common's HTTP client waits
 * 10 s for an answer (its default per-request timeout), so a slow answer — a /connect on this
 * shared 2-core machine, a write stalled while Galera evicts a dead node — is slow, not failed;
 * the stall shows in the figures (longest stall, error window) instead.
 */
final class Load implements AutoCloseable {

    /** One request: when it started and ended (System.nanoTime), whether it worked, after how many tries. */
    record Outcome(String what, long start, long end, boolean ok, int tries, String detail) {}

    /** A configuration the server confirmed to a client: its key, to look for in the database later. */
    record Confirmed(String publicKey, String ipv4) {}

    /** eduvpn-common's default per-request timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ADDRESS = Pattern.compile("Address = ([0-9.]+)/");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Cluster cluster;
    private final HttpClient http;
    private final List<String> tokens;
    private final PortalClient browser;
    private final String loginName;
    private final String loginPassword;
    private final ExecutorService workers;
    private final java.util.concurrent.ScheduledExecutorService arrivals;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** When {@link #close} was called (System.nanoTime); while running, "never". */
    private volatile long stoppedAt = Long.MAX_VALUE;
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    /** Per app (token): the configuration it was confirmed last — a new /connect replaces the app's previous one. */
    final java.util.concurrent.ConcurrentHashMap<String, Confirmed> confirmed = new java.util.concurrent.ConcurrentHashMap<>();

    Load(Cluster cluster, List<String> tokens, PortalClient browser, String loginName, String loginPassword) {
        this.cluster = cluster;
        this.http = cluster.http().connectTimeout(TIMEOUT).build();
        this.tokens = tokens;
        this.browser = browser;
        this.loginName = loginName;
        this.loginPassword = loginPassword;
        this.workers = Executors.newFixedThreadPool(tokens.size());
        for (String token : tokens) {
            workers.submit(() -> work(token));
        }
        // New arrivals, independent of the workers: a worker whose request was in flight on the
        // machine that vanished waits out its timeout, and so would stop starting requests; the
        // apps of other people do not wait for it. Every 250 ms an app starts /info (on an idle
        // connection of the pool or a new one; retried once, as the workers do), so the error
        // window always has requests that started after a failure to measure.
        this.arrivals = Executors.newScheduledThreadPool(2);
        arrivals.scheduleAtFixedRate(() -> arrive(tokens.get(RANDOM.nextInt(tokens.size()))), 0, 250, TimeUnit.MILLISECONDS);
    }

    private void arrive(String token) {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(cluster.vip("/api/v3/info")).header("Authorization", "Bearer " + token)
                .timeout(TIMEOUT).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle(Load::arrivalFailure)
                .thenCompose(first -> first == null ? java.util.concurrent.CompletableFuture.completedFuture(new String[] {null, "1"})
                        : cluster.http().connectTimeout(TIMEOUT).build().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                                .handle(Load::arrivalFailure)
                                .thenApply(second -> new String[] {second == null ? null : first + "; then " + second, "2"}))
                .thenAccept(result -> outcomes.add(new Outcome("arrival", start, System.nanoTime(), result[0] == null,
                        Integer.parseInt(result[1]), result[0] == null ? "" : result[0])));
    }

    /** Why an arrival's /info failed, or null when it was answered 200. */
    private static String arrivalFailure(HttpResponse<String> response, Throwable failure) {
        if (response != null) {
            return response.statusCode() == 200 ? null : "info " + response.statusCode();
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void work(String token) {
        for (int round = 0; running.get(); round++) {
            attempt("info", t -> info(token, t));
            if (round % 3 == 0) {
                attempt("connect", t -> connect(token, t));
            }
            if (round % 2 == 0) {
                attempt("portal", t -> portal(t));
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

    private String info(String token, int tries) {
        var response = send(tries, HttpRequest.newBuilder(cluster.vip("/api/v3/info")).header("Authorization", "Bearer " + token).GET());
        return response.statusCode() == 200 && response.body().contains("employees") ? null : "info " + response.statusCode();
    }

    private String connect(String token, int tries) {
        String key = publicKey();
        var response = send(tries, HttpRequest.newBuilder(cluster.vip("/api/v3/connect"))
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

    private String portal(int tries) {
        PortalClient.Page home = (tries == 1 ? browser : browser.onNewConnections(cluster.http())).get("/");
        return home.status() == 200 && home.body().contains(loginName) ? null : "portal home " + home.status();
    }

    private String login() {
        PortalClient fresh = new PortalClient(cluster.vip("/"), cluster.http());
        PortalClient.Page page = fresh.login(loginName, loginPassword);
        return page.status() == 200 ? null : "login " + page.status();
    }

    /** The first try on the pool's connections, the retry on a new one (as an app's HTTP stack does after a closed connection). */
    private HttpResponse<String> send(int tries, HttpRequest.Builder request) {
        HttpClient client = tries == 1 ? http : cluster.http().connectTimeout(TIMEOUT).build();
        try {
            return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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

    /**
     * The longest time, while the load ran, in which no request completed successfully: the stall
     * people felt. (Requests that hang on after the load was told to stop — a portal page in flight
     * on a vanished machine waits out its 30 s — do not stretch it.)
     */
    Duration longestStall(List<Outcome> outcomes) {
        long[] ends = outcomes.stream().filter(Outcome::ok).mapToLong(Outcome::end).filter(end -> end <= stoppedAt)
                .sorted().toArray();
        long longest = 0;
        for (int i = 1; i < ends.length; i++) {
            longest = Math.max(longest, ends[i] - ends[i - 1]);
        }
        return Duration.ofNanos(longest);
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stoppedAt = System.nanoTime();
        }
        running.set(false);
        arrivals.shutdown();
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);
        workers.shutdownNow();
    }
}
