package org.tunnelgate.node.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.Optional;
import java.util.logging.Logger;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.sql.DataSource;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.node.NodeCertificateRefused;
import org.tunnelgate.node.control.AgentCredentials;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.node.entity.OpenVpnClientReport;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.platform.UtcDateTime;
import org.tunnelgate.profile.boundary.Profiles;

/**
 * The agents' calls home about OpenVPN clients (docs/agent-api.md, "Calls home"). The calling node
 * is who its client certificate says — issued by the node CA, unexpired, and the very certificate
 * the node last enrolled with (a re-enrolled node's old one and a removed node's are refused with
 * {@link NodeCertificateRefused}).
 *
 * <p>{@link #authorize} admits a client when its certificate's common name belongs to an OpenVPN
 * configuration of that profile that has not expired, its account is enabled and may still use the
 * profile, and the calling node serves the profile — on any node of the profile, so an app falls
 * over between a configuration's {@code remote}s by itself. {@link #connected} and
 * {@link #disconnected} feed the connection log ({@link OpenVpnSessionReported}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OpenVpnAdmission {

    private static final Logger LOG = Logger.getLogger(OpenVpnAdmission.class.getName());

    /** A client's configuration as admission needs it. */
    record Configuration(long id, long accountId, String profileId, Instant expiresAt) {}

    @PersistenceContext(unitName = "tunnelgate")
    EntityManager em;

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    AgentCredentials credentials;

    @Inject
    Profiles profiles;

    @Inject
    Clock clock;

    @Inject
    Event<OpenVpnSessionReported> sessions;

    /** Whether the client may connect (or stay connected, at a renegotiation) through the calling node. */
    public boolean authorize(X509Certificate[] nodeChain, OpenVpnClientReport client) {
        Node node = identify(nodeChain);
        Optional<String> refusal = refusal(node, client);
        refusal.ifPresent(why -> LOG.info(() -> "OpenVPN client refused on node " + node.name() + "; profile="
                + client.profileId() + " cn=" + client.commonName() + ": " + why));
        return refusal.isEmpty();
    }

    public void connected(X509Certificate[] nodeChain, OpenVpnClientReport client) {
        report(identify(nodeChain), client, true);
    }

    public void disconnected(X509Certificate[] nodeChain, OpenVpnClientReport client) {
        report(identify(nodeChain), client, false);
    }

    private void report(Node node, OpenVpnClientReport client, boolean connected) {
        // a client whose configuration is gone has nothing to be logged against (its session was closed with it)
        configuration(client.commonName()).filter(c -> c.profileId().equals(client.profileId())).ifPresent(c -> {
            Account account = em.find(Account.class, c.accountId());
            if (account != null) {
                sessions.fire(new OpenVpnSessionReported(node.name(), c.id(), c.accountId(), account.getName(), connected,
                        clock.instant(), client));
            }
        });
    }

    private Optional<String> refusal(Node node, OpenVpnClientReport client) {
        Optional<Configuration> found = configuration(client.commonName());
        if (found.isEmpty()) {
            return Optional.of("no such configuration (deleted, expired or never issued)");
        }
        Configuration configuration = found.get();
        if (!configuration.profileId().equals(client.profileId())) {
            return Optional.of("the certificate belongs to another profile");
        }
        if (!configuration.expiresAt().isAfter(clock.instant())) {
            return Optional.of("the configuration has expired");
        }
        Account account = em.find(Account.class, configuration.accountId());
        if (account == null || !account.isEnabled()) {
            return Optional.of("the account is disabled or gone");
        }
        if (!profiles.mayUse(client.profileId(), account)) {
            return Optional.of("the account may no longer use the profile");
        }
        if (!serves(node.name(), client.profileId())) {
            return Optional.of("this node does not serve the profile");
        }
        return Optional.empty();
    }

    /**
     * The enrolled node that presents this certificate (first of the chain the TLS handshake
     * verified); checked again here against the node CA, the node's recorded serial and the clock,
     * so a listener that trusted more than it should still lets no stranger in.
     */
    Node identify(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            throw new NodeCertificateRefused("no client certificate (call the node listener with the node's certificate)");
        }
        X509Certificate certificate = chain[0];
        try {
            certificate.verify(credentials.authority().certificate().getPublicKey());
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw new NodeCertificateRefused("not a valid certificate from the node CA");
        }
        String name = commonName(certificate).orElseThrow(() -> new NodeCertificateRefused("no common name"));
        Node node = em.find(Node.class, name);
        if (node == null || !node.isManaged()) {
            throw new NodeCertificateRefused("no enrolled node \"" + name + "\" (removed?)");
        }
        if (!node.certificateSerial().map(s -> s.equals(certificate.getSerialNumber().toString(16))).orElse(false)) {
            throw new NodeCertificateRefused("node \"" + name + "\" has enrolled with another certificate since");
        }
        return node;
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            return new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN")).map(rdn -> String.valueOf(rdn.getValue()))
                    .findFirst();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private Optional<Configuration> configuration(String commonName) {
        return JdbcTransaction.run(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, account_id, profile_id, expires_at FROM vpn_configuration"
                    + " WHERE cert_common_name = ? AND protocol = 'openvpn' ORDER BY id DESC LIMIT 1")) {
                s.setString(1, commonName);
                try (ResultSet row = s.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Configuration(row.getLong(1), row.getLong(2), row.getString(3),
                                    UtcDateTime.fromDatabase(row.getObject(4, LocalDateTime.class))))
                            : Optional.<Configuration>empty();
                }
            }
        });
    }

    private boolean serves(String nodeName, String profileId) {
        return JdbcTransaction.run(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM vpn_profile_node WHERE profile_id = ? AND node_name = ?")) {
                s.setString(1, profileId);
                s.setString(2, nodeName);
                try (ResultSet row = s.executeQuery()) {
                    return row.next();
                }
            }
        });
    }
}
