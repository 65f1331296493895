package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Oversized or malformed input, unknown paths and wrong methods get a clear 4xx — never a 500 or a stack trace. */
class BadInputIT {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final PortalClient portal = new PortalClient(system.httpsUrl("/"));

    @Test
    void anUnknownPathIsA404PageThatSaysSo() {
        var page = portal.get("/no/such/page");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("There is nothing at this address.");
        assertNoInternals(page);
    }

    @Test
    void anUnknownApiPathIsA404InJson() {
        var page = portal.send(HttpRequest.newBuilder(system.httpsUrl("/api/no-such-thing")).header("Accept", "application/json"));

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(page.body()).contains("\"error\"");
        assertNoInternals(page);
    }

    @Test
    void pagesAnswerOtherMethodsWith405() {
        for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
            var page = portal.send(HttpRequest.newBuilder(system.httpsUrl("/login"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x=1")));
            assertThat(page.status()).as(method).isEqualTo(405);
            assertThat(page.header("Allow")).as(method).contains("GET, HEAD, POST");
            assertNoInternals(page);
        }
    }

    @Test
    void anOversizedFieldIsA400() {
        var form = portal.open("/login");

        var page = portal.submit(form, "login", Map.of("login:name", "a".repeat(10_000), "login:password", "x"), "login:submit");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("too long");
        assertNoInternals(page);
    }

    @Test
    void anOversizedFormIsA413() {
        var page = portal.post("/login", Map.of("filler", "b".repeat(100_000)));

        assertThat(page.status()).isEqualTo(413);
        assertNoInternals(page);
    }

    @Test
    void controlCharactersInAFieldAreA400() {
        var form = portal.open("/login");

        var page = portal.submit(form, "login", Map.of("login:name", "alice\u0000", "login:password", "x\u0007y"), "login:submit");

        assertThat(page.status()).isEqualTo(400);
        assertNoInternals(page);
    }

    @Test
    void somethingOtherThanAFormPostedToAPageIsA415() {
        var page = portal.send(HttpRequest.newBuilder(system.httpsUrl("/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":1}")));

        assertThat(page.status()).isEqualTo(415);
        assertNoInternals(page);
    }

    @Test
    void aMalformedNameThatCannotBeAnAccountIsJustAFailedLogin() {
        var page = new PortalClient(system.httpsUrl("/")).login("<script>alert(1)</script>", "whatever password");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Login failed").doesNotContain("<script>alert(1)</script>");
        assertNoInternals(page);
    }

    @Test
    void aGarbledViewStateIsA403NotA500() {
        portal.open("/login");

        var page = portal.post("/login", Map.of("login", "login", "login:name", "x", "login:password", "y",
                "login:submit", "Log in", "jakarta.faces.ViewState", "%%garbage:!!"));

        assertThat(page.status()).isEqualTo(403);
        assertNoInternals(page);
    }

    @Test
    void facesSourcesAndDeploymentDescriptorsAreNeverServedNotEvenToAnAdmin() {
        var admin = new TestAccounts(system).admin();
        for (String path : new String[] {"/login.xhtml", "/WEB-INF/web.xml", "/WEB-INF/templates/layout.xhtml"}) {
            // anonymous, the container first asks for a login (302 to /login)
            var anonymous = portal.get(path);
            var asAdmin = admin.get(path);

            assertThat(anonymous.status()).as(path).isIn(302, 403, 404);
            assertThat(asAdmin.status()).as(path).isIn(403, 404);
            assertThat(anonymous.body() + asAdmin.body()).as(path).doesNotContain("xmlns:h=", "<web-app", "ui:composition");
        }
    }

    static void assertNoInternals(PortalClient.Page page) {
        assertThat(page.status()).as("never a server error").isLessThan(500);
        // (Faces pages legitimately name their "jakarta.faces.ViewState" field)
        assertThat(page.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.")
                .doesNotContain("com.sun.").doesNotContain("org.tunnelgate");
    }
}
