package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a port scan of the machine would find of this system: every listening TCP socket and every
 * bound UDP socket of its processes (Payara's JVM, the embedded MariaDB), as {@code ss} reports
 * them. Only the portal's HTTP and HTTPS listeners may face the network — and, once node
 * management opens it, the node agents' listener (TUNNELGATE_NODE_PORT). Everything else (admin
 * console, JMX, IIOP, the data grid, the database) must be on loopback, and nothing must listen
 * that the system does not use (the JMS broker).
 */
class ListeningSocketsIT {

    private static final Pattern SS_LINE = Pattern.compile(
            "^(?<proto>tcp|udp)\\s+\\S+\\s+\\d+\\s+\\d+\\s+(?<local>\\S+):(?<port>\\d+|\\*)\\s+\\S+\\s+users:(?<users>.*)$");
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private final SystemUnderTest system = SystemUnderTest.get();

    record Listener(String protocol, String address, String port, String process) {
        boolean onLoopback() {
            String bare = address.replaceAll("^\\[|\\]$", "").replaceAll("%.*$", "");
            return bare.startsWith("127.") || bare.equals("::1") || bare.startsWith("::ffff:127.");
        }

        @Override
        public String toString() {
            return protocol + " " + address + ":" + port + " (" + process + ")";
        }
    }

    @Test
    void onlyTheHttpAndHttpsListenersFaceTheNetwork() throws Exception {
        List<Listener> ours = listenersOf(Set.of(system.payaraPid(), system.databasePid()));
        Set<String> network = allowedOnTheNetwork();

        assertThat(ours).as("listeners of Payara and MariaDB").isNotEmpty();
        assertThat(ours).filteredOn(l -> !l.onLoopback() && !network.contains(l.protocol() + "/" + l.port()))
                .as("sockets of this system that face the network; only %s may", network)
                .isEmpty();
        assertThat(ours).filteredOn(l -> !l.onLoopback()).extracting(Listener::port)
                .as("the portal listens on every interface")
                .contains(String.valueOf(system.plainHttpPort()), String.valueOf(system.httpsPort()));
    }

    @Test
    void theDatabaseAdminConsoleAndJmxListenOnLoopbackOnly() throws Exception {
        List<Listener> ours = listenersOf(Set.of(system.payaraPid(), system.databasePid()));

        for (int port : new int[] {system.adminPort(), system.jmxPort(), Integer.parseInt(jdbcPort())}) {
            assertThat(ours).filteredOn(l -> l.port().equals(String.valueOf(port))).as("port %d", port)
                    .isNotEmpty().allMatch(Listener::onLoopback);
        }
    }

    @Test
    void noMessageBrokerListensNorStartsWhenItsPortIsTouched() throws Exception {
        int jms = system.portBase(); // Payara's JMS port, were the broker on
        touch(jms);

        assertThat(listenersOf(Set.of(system.payaraPid())))
                .as("JMS (%d) or the broker's RMI and admin ports after a connection attempt", jms)
                .noneMatch(l -> l.port().equals(String.valueOf(jms)))
                .allMatch(l -> l.onLoopback() || allowedOnTheNetwork().contains(l.protocol() + "/" + l.port()));
    }

    private Set<String> allowedOnTheNetwork() {
        var allowed = new HashSet<>(Set.of("tcp/" + system.plainHttpPort(), "tcp/" + system.httpsPort()));
        system.nodePort().ifPresent(port -> allowed.add("tcp/" + port));
        return allowed;
    }

    private String jdbcPort() {
        Matcher port = Pattern.compile(":(\\d+)/").matcher(system.jdbcUrl());
        assertThat(port.find()).as("port in %s", system.jdbcUrl()).isTrue();
        return port.group(1);
    }

    private static void touch(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException refused) {
            // nothing listens: as it should be
        }
    }

    /** Every listening TCP and bound UDP socket of the given processes, from {@code ss -Hltunp}. */
    static List<Listener> listenersOf(Set<Long> pids) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-H", "-l", "-t", "-u", "-n", "-p").redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(30, TimeUnit.SECONDS)).as("ss finished").isTrue();
        assertThat(ss.exitValue()).as("ss -Hltunp: %s", output).isZero();
        List<Listener> listeners = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = SS_LINE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Matcher pid = PID.matcher(m.group("users"));
            while (pid.find()) {
                if (pids.contains(Long.parseLong(pid.group(1)))) {
                    listeners.add(new Listener(m.group("proto"), m.group("local"), m.group("port"), m.group("users")));
                    break;
                }
            }
        }
        return listeners;
    }
}
