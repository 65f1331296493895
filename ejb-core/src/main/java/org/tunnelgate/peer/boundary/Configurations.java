package org.tunnelgate.peer.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.node.boundary.Placement;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.NodeChoice;
import org.tunnelgate.oauth.control.OAuthSettings;
import org.tunnelgate.openvpn.boundary.OpenVpnAuthority;
import org.tunnelgate.peer.ApiDownloadsDisabled;
import org.tunnelgate.peer.ConfigurationRefused;
import org.tunnelgate.peer.control.ConfigurationIssuer;
import org.tunnelgate.peer.control.ConfigurationStore;
import org.tunnelgate.peer.entity.ConnectRequest;
import org.tunnelgate.peer.entity.IssuedConfiguration;
import org.tunnelgate.peer.entity.VpnConfiguration;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.Protocol;

/**
 * Issues and removes VPN configurations — the boundary behind the app API's {@code /connect} and
 * {@code /disconnect} and the portal's downloads.
 *
 * <h2>connect</h2>
 * {@link #connect(ConnectRequest)} returns a {@link VpnConfiguration} (protocol, exact content
 * type, body, expiry for the {@code Expires} header). In order:
 * <ol>
 * <li>the account must exist and be enabled ({@code ConfigurationRefused} otherwise), the profile must exist and
 *     be usable by it ({@code ProfileNotFound}, 404); a malformed {@code public_key} gives
 *     {@code InvalidInput} (400);</li>
 * <li>for apps: a cap of 0 app configurations means {@link ApiDownloadsDisabled} (403);</li>
 * <li>protocols = the profile's offered protocols that the client supports, in the profile's order
 *     (an app without a public key does not support WireGuard); {@code preferTcp} puts OpenVPN
 *     first when the profile has TCP ports; none → {@code NoCommonProtocol};</li>
 * <li>in one transaction, which first locks the account's row so that parallel requests of one
 *     account are counted one after the other: the authorization's previous configuration is removed, the account's
 *     oldest app configurations beyond the cap ({@code tunnelgate.api.max-active-configurations},
 *     default 3) are evicted, and the first protocol that can be served is issued — WireGuard needs
 *     a free address on a serving node, otherwise the next protocol is tried; nothing at all →
 *     {@code NoCapacity} and nothing changes;</li>
 * <li>the expiry is the request's (for portal downloads: now + the server-wide session expiry),
 *     shortened to now + the profile's session expiry if it has one.</li>
 * </ol>
 * Portal downloads ({@link ConnectRequest#portal}) are capped per account and profile by the
 * profile's {@code max_portal_configurations} ({@code PortalLimitReached}, 409) and for WireGuard get a
 * server-generated key pair whose private key is only in the returned body. The node is told after
 * commit, synchronously: placement offers the healthy nodes serving the profile, least loaded first,
 * and when a node does not take the WireGuard peer within its short timeout the configuration is
 * taken back and placed on the next one — the configuration always names the node that has the peer.
 *
 * <h2>disconnect</h2>
 * {@link #disconnectAuthorization(long)} removes whatever an app authorization has (idempotent;
 * call it when the app calls {@code /disconnect} and when an authorization is revoked).
 *
 * <p>Bean-managed transactions: the work runs in short plain-JDBC transactions that are repeated
 * on deadlocks and Galera certification conflicts (see {@link JdbcTransaction}); a caller's
 * transaction, if any, is suspended. The nodes are told after commit ({@link NodeNotices}).
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class Configurations {

    private static final Logger LOG = Logger.getLogger(Configurations.class.getName());

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @PersistenceContext(unitName = "tunnelgate")
    EntityManager em;

    @EJB
    Profiles profiles;

    @Inject
    Placement placement;

    @Inject
    NodeNotices notices;

    @Inject
    OAuthSettings oauth;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tunnelgate.api.max-active-configurations", defaultValue = "3")
    int maxAppConfigurations;

    @Inject
    OpenVpnAuthority openVpn;

    private ConfigurationIssuer issuer;

    @PostConstruct
    void init() {
        issuer = new ConfigurationIssuer(dataSource, clock, openVpn.clients(), new SecureRandom());
    }

    public VpnConfiguration connect(ConnectRequest asked) {
        Account account = em.find(Account.class, asked.accountId());
        if (account == null || !account.isEnabled()) {
            throw ConfigurationRefused.forbidden("the account is disabled");
        }
        return connect(asked, account.getName(), account.isAdmin());
    }

    /**
     * {@link #connect(ConnectRequest)} for a caller that has just found the account enabled (the API's
     * bearer check reads it with the token): one read less on the hot path. Whether the account is
     * still enabled is checked again inside the issuing transaction, under the account's lock.
     *
     * @param accountName the account's name and whether it is an administrator: what profile permissions look at
     */
    public VpnConfiguration connect(ConnectRequest asked, String accountName, boolean admin) {
        ConnectRequest request = asked.expiresAt() != null ? asked
                : asked.expiringAt(clock.instant().plus(oauth.sessionExpiry()));
        Profile profile = profiles.findUsable(request.profileId(), accountName, admin);
        if (request.fromApp() && maxAppConfigurations <= 0) {
            throw new ApiDownloadsDisabled();
        }
        List<NodeChoice> candidates = new ArrayList<>(placement.placement(profile));
        Map<String, Node> known = new HashMap<>(); // the registry rows placement read: the pushes need not read them again
        candidates.stream().filter(n -> n.node() != null).forEach(n -> known.put(n.name(), n.node()));
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        try {
            while (true) {
                ConfigurationIssuer.Issued issued = issuer.issue(profile, candidates, request, Math.max(1, maxAppConfigurations));
                IssuedConfiguration added = issued.added();
                // The replaced peers on the new one's interface leave with its addition, in one call to
                // the node (one with the new key needs nothing: the addition replaces it). The others
                // leave their nodes while the new peer is pushed: the calls overlap. None of them can
                // overtake the addition: another node or interface, or another key.
                Replaced replaced = Replaced.by(added, issued.removed());
                removals.add(notices.removing(replaced.elsewhere(), known));
                boolean taken = notices.added(added, replaced.keys(), known);
                if (taken) {
                    if (added.protocol() == Protocol.WIREGUARD) {
                        placement.placed(added.nodeName());
                    }
                    return issued.configuration();
                }
                // The node did not take the peer: the configuration must not name it; take it back
                // (without telling that node again) and place it on the next node. The peers it was to
                // replace there are gone from the database all the same (the next iteration does not
                // see them again), so they get removals of their own now — the same key too, which the
                // addition would have replaced. The node may have made the change before it failed to
                // answer: removing a peer it no longer has is fine. These go to the failed node only,
                // and the next node is another one, so they cannot meet the next addition.
                removals.add(notices.removing(replaced.onSameInterface(), known));
                JdbcTransaction.run(dataSource, c -> ConfigurationStore.deleteOwned(c, added.accountId(), added.id()));
                candidates.removeIf(n -> n.name().equals(added.nodeName()));
            }
        } finally {
            // answered only once every removal arrived or failed (logged): a removal still on its way
            // must not meet the peer of a later /connect with the same key on that node
            CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).join();
        }
    }

    /** Removes the configuration of an app authorization, if any (the app's {@code /disconnect}). */
    public void disconnectAuthorization(long authorizationId) {
        List<IssuedConfiguration> removed = JdbcTransaction.run(dataSource,
                c -> ConfigurationStore.deleteByAuthorization(c, authorizationId));
        notices.removed(removed);
    }

    /** An account's configurations, oldest first (portal "your configurations"). */
    public List<IssuedConfiguration> ownedBy(long accountId) {
        return JdbcTransaction.run(dataSource, c -> ConfigurationStore.byAccount(c, accountId));
    }

    /** Deletes one of the account's own configurations; {@code ConfigurationRefused} if it has no such one. */
    public void delete(long accountId, long configurationId) {
        IssuedConfiguration removed = JdbcTransaction.run(dataSource,
                c -> ConfigurationStore.deleteOwned(c, accountId, configurationId))
                .orElseThrow(() -> ConfigurationRefused.notFound("no such configuration"));
        notices.removed(removed);
    }

    /** Removes everything an account has (when it is disabled or deleted). */
    public int disconnectAccount(long accountId) {
        List<IssuedConfiguration> removed = JdbcTransaction.run(dataSource,
                c -> ConfigurationStore.deleteByAccount(c, accountId));
        notices.removed(removed);
        return removed.size();
    }

    /**
     * Removes the configurations of a profile whose owners may no longer use it (after its
     * permissions changed); returns how many.
     */
    public int removeNoLongerPermitted(String profileId) {
        List<IssuedConfiguration> all = JdbcTransaction.run(dataSource, c -> ConfigurationStore.byProfile(c, profileId));
        return removeUnless(all, (account, configuration) -> profiles.mayUse(profileId, account));
    }

    /** Removes the configurations of an account for profiles it may no longer use (after its role changed). */
    public int removeNoLongerPermittedOf(long accountId) {
        return removeUnless(ownedBy(accountId), (account, configuration) -> profiles.mayUse(configuration.profileId(), account));
    }

    private int removeUnless(List<IssuedConfiguration> candidates, BiPredicate<Account, IssuedConfiguration> permitted) {
        int removed = 0;
        Map<Long, Account> owners = new HashMap<>();
        for (IssuedConfiguration configuration : candidates) {
            Account owner = owners.computeIfAbsent(configuration.accountId(), id -> em.find(Account.class, id));
            if (owner != null && permitted.test(owner, configuration)) {
                continue;
            }
            var gone = JdbcTransaction.run(dataSource,
                    c -> ConfigurationStore.deleteOwned(c, configuration.accountId(), configuration.id()));
            if (gone.isPresent()) {
                notices.removed(gone.get());
                removed++;
            }
        }
        if (removed > 0) {
            int count = removed;
            LOG.info(() -> count + " configurations removed: their owners may no longer use the profile");
        }
        return removed;
    }

    /** Removes up to {@code limit} expired configurations; returns how many (the expiry sweep). */
    public int removeExpired(int limit) {
        List<IssuedConfiguration> removed = JdbcTransaction.run(dataSource,
                c -> ConfigurationStore.deleteExpired(c, clock.instant(), limit));
        notices.removed(removed);
        return removed.size();
    }

    /** Removes up to {@code limit} configurations of disabled accounts; returns how many. */
    public int removeOfDisabledAccounts(int limit) {
        List<IssuedConfiguration> removed = JdbcTransaction.run(dataSource,
                c -> ConfigurationStore.deleteOfDisabledAccounts(c, limit));
        notices.removed(removed);
        return removed.size();
    }
}
