package org.tunnelgate.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.system.CommandFailed;

class UapiTest {

    // RFC 7748 section 6.1's public keys, in base64 and in the hex wireguard-go wants
    static final String ALICE = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";
    static final String ALICE_HEX = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    static final String BOB = "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=";
    static final String BOB_HEX = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private ServerSocketChannel server;

    @AfterEach
    void closeServer() throws IOException {
        if (server != null) server.close();
    }

    @Test
    void a_request_removes_first_then_replaces_the_allowed_ips_of_each_added_peer_with_hex_keys() {
        var alice = new WgPeer(ALICE, List.of(IpNet.parse("10.0.0.2/32", "test"), IpNet.parse("fd00:0:0::2/128", "test")));
        var bob = new WgPeer(BOB, List.of());

        String request = new String(Uapi.request(List.of(BOB), List.of(alice, bob)), StandardCharsets.US_ASCII);

        assertThat(request).isEqualTo("""
                set=1
                public_key=%s
                remove=true
                public_key=%s
                replace_allowed_ips=true
                allowed_ip=10.0.0.2/32
                allowed_ip=fd00::2/128
                public_key=%s
                replace_allowed_ips=true

                """.formatted(BOB_HEX, ALICE_HEX, BOB_HEX));
    }

    @Test
    void a_key_that_is_not_32_bytes_of_base64_is_refused_without_quoting_it() {
        assertThatThrownBy(() -> Uapi.request(List.of("c2hvcnQ="), List.of()))
                .isInstanceOf(CommandFailed.class).hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> Uapi.request(List.of("not base64!"), List.of())).isInstanceOf(CommandFailed.class);
    }

    @Test
    void errno_0_is_success_and_any_other_errno_a_failure_naming_the_number() {
        Uapi.checkAnswer("errno=0");

        assertThatThrownBy(() -> Uapi.checkAnswer("errno=-22"))
                .isInstanceOf(CommandFailed.class).hasMessage("wireguard-go refused the peer change (errno=-22)");
        assertThatThrownBy(() -> Uapi.checkAnswer("errno=1")).isInstanceOf(CommandFailed.class);
    }

    @Test
    void an_answer_without_a_number_in_errno_is_a_failure_that_does_not_echo_it() {
        for (String garbage : List.of("", "hello", "errno=", "errno=zero", "errno=99999999999", "protocol_version=1",
                "errno=0\nsomething odd")) {
            assertThatThrownBy(() -> Uapi.checkAnswer(garbage)).as(garbage)
                    .isInstanceOf(CommandFailed.class).hasMessageStartingWith("wireguard-go gave");
        }
    }

    @Test
    void the_request_goes_over_the_socket_and_the_answer_ends_at_the_empty_line_not_at_the_end_of_the_stream()
            throws Exception {
        var received = serve("errno=0\n\n", true);

        Uapi.setPeers(socket(), List.of(BOB), List.of(), TIMEOUT);

        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("set=1\npublic_key=" + BOB_HEX + "\nremove=true\n\n");
    }

    @Test
    void a_refusal_over_the_socket_is_a_command_failure() throws Exception {
        serve("errno=-22\n\n", true);

        assertThatThrownBy(() -> Uapi.setPeers(socket(), List.of(BOB), List.of(), TIMEOUT))
                .isInstanceOf(CommandFailed.class).hasMessageContaining("errno=-22").hasMessageNotContaining(BOB_HEX);
    }

    @Test
    void a_wireguard_go_that_never_answers_fails_the_call_after_the_timeout() throws Exception {
        serve(null, true);
        long start = System.nanoTime();

        assertThatThrownBy(() -> Uapi.setPeers(socket(), List.of(BOB), List.of(), Duration.ofMillis(300)))
                .isInstanceOf(CommandFailed.class).hasMessageContaining("did not answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_connection_closed_without_an_answer_is_an_io_failure_that_allows_wg_set_a_second_chance() throws Exception {
        serve(null, false);

        assertThatThrownBy(() -> Uapi.setPeers(socket(), List.of(BOB), List.of(), TIMEOUT))
                .isInstanceOf(IOException.class);
    }

    @Test
    void a_socket_nobody_listens_on_is_an_io_failure() throws Exception {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket()));
        server.close(); // the file stays, like the socket of a killed wireguard-go

        assertThatThrownBy(() -> Uapi.setPeers(socket(), List.of(BOB), List.of(), TIMEOUT))
                .isInstanceOf(IOException.class);
    }

    private Path socket() {
        return dir.resolve("wg0.sock");
    }

    /**
     * A stand-in wireguard-go for one connection: reads a request up to its empty line and writes
     * {@code answer} (none if null), then holds the connection open or closes it.
     */
    private CompletableFuture<String> serve(String answer, boolean holdOpen) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket()));
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel client = server.accept()) {
                var request = new ByteArrayOutputStream();
                var buffer = ByteBuffer.allocate(1024);
                while (!request.toString(StandardCharsets.US_ASCII).endsWith("\n\n") && client.read(buffer) > 0) {
                    request.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                if (answer != null) {
                    client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
                }
                if (holdOpen) {
                    // like wireguard-go, wait for a next request until the caller hangs up
                    client.read(ByteBuffer.allocate(1));
                }
                return request.toString(StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
