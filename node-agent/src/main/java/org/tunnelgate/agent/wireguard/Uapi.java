package org.tunnelgate.agent.wireguard;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.tunnelgate.agent.state.IpNet;
import org.tunnelgate.agent.state.WgPeer;
import org.tunnelgate.agent.system.CommandFailed;

/**
 * Peer changes sent straight to wireguard-go's control socket in the cross-platform protocol
 * (<a href="https://www.wireguard.com/xplatform/">wireguard.com/xplatform</a>): what {@code wg set}
 * itself does for a userspace interface, without forking jspawnhelper, {@code ip} and {@code wg}
 * for every VPN connect. The socket is a file, so it is reachable from the agent's own network
 * namespace whatever namespace the interface is in.
 *
 * <p>One {@code set=1} request carries the removals, then the additions, so a key removed and
 * added in one batch ends present. An addition replaces the peer's allowed IPs (and creates the
 * peer), as {@code wg set … allowed-ips} does; removing a key the interface does not have is
 * answered {@code errno=0}, as with {@code wg set}. Keys and the request text are never logged
 * nor put in an error message.
 */
final class Uapi {

    private static final int MAX_ANSWER = 4096;
    /** Closes the channel of a call that took too long, which ends its blocked connect, write or read. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private Uapi() {}

    /**
     * Sends one request and checks its answer; {@code timeout} bounds the whole exchange, so a stuck
     * wireguard-go cannot hold the caller (and the agent's lock) forever.
     *
     * @throws CommandFailed wireguard-go refused the change, answered something unreadable, or did
     *     not answer in time ({@code wg set} would wait for the same process)
     * @throws IOException the socket could not be reached or closed before an answer: {@code wg set}
     *     may still get through
     */
    static void setPeers(Path socket, List<String> remove, List<WgPeer> add, Duration timeout) throws IOException {
        byte[] request = request(remove, add);
        String answer;
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            var watchdog = WATCHDOG.schedule(() -> close(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                var out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                answer = readAnswer(channel);
            } catch (ClosedByInterruptException e) {
                throw new CommandFailed("interrupted while talking to wireguard-go");
            } catch (ClosedChannelException e) {
                // only the watchdog closes the channel while it is in use
                throw new CommandFailed("wireguard-go did not answer within " + timeout.toMillis() + " ms");
            } finally {
                watchdog.cancel(false);
            }
        }
        checkAnswer(answer);
    }

    /** The {@code set=1} request: removals first, then additions, ended by an empty line. */
    static byte[] request(List<String> remove, List<WgPeer> add) {
        var out = new StringBuilder(8 + remove.size() * 90 + add.size() * 130).append("set=1\n");
        for (String key : remove) {
            out.append("public_key=").append(hex(key)).append("\nremove=true\n");
        }
        for (WgPeer peer : add) {
            out.append("public_key=").append(hex(peer.publicKey())).append("\nreplace_allowed_ips=true\n");
            for (IpNet ip : peer.allowedIps()) {
                // the canonical form, as wg sends it: wireguard-go's parser is stricter than IpNet's
                out.append("allowed_ip=").append(IpNet.format(ip.address())).append('/').append(ip.prefix()).append('\n');
            }
        }
        return out.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Accepts {@code errno=0}; anything else fails with a message that quotes no more than the number. */
    static void checkAnswer(String answer) {
        String errno = null;
        for (String line : answer.split("\n")) {
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new CommandFailed("wireguard-go gave an unreadable answer");
            }
            if (line.startsWith("errno=")) {
                errno = line.substring(equals + 1);
            }
        }
        if (errno == null || !errno.matches("-?\\d{1,10}")) {
            throw new CommandFailed("wireguard-go gave an answer without an errno");
        }
        if (Long.parseLong(errno) != 0) {
            throw new CommandFailed("wireguard-go refused the peer change (errno=" + errno + ")");
        }
    }

    /** wireguard-go's 64 lowercase hex digits for our base64 key. */
    static String hex(String base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 32) {
            throw new CommandFailed("a peer key is not a base64 WireGuard key");
        }
        return HexFormat.of().formatHex(key);
    }

    /**
     * The answer up to (not including) its empty line. wireguard-go keeps the connection open for
     * another request, so the empty line, not the end of the stream, ends the answer.
     */
    private static String readAnswer(SocketChannel channel) throws IOException {
        var in = ByteBuffer.allocate(MAX_ANSWER);
        while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
                throw new IOException("wireguard-go closed the connection without an answer");
            }
            String text = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            if (text.startsWith("\n")) return "";
            int end = text.indexOf("\n\n");
            if (end >= 0) return text.substring(0, end);
        }
        throw new CommandFailed("wireguard-go gave an unreadable answer");
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all the watchdog does; the caller sees the channel closed either way
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        var executor = new ScheduledThreadPoolExecutor(1, r -> {
            var thread = new Thread(r, "wireguard-go-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
