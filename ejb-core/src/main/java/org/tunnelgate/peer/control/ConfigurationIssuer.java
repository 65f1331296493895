package org.tunnelgate.peer.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.node.entity.WireGuardKey;
import org.tunnelgate.openvpn.control.OpenVpnClients;
import org.tunnelgate.openvpn.control.TlsCryptKeys;
import org.tunnelgate.peer.ConfigurationRefused;
import org.tunnelgate.peer.NoCapacity;
import org.tunnelgate.peer.PortalLimitReached;
import org.tunnelgate.peer.entity.ConnectRequest;
import org.tunnelgate.peer.entity.IssuedConfiguration;
import org.tunnelgate.peer.entity.VpnConfiguration;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileNode;
import org.tunnelgate.profile.entity.Protocol;

/**
 * Issues one configuration for a profile the caller already resolved and may use: takes the
 * account's issuing lock (so parallel requests of one account are counted one after the other),
 * removes what the app authorization had, enforces the per-account cap on app configurations or
 * the profile's cap on portal configurations ({@link PortalLimitReached}), then tries the
 * protocols in {@link ProtocolChoice} order — WireGuard on each node placement offers (in its
 * order: healthy, least loaded first) until one has a free address, else OpenVPN — all in one short JDBC transaction that is repeated
 * on conflicts. If nothing can be served the transaction rolls back (the app keeps what it had)
 * and {@link NoCapacity} is thrown.
 *
 * <p>Plain Java over a {@link DataSource}, so the EJB boundary, the integration tests and the
 * benchmark all drive the very same code.
 */
public final class ConfigurationIssuer {

    /** The outcome: what the client gets, what was added, and what was removed on the way. */
    public record Issued(VpnConfiguration configuration, IssuedConfiguration added, List<IssuedConfiguration> removed) {}

    /**
     * The duplicate keys a concurrent connect can make this transaction lose on (it then starts over):
     * a client address, the one configuration of an app authorization (the same app connecting twice
     * at once), and the profile's tls-crypt key created by two first connects at once.
     */
    static final Set<String> RACED_KEYS = Set.of(AddressAllocator.ADDRESS_KEY, ConfigurationStore.AUTHORIZATION_KEY,
            TlsCryptKeys.RACED_KEY);

    private final DataSource dataSource;
    private final Clock clock;
    private final OpenVpnClients openVpn;
    private final RandomGenerator random;

    /** @param openVpn the OpenVPN side, or null where OpenVPN is unavailable (then only WireGuard is issued) */
    public ConfigurationIssuer(DataSource dataSource, Clock clock, OpenVpnClients openVpn, RandomGenerator random) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.openVpn = openVpn;
        this.random = random;
    }

    /**
     * @param nodes                the nodes that may take it, in the order placement ranked them
     * @param maxAppConfigurations the per-account cap on app configurations (≥ 1)
     */
    public Issued issue(Profile profile, List<NodeChoice> nodes, ConnectRequest request, int maxAppConfigurations) {
        String appKey = request.wireGuardPublicKey();
        if (appKey != null && !WireGuardKey.isValid(appKey)) {
            throw ConfigurationRefused.invalid("invalid value for \"public_key\"");
        }
        List<Protocol> supported = new ArrayList<>(request.supportedProtocols());
        if (request.fromApp() && appKey == null) {
            supported.remove(Protocol.WIREGUARD); // an app without a key cannot use WireGuard
        }
        List<Protocol> order = ProtocolChoice.order(profile, supported, request.preferTcp());

        Objects.requireNonNull(request.expiresAt(), "the request's expiry");
        Instant now = clock.instant();
        Instant expiresAt = profile.sessionExpiry().map(now::plus)
                .filter(e -> e.isBefore(request.expiresAt())).orElse(request.expiresAt());
        if (!expiresAt.isAfter(now)) {
            throw ConfigurationRefused.invalid("the authorization has expired");
        }
        WireGuardKeyPair generated = appKey == null && order.contains(Protocol.WIREGUARD) ? WireGuardKeyPair.generate() : null;
        OpenVpnClients.Credentials[] credentials = new OpenVpnClients.Credentials[1]; // issued once, reused by retries
        if (openVpn != null && order.contains(Protocol.OPENVPN)) {
            openVpn.prepare();
        }

        return JdbcTransaction.run(dataSource, RACED_KEYS, connection -> {
            // first, so that the counting below sees every configuration of this account committed
            // before and none is added beside it until this transaction ends (issue 7, gaps 5 and 6)
            if (!ConfigurationStore.lockAccountForIssuing(connection, request.accountId())) {
                throw ConfigurationRefused.forbidden("the account is disabled");
            }
            List<IssuedConfiguration> removed = new ArrayList<>();
            if (request.fromApp()) {
                removed.addAll(ConfigurationStore.makeRoomForApp(connection, request.accountId(), request.authorizationId(),
                        maxAppConfigurations - 1));
            } else if (ConfigurationStore.countPortalConfigurations(connection, request.accountId(), profile.profileId())
                    >= profile.maxPortalConfigurations()) {
                throw new PortalLimitReached(profile.profileId(), profile.maxPortalConfigurations());
            }
            ConfigurationStore.Owner owner = new ConfigurationStore.Owner(request.accountId(),
                    request.authorizationId(), request.displayName(), profile.profileId(), now, expiresAt);
            for (Protocol protocol : order) {
                Optional<Issued> issued = protocol == Protocol.WIREGUARD
                        ? wireGuard(connection, profile, nodes, owner, appKey, generated, removed)
                        : openVpn(connection, profile, nodes, owner, request.preferTcp(), credentials, removed);
                if (issued.isPresent()) {
                    return issued.get();
                }
            }
            throw new NoCapacity("no free address on any node serving profile \"" + profile.profileId()
                    + "\" for " + String.join(" or ", order.stream().map(Protocol::apiName).toList()));
        });
    }

    private Optional<Issued> wireGuard(Connection c, Profile profile, List<NodeChoice> nodes,
                                       ConfigurationStore.Owner owner, String appKey, WireGuardKeyPair generated,
                                       List<IssuedConfiguration> removed) throws SQLException {
        String publicKey = appKey != null ? appKey : generated.publicKey();
        for (NodeChoice node : nodes) {
            ProfileNode share = profile.nodes().stream().filter(n -> n.nodeName().equals(node.name())).findFirst().orElse(null);
            if (share == null || node.wireguardPublicKey() == null || share.wireguardIpv4Range() == null) {
                continue; // a node without a registered key cannot take WireGuard peers yet
            }
            AddressPool pool = new AddressPool(share.wireguardIpv4Range(), share.wireguardIpv6Range());
            ConfigurationStore.NewRow row = ConfigurationStore.NewRow.wireGuard(owner, node.name(), publicKey);
            long[] id = new long[1];
            ConfigurationStore.NewRow[] inserted = new ConfigurationStore.NewRow[1];
            OptionalLong host = AddressAllocator.allocate(c, profile.profileId(), node.name(), pool, h -> {
                inserted[0] = row.withWireGuardAddress(h, pool.ipv4(h), pool.ipv6(h));
                id[0] = ConfigurationStore.insert(c, inserted[0]);
            }, random);
            if (host.isPresent()) {
                String body = WireGuardConfigFile.render(profile, pool, host.getAsLong(),
                        node.wireguardPublicKey(), node.publicHost(),
                        generated != null && appKey == null ? generated.privateKey() : null);
                return Optional.of(new Issued(new VpnConfiguration(id[0], Protocol.WIREGUARD,
                        Protocol.WIREGUARD.contentType(), body, owner.expiresAt()), inserted[0].withId(id[0]), removed));
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code remote}s of an OpenVPN configuration: the node placement chose (healthy, not
     * drained, least loaded) first, then up to {@value #MORE_REMOTES} more of the profile's nodes in
     * placement order, so an app falls over to another node by itself (any node of the profile
     * admits the certificate). Only nodes with a share of the profile's OpenVPN ranges count; with
     * none, the profile's own host names.
     */
    static List<String> openVpnRemotes(Profile profile, List<NodeChoice> nodes) {
        List<String> hosts = nodes.stream()
                .filter(n -> profile.nodes().stream().anyMatch(s -> s.nodeName().equals(n.name()) && s.openvpnIpv4Range() != null))
                .map(NodeChoice::publicHost).distinct().limit(1 + MORE_REMOTES).toList();
        return hosts.isEmpty() ? profile.hostNames() : hosts;
    }

    static final int MORE_REMOTES = 2;

    private Optional<Issued> openVpn(Connection c, Profile profile, List<NodeChoice> nodes,
                                     ConfigurationStore.Owner owner, boolean preferTcp,
                                     OpenVpnClients.Credentials[] credentials, List<IssuedConfiguration> removed)
            throws SQLException {
        if (openVpn == null) {
            return Optional.empty();
        }
        List<String> hosts = openVpnRemotes(profile, nodes);
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        if (credentials[0] == null) {
            credentials[0] = openVpn.newClient(profile, owner.expiresAt());
        }
        OpenVpnClients.Credentials issued = credentials[0];
        ConfigurationStore.NewRow row = ConfigurationStore.NewRow.openVpn(owner, issued.serial(), issued.commonName());
        long id = ConfigurationStore.insert(c, row);
        String body = openVpn.render(c, profile, hosts, preferTcp, issued);
        return Optional.of(new Issued(new VpnConfiguration(id, Protocol.OPENVPN, Protocol.OPENVPN.contentType(), body,
                owner.expiresAt()), row.withId(id), removed));
    }
}
