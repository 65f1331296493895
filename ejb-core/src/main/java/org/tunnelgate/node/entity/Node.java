package org.tunnelgate.node.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tunnelgate.profile.entity.HostName;

/**
 * A VPN node: a machine that carries tunnels for the profiles that name it. Until node management
 * lands this is only a row — its name, the host clients connect to, and the public key of its
 * WireGuard interface (the private key never leaves the node).
 */
@Entity
@Table(name = "vpn_node")
@NamedQuery(name = Node.ALL, query = "SELECT n FROM Node n ORDER BY n.name")
public class Node {

    public static final String ALL = "Node.all";

    public static final String NAME_REGEX = "[a-z0-9][a-z0-9-]{0,62}";
    public static final Pattern NAME_PATTERN = Pattern.compile(NAME_REGEX);

    @Id
    @jakarta.validation.constraints.Pattern(regexp = NAME_REGEX)
    @Column(name = "name", length = 64)
    private String name;

    @NotNull
    @Column(name = "public_host", nullable = false, length = 253)
    private String publicHost;

    @Column(name = "wg_public_key", length = 44)
    private String wireguardPublicKey;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Node() {}

    /** Arguments must be free of {@link #problems}. */
    public Node(String name, String publicHost, String wireguardPublicKey) {
        this.name = name;
        this.publicHost = publicHost;
        this.wireguardPublicKey = wireguardPublicKey;
    }

    /** Takes a new host and WireGuard key (a validated {@link NodeDefinition} of this node). */
    public void redefine(NodeDefinition definition) {
        if (!name.equals(definition.name())) {
            throw new IllegalArgumentException("a node's name cannot change");
        }
        publicHost = definition.publicHost();
        wireguardPublicKey = definition.wireguardPublicKey();
    }

    /**
     * What is wrong with a node definition (empty when nothing): a name of 1-63 lower-case letters,
     * digits or '-', a DNS name or IP address as public host, and a WireGuard public key if given.
     */
    public static List<String> problems(NodeDefinition node) {
        List<String> errors = new ArrayList<>();
        String where = "node \"" + node.name() + "\": ";
        if (node.name() == null || !NAME_PATTERN.matcher(node.name()).matches()) {
            errors.add("node name \"" + node.name() + "\" must be 1-63 lower-case letters, digits or '-'");
        }
        if (!HostName.isValid(node.publicHost())) {
            errors.add(where + "public_host \"" + node.publicHost() + "\" is not a DNS name or IP address");
        }
        if (node.wireguardPublicKey() != null && !WireGuardKey.isValid(node.wireguardPublicKey())) {
            errors.add(where + "wireguard_public_key is not a WireGuard public key (44 base64 characters ending in '=')");
        }
        return errors;
    }

    public NodeDefinition definition() {
        return new NodeDefinition(name, publicHost, wireguardPublicKey);
    }

    public String name() {
        return name;
    }

    public String publicHost() {
        return publicHost;
    }

    /** Empty until the node registered its WireGuard key: then it cannot serve WireGuard. */
    public Optional<String> wireguardPublicKey() {
        return Optional.ofNullable(wireguardPublicKey);
    }
}
