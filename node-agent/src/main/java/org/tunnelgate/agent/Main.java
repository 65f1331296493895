package org.tunnelgate.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.tunnelgate.agent.controller.HttpsController;
import org.tunnelgate.agent.enroll.Enroll;
import org.tunnelgate.agent.enroll.EnrollFailed;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.tls.Tls;

/**
 * {@code java -jar tunnelgate-node-agent.jar [/etc/tunnelgate/agent.properties]} runs the agent;
 * {@code java -jar tunnelgate-node-agent.jar enroll --controller … --token … --config FILE …}
 * enrolls the node and then runs the agent with FILE (unless {@code --enroll-only}).
 * Exits with 2 and one line on stderr when the configuration, the certificates or the enrollment
 * are unusable.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        }
        // a slow or stalled client must not hold an API worker forever
        System.setProperty("sun.net.httpserver.maxReqTime", "60");
        System.setProperty("sun.net.httpserver.maxRspTime", "60");
        Path file;
        if (args.length > 0 && args[0].equals("enroll")) {
            try {
                var enrolled = Enroll.run(List.of(args).subList(1, args.length), version(), AgentConfig::from);
                System.err.println("tunnelgate-node-agent: enrolled; configuration written to " + enrolled.config());
                if (enrolled.enrollOnly()) return;
                file = enrolled.config();
            } catch (EnrollFailed | InvalidInput e) {
                exit("enroll: " + e.getMessage());
                return;
            }
        } else {
            file = Path.of(args.length > 0 ? args[0] : "/etc/tunnelgate/agent.properties");
        }
        Agent agent;
        try {
            Enroll.finishInterrupted(file);
            AgentConfig config = AgentConfig.load(file);
            var api = Tls.context(config.tlsCertificate(), config.tlsKey(), config.controllerCa());
            var home = Tls.context(config.tlsCertificate(), config.tlsKey(), config.controllerTrust(),
                    config.controllerTrustJdk());
            var controller = new HttpsController(config.controllerUrls(), home, config.controllerTimeout(),
                    Optional.of(config.stateDir().resolve("reports.jsonl")));
            agent = new Agent(config, api, controller).start();
        } catch (InvalidInput e) {
            exit(e.getMessage());
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // java.util.logging closes its handlers in its own shutdown hook, so this goes straight to stderr
            System.err.println("tunnelgate-node-agent: agent stopping; tunnels stay up");
            agent.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    static String version() {
        return Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    private static void exit(String message) {
        System.err.println("tunnelgate-node-agent: " + message.replaceAll("[\\r\\n]+", " "));
        System.exit(2);
    }
}
