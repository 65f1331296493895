package org.tunnelgate.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for the portal's pages: it keeps cookies (one session per client),
 * does not follow redirects unless asked (so tests can see them), and fills and submits Faces
 * forms the way a browser would — hidden fields and the {@code jakarta.faces.ViewState} token
 * included.
 *
 * <pre>
 *   var portal = new PortalClient(sut.httpsUrl("/"));
 *   Page home = portal.login("alice", "secret password");      // lands on the page after login
 *   Page form = portal.get("/account");
 *   Page done = portal.submit(form, "password", Map.of("password:current", "…"), "password:submit");
 * </pre>
 */
public final class PortalClient {

    /** One HTTP response as a page. */
    public record Page(int status, URI uri, HttpHeaders headers, String body) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public Optional<String> location() {
            return header("Location");
        }

        public boolean isRedirect() {
            return status >= 300 && status < 400 && location().isPresent();
        }

        /** The view state token of the page's first form, if it has one. */
        public Optional<String> viewState() {
            Matcher m = Pattern.compile("name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]*)\"").matcher(body);
            return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
        }

        public boolean hasForm(String formId) {
            return formMatcher(formId).find();
        }

        @Override
        public String toString() {
            return status + " " + uri + (body.length() > 300 ? " " + body.substring(0, 300) + "…" : " " + body);
        }

        private Matcher formMatcher(String formId) {
            return Pattern.compile("<form\\b[^>]*\\bid=\"" + Pattern.quote(formId) + "\"[^>]*>(.*?)</form>",
                    Pattern.DOTALL).matcher(body);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final URI base;
    private final CookieManager cookies;
    private final HttpClient http;

    /** @param base the portal's root, e.g. {@code https://localhost:41443/}; the system's CA is trusted */
    public PortalClient(URI base) {
        this(base, SystemUnderTest.get().httpClientBuilder());
    }

    /** @param builder e.g. one whose SSL context trusts the test CA, for HTTPS */
    public PortalClient(URI base, HttpClient.Builder builder) {
        this(base, builder, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
    }

    private PortalClient(URI base, HttpClient.Builder builder, CookieManager cookies) {
        this.base = base;
        this.cookies = cookies;
        this.http = builder.cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT).build();
    }

    /**
     * The same browser — its cookies, so its session — on new connections: what a browser does
     * when a kept-alive connection was closed under it (a virtual IP that moved to another machine).
     */
    public PortalClient onNewConnections(HttpClient.Builder builder) {
        return new PortalClient(base, builder, cookies);
    }

    public URI resolve(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    /** GET, not following redirects. */
    public Page get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(resolve(pathAndQuery)).GET());
    }

    /** GET and follow redirects within the portal (at most 10). */
    public Page open(String pathAndQuery) {
        return follow(get(pathAndQuery));
    }

    /** Follows a page's redirects, if any, with GETs. */
    public Page follow(Page page) {
        Page current = page;
        for (int hops = 0; current.isRedirect() && hops < 10; hops++) {
            current = send(HttpRequest.newBuilder(current.uri().resolve(current.location().get())).GET());
        }
        return current;
    }

    /** Logs in through the real login form; returns the page the portal sends the browser to afterwards. */
    public Page login(String name, String password) {
        Page form = open("/login");
        return follow(submit(form, "login", Map.of("login:name", name, "login:password", password), "login:submit"));
    }

    /** Logs out through the header's logout button of any portal page. */
    public Page logout() {
        Page page = open("/logout");
        return follow(submit(page, "logout", Map.of(), "logout:submit"));
    }

    /**
     * Submits form {@code formId} of {@code page} like a browser: its hidden fields (view state
     * included), the given fields, and the pressed button. Does not follow the answer's redirect.
     */
    public Page submit(Page page, String formId, Map<String, String> fields, String buttonName) {
        Matcher form = page.formMatcher(formId);
        if (!form.find()) {
            throw new AssertionError("no form '" + formId + "' on " + page);
        }
        String tag = form.group(0);
        Matcher action = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"").matcher(tag);
        URI target = action.find() ? page.uri().resolve(unescape(action.group(1))) : page.uri();
        Map<String, String> values = new LinkedHashMap<>();
        Matcher hidden = Pattern.compile("<input\\b[^>]*type=\"hidden\"[^>]*>").matcher(form.group(1));
        while (hidden.find()) {
            attribute(hidden.group(), "name").ifPresent(name ->
                    values.put(name, attribute(hidden.group(), "value").orElse("")));
        }
        values.putAll(fields);
        if (buttonName != null) {
            values.put(buttonName, "submit");
        }
        return post(target, values);
    }

    /** A raw form POST (for tests that leave things out on purpose, like the CSRF token). */
    public Page post(String pathAndQuery, Map<String, String> fields) {
        return post(resolve(pathAndQuery), fields);
    }

    public Page post(URI target, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(target)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(fields))));
    }

    /** Any request, with this client's cookies; redirects are not followed. */
    public Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Page(response.statusCode(), response.uri(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
    }

    public static String formEncode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Optional<String> attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
