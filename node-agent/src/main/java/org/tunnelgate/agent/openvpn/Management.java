package org.tunnelgate.agent.openvpn;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One connection to an OpenVPN management socket. A reader thread splits what arrives into
 * real-time notifications (lines starting with {@code >}, passed to the listener) and command
 * responses (handed to the waiting {@link #command}). Reads and writes go straight to the
 * channel: the stream adapters of {@code Channels} share one lock and would deadlock a writer
 * behind the blocked reader.
 */
final class Management implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Management.class.getName());
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final String CLOSED = "\u0000closed";

    private final SocketChannel channel;
    private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
    private final Consumer<String> notifications;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final StringBuilder partial = new StringBuilder();
    private final Thread reader;
    private volatile boolean open = true;

    private Management(SocketChannel channel, Consumer<String> notifications, String name) throws IOException {
        this.channel = channel;
        this.notifications = notifications;
        String banner = readLine();
        if (banner == null || !banner.startsWith(">INFO:OpenVPN Management Interface")) {
            throw new IOException("not an OpenVPN management socket: " + banner);
        }
        reader = new Thread(this::readLoop, "openvpn-mgmt-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static Management connect(Path socket, Consumer<String> notifications, String name) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new Management(channel, notifications, name);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    boolean isOpen() {
        return open;
    }

    /** Sends a one-line command and returns its one-line answer ({@code SUCCESS: …}); {@code ERROR: …} throws. */
    synchronized String command(String command) throws IOException {
        send(command);
        String answer = next(command);
        if (answer.startsWith("ERROR:")) {
            throw new IOException(firstWord(command) + ": " + answer);
        }
        return answer;
    }

    /** Sends a command whose answer is several lines ending with {@code END} (e.g. {@code status 3}). */
    synchronized List<String> multiLine(String command) throws IOException {
        send(command);
        var lines = new ArrayList<String>();
        while (true) {
            String line = next(command);
            if (line.equals("END")) return lines;
            if (line.startsWith("ERROR:")) throw new IOException(firstWord(command) + ": " + line);
            lines.add(line);
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void send(String command) throws IOException {
        responses.clear();
        ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private String next(String command) throws IOException {
        try {
            String line = responses.poll(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) throw new IOException(firstWord(command) + ": no answer from openvpn");
            if (line == CLOSED) throw new IOException(firstWord(command) + ": management connection closed");
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private void readLoop() {
        try {
            String line;
            while ((line = readLine()) != null) {
                if (line.startsWith(">")) {
                    try {
                        notifications.accept(line);
                    } catch (RuntimeException e) {
                        LOG.warning(() -> "management notification failed: " + e);
                    }
                } else {
                    responses.add(line);
                }
            }
        } catch (IOException e) {
            // the process went away or we closed; the supervisor reconnects
        } finally {
            open = false;
            responses.add(CLOSED);
            notifications.accept(">AGENT:CLOSED");
        }
    }

    private String readLine() throws IOException {
        while (true) {
            int newline = partial.indexOf("\n");
            if (newline >= 0) {
                String line = partial.substring(0, newline);
                partial.delete(0, newline + 1);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            in.clear();
            int n = channel.read(in);
            if (n < 0) return null;
            partial.append(new String(in.array(), 0, n, StandardCharsets.UTF_8));
        }
    }

    private static String firstWord(String command) {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }
}
