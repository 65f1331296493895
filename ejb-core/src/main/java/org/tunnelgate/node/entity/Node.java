package org.tunnelgate.node.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tunnelgate.platform.UtcInstantConverter;
import org.tunnelgate.profile.entity.HostName;

/**
 * A VPN node: a machine that carries tunnels for the profiles that name it. Until node management
 * lands this is only a row — its name, the host clients connect to, and the public key of its
 * WireGuard interface (the private key never leaves the node).
 */
@Entity
@Table(name = "vpn_node")
@NamedQuery(name = Node.ALL, query = "SELECT n FROM Node n ORDER BY n.name")
@NamedQuery(name = Node.BY_TOKEN, query = "SELECT n FROM Node n WHERE n.enrollmentTokenHash = :hash")
public class Node {

    public static final String ALL = "Node.all";
    public static final String BY_TOKEN = "Node.byEnrollmentToken";
    public static final int DEFAULT_CAPACITY = 1000;

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

    /** {@code https://host:port} of the node's agent; null for a node the controller does not manage (a bare row). */
    @Column(name = "agent_url", length = 300)
    private String agentUrl;

    @Column(name = "location", length = 64)
    private String location;

    /** Peers plus clients the node is meant to carry; placement compares its load against this. */
    @Column(name = "capacity", nullable = false)
    private int capacity = DEFAULT_CAPACITY;

    @Column(name = "enrollment_token_hash", length = 43)
    private String enrollmentTokenHash;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "enrollment_expires_at")
    private Instant enrollmentExpiresAt;

    @Column(name = "cert_serial", length = 40)
    private String certificateSerial;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "cert_not_after")
    private Instant certificateNotAfter;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "enrolled_at")
    private Instant enrolledAt;

    @Column(name = "maintenance", nullable = false)
    private boolean maintenance;

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

    /** Makes this a managed node: its agent, location and capacity (a validated {@link NodeRegistration}). */
    public void register(NodeRegistration registration) {
        publicHost = registration.publicHost();
        agentUrl = registration.agentUrl();
        location = registration.location();
        capacity = registration.capacity();
    }

    /** A new one-time enrollment token (its hash); replaces any earlier one. */
    public void expectEnrollment(String tokenHash, Instant expiresAt) {
        enrollmentTokenHash = tokenHash;
        enrollmentExpiresAt = expiresAt;
    }

    /** Whether a token with this hash may enroll the node now (unused and unexpired). */
    public boolean acceptsEnrollment(String tokenHash, Instant now) {
        return enrollmentTokenHash != null && enrollmentTokenHash.equals(tokenHash)
                && enrollmentExpiresAt != null && now.isBefore(enrollmentExpiresAt);
    }

    /** The node enrolled with this certificate: the token is spent, any earlier certificate is no longer the node's. */
    public void enrolled(String serialHex, Instant notAfter, Instant now) {
        enrollmentTokenHash = null;
        enrollmentExpiresAt = null;
        certificateSerial = serialHex;
        certificateNotAfter = notAfter;
        enrolledAt = now;
    }

    /** The node's certificate no longer counts (the node is removed); a new enrollment is needed. */
    public void revoke() {
        enrollmentTokenHash = null;
        enrollmentExpiresAt = null;
        certificateSerial = null;
        certificateNotAfter = null;
        enrolledAt = null;
        agentUrl = null;
    }

    public void setMaintenance(boolean maintenance) {
        this.maintenance = maintenance;
    }

    public Optional<String> agentUrl() {
        return Optional.ofNullable(agentUrl);
    }

    /** Whether the controller talks to this node's agent (it enrolled and has an agent URL). */
    public boolean isManaged() {
        return agentUrl != null && certificateSerial != null;
    }

    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    public int capacity() {
        return capacity;
    }

    public Optional<String> certificateSerial() {
        return Optional.ofNullable(certificateSerial);
    }

    public Optional<Instant> certificateNotAfter() {
        return Optional.ofNullable(certificateNotAfter);
    }

    public Optional<Instant> enrolledAt() {
        return Optional.ofNullable(enrolledAt);
    }

    public Optional<Instant> enrollmentExpiresAt() {
        return Optional.ofNullable(enrollmentExpiresAt);
    }

    public boolean inMaintenance() {
        return maintenance;
    }

    /** Empty until the node registered its WireGuard key: then it cannot serve WireGuard. */
    public Optional<String> wireguardPublicKey() {
        return Optional.ofNullable(wireguardPublicKey);
    }
}
