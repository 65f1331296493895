package org.tunnelgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no container engine), so it is checked against the scripts it
 * relies on: every image, script and file it names exists; service names, the deployment group,
 * its configuration and the ports are the ones the scripts use; the DAS runs the same
 * provision.sh and asadmin files as {@code ./tunnelgate} and {@code ./tunnelgate cluster start};
 * the load balancers use the same keepalived template and readiness check.
 */
class DockerComposeTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private final Map<String, Object> compose = load();

    @Test
    void theTopologyIsThreeGaleraNodesADasTwoInstancesTwoLoadBalancersAndTwoVpnNodes() {
        assertThat(services().keySet()).containsExactlyInAnyOrder(
                "galera1", "galera2", "galera3", "das", "payara1", "payara2", "lb1", "lb2", "node1", "node2");
    }

    @Test
    void everyDockerfileAndEveryFileItCopiesExists() throws IOException {
        for (var service : services().entrySet()) {
            Object build = map(service.getValue()).get("build");
            assertThat(build).as("%s is built from this repository", service.getKey()).isNotNull();
            Path context;
            Path dockerfile;
            if (build instanceof String dir) {
                context = REPO.resolve(dir);
                dockerfile = context.resolve("Dockerfile");
            } else {
                context = REPO.resolve((String) map(build).get("context"));
                dockerfile = context.resolve((String) map(build).get("dockerfile"));
            }
            assertThat(dockerfile).as("Dockerfile of %s", service.getKey()).isRegularFile();
            for (String source : copiedSources(Files.readString(dockerfile))) {
                assertThat(context.resolve(source)).as("%s copies %s", dockerfile, source).exists();
            }
        }
    }

    @Test
    void theCommandsAreScriptsThatTheirImageContains() throws IOException {
        String payaraDockerfile = read("config/docker/payara/Dockerfile");
        for (String name : List.of("das", "payara1", "payara2")) {
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) map(services().get(name)).get("command");
            String script = Path.of(command.get(0)).getFileName().toString();
            assertThat(REPO.resolve("config/docker/payara").resolve(script)).isRegularFile();
            assertThat(payaraDockerfile).contains("config/docker/payara/" + script);
            assertThat(command.get(0)).startsWith("/opt/tunnelgate/bin/");
        }
    }

    @Test
    void everyHostFileItMountsExistsOrIsASecretTheOperatorCreates() {
        for (var service : services().entrySet()) {
            Object volumes = map(service.getValue()).get("volumes");
            if (volumes == null) {
                continue;
            }
            for (Object volume : (List<?>) volumes) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./secrets/")) {
                    assertThat(read("docker-compose.yml")).as("the header names %s", source)
                            .contains(source.substring(2));
                } else if (source.startsWith(".")) {
                    assertThat(REPO.resolve(source)).as("%s mounts %s", service.getKey(), source).exists();
                } else {
                    assertThat(map(compose.get("volumes"))).as("named volume of %s", service.getKey()).containsKey(source);
                }
            }
        }
    }

    @Test
    void theDasRunsTheSameProvisioningAsTheLauncherWithTheSameAsadminFiles() {
        String das = read("config/docker/payara/das.sh");
        String payaraDockerfile = read("config/docker/payara/Dockerfile");
        String launcher = read("launcher/payara.sh");
        String provision = read("config/payara/provision.sh");

        assertThat(payaraDockerfile).contains("COPY config/payara/ /opt/tunnelgate/config/payara/");
        assertThat(launcher).contains("\"$REPO_DIR\"/config/payara/*");
        for (String step : List.of("create-domain", "configure", "cluster", "deploy")) {
            assertThat(das).contains("config/payara/provision.sh " + step);
        }
        try (var files = Files.list(REPO.resolve("config/payara"))) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".asadmin"))
                    .forEach(file -> assertThat(provision).as("provision.sh uses %s", file).contains("$HERE/" + file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(das).contains("TG_DEPLOY_TARGET=tunnelgate-dg");
        assertThat(read("launcher/cluster.sh")).contains("DEPLOYMENT_GROUP=tunnelgate-dg");
        assertThat(provision).contains("config=\"$TG_DEPLOY_TARGET-config\"");
        assertThat(read("config/docker/payara/instance.sh"))
                .contains("--config tunnelgate-dg-config").contains("--deploymentgroup tunnelgate-dg");
    }

    @Test
    void theInstancesPortsAreTheOnesHaproxyAndTheDasUse() {
        String instance = read("config/docker/payara/instance.sh");
        String haproxy = read("config/docker/lb/haproxy.cfg");
        String http = property(instance, "HTTP_LISTENER_PORT=(\\d+)");
        String https = property(instance, "HTTP_SSL_LISTENER_PORT=(\\d+)");

        for (String name : List.of("payara1", "payara2")) {
            assertThat(haproxy).contains("server " + name + " " + name + ":" + http + " ")
                    .contains("server " + name + " " + name + ":" + https + " ");
            assertThat(map(map(services().get(name)).get("environment")).get("INSTANCE_NAME")).isEqualTo(name);
        }
        String das = read("config/docker/payara/das.sh");
        assertThat(services().get("das").toString()).contains("4848:4848");
        assertThat(das).contains("TG_ADMIN_PORT=4848");
        assertThat(instance).contains("--port 4848");
    }

    @Test
    void theDatabaseUrlNamesEveryGaleraNodeInFailoverOrder() {
        String url = (String) map(compose.get("x-payara-env")).get("TG_DB_URL");
        assertThat(url).isEqualTo("jdbc:mariadb:sequential://galera1:3306,galera2:3306,galera3:3306/tunnelgate");
        for (String node : List.of("galera1", "galera2", "galera3")) {
            var environment = map(map(services().get(node)).get("environment"));
            assertThat(environment.get("GALERA_NODES")).isEqualTo("galera1,galera2,galera3");
            assertThat(environment.get("GALERA_NODE_NAME")).isEqualTo(node);
        }
    }

    @Test
    void galeraEvictsADeadNodeAsFastInContainersAsInTheTrialCluster() {
        String options = "evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S";
        assertThat(read("config/docker/galera/galera.cnf")).contains(options).contains("wsrep_sst_method=rsync");
        assertThat(read("config/galera/node.cnf.template")).contains(options).contains("wsrep_sst_method=rsync");
    }

    @Test
    void theLoadBalancersUseTheKeepalivedTemplateAndReadinessCheckOfTheTrialCluster() {
        String lb = read("config/docker/lb/lb.sh");
        String template = read("config/keepalived/keepalived.conf.template");
        assertThat(read("config/docker/lb/Dockerfile"))
                .contains("COPY config/keepalived/keepalived.conf.template")
                .contains("config/keepalived/check-ready.sh");
        assertThat(read("launcher/cluster.sh")).contains("config/keepalived/keepalived.conf.template")
                .contains("config/keepalived/check-ready.sh");
        String settings = template.lines().filter(l -> !l.trim().startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        Matcher placeholders = Pattern.compile("@([A-Z_]+)@").matcher(settings);
        while (placeholders.find()) {
            assertThat(lb).as("lb.sh fills @%s@", placeholders.group(1)).contains("[" + placeholders.group(1) + "]=");
        }
        for (String name : List.of("lb1", "lb2")) {
            var environment = map(map(services().get(name)).get("environment"));
            assertThat(environment.get("VIP")).isEqualTo("172.30.0.100/24");
        }
    }

    /**
     * Issue 9: the agents' calls home (/node/openvpn/*) need the mutual-TLS node listener on every
     * controller instance, not only on a single server: the DAS opens it on the group's configuration
     * with each instance's own port, trusting the node CA it reads from the database into a trust store
     * on a volume every instance mounts at the same path, and the load balancers pass the VIP's port on.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyInstanceHasTheNodeListenerAndTheVirtualIpPassesItOn() {
        String instance = read("config/docker/payara/instance.sh");
        String das = read("config/docker/payara/das.sh");
        String nodePort = property(instance, "NODE_LISTENER_PORT=(\\d+)");
        assertThat(das).contains("TG_NODE_PORT=" + nodePort + " ").contains("config/payara/provision.sh node-listener")
                .contains(property(read("launcher/node.sh"), "NODE_CLI_MAIN=(\\S+)") + " ca");
        String trust = property(das, "trust=(\\S+)");
        String trustDir = trust.substring(0, trust.lastIndexOf('/'));
        for (String name : List.of("das", "payara1", "payara2")) {
            assertThat(((List<?>) map(services().get(name)).get("volumes")).stream().map(Object::toString))
                    .as("%s mounts the node CA's trust store where the DAS writes it", name)
                    .anyMatch(v -> v.startsWith("node-trust:" + trustDir));
        }
        assertThat(read("config/docker/payara/Dockerfile")).contains("mkdir -p " + trustDir.substring("/opt/tunnelgate/".length()));
        String haproxy = read("config/docker/lb/haproxy.cfg");
        assertThat(haproxy).contains("bind :" + nodePort);
        for (String name : List.of("payara1", "payara2")) {
            assertThat(haproxy).contains("server " + name + " " + name + ":" + nodePort + " ");
        }
        for (String name : List.of("node1", "node2")) {
            assertThat((List<Object>) map(services().get(name)).get("networks")).as("%s reaches the VIP", name).contains("frontend");
        }

        // provision.sh: on a group, the listener lives on the group's configuration, port per instance
        String provision = read("config/payara/provision.sh");
        assertThat(provision).contains("config=\"$target-config\" port='${NODE_LISTENER_PORT}'")
                .contains("\"$l.port=$port\"").contains("NODE_LISTENER_PORT=$((first + 11))");
        // ./tunnelgate cluster start: opens them (first port + 11) and relays the VIP's NODE_PORT to each
        String cluster = read("launcher/cluster.sh");
        assertThat(cluster).contains("(open_node_listener)").contains("\"TCP-LISTEN:$NODE_PORT,fork,reuseaddr\"")
                .contains("\"TCP:127.0.0.1:$(($(instance_http_port \"$k\") + 11))\"");
        assertThat(read("launcher/node.sh")).contains("ports+=(\"$((${word#*=} + 11))\")")
                .doesNotContain("not opened on deployment group");
    }

    @Test
    void bothVpnNodesRunTheAgentBuiltFromThisRepository() {
        String dockerfile = read("config/docker/node/Dockerfile");
        assertThat(dockerfile).contains("-pl node-agent").contains("tunnelgate-node-agent.jar");
        assertThat(REPO.resolve("node-agent/pom.xml")).isRegularFile();
        assertThat(map(services().get("node1")).get("image")).isEqualTo(map(services().get("node2")).get("image"));
    }

    private Map<String, Object> services() {
        return map(compose.get("services"));
    }

    private static List<String> copiedSources(String dockerfile) {
        List<String> sources = new ArrayList<>();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("COPY ") || trimmed.contains("--from=")) {
                continue;
            }
            String[] words = trimmed.substring(5).trim().split("\\s+");
            for (int i = 0; i < words.length - 1; i++) {
                sources.add(words[i]);
            }
        }
        return sources;
    }

    private static String property(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in the script", regex).isTrue();
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static String read(String path) {
        try {
            return Files.readString(REPO.resolve(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> load() {
        var options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        return new Yaml(options).load(read("docker-compose.yml"));
    }
}
