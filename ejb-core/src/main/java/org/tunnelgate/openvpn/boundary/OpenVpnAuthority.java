package org.tunnelgate.openvpn.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.Set;
import org.tunnelgate.openvpn.control.OpenVpnClients;
import org.tunnelgate.openvpn.control.ServerCredentials;
import org.tunnelgate.openvpn.control.TlsCryptKeys;
import org.tunnelgate.openvpn.entity.ServerSide;
import org.tunnelgate.platform.JdbcTransaction;
import org.tunnelgate.pki.control.CertificateAuthority;
import org.tunnelgate.pki.control.MasterKey;

/**
 * This instance's handle on the cluster's OpenVPN credentials: one per application, so the CA is
 * loaded from the database once and then signs from memory. The master key file
 * ({@code tunnelgate.master-key-file}) is read on first use; without it OpenVPN fails with a
 * message that says so, while WireGuard keeps working.
 */
@ApplicationScoped
public class OpenVpnAuthority {

    @Resource(lookup = "jdbc/tunnelgate")
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tunnelgate.master-key-file")
    Optional<String> masterKeyFile;

    private OpenVpnClients clients;

    @PostConstruct
    void init() {
        clients = new OpenVpnClients(dataSource, this::readMasterKey, clock);
    }

    public OpenVpnClients clients() {
        return clients;
    }

    /** A server certificate for a node serving a profile's OpenVPN (for node management). */
    public CertificateAuthority.Issued issueServerCertificate(String hostName, String profileId, Instant notAfter) {
        return clients.ca().issueServer(hostName, profileId, clock.instant(), notAfter);
    }

    /**
     * The node's OpenVPN server side for a profile (the node's server certificate issued on first
     * need and kept sealed), in a short transaction of its own.
     */
    public ServerSide serverSide(String nodeName, String publicHost, String profileId) {
        CertificateAuthority ca = clients.ca();
        MasterKey key = masterKey();
        // both race on their table's primary key (ServerCredentials.RACED_KEY, TlsCryptKeys.RACED_KEY)
        return JdbcTransaction.run(dataSource, Set.of(ServerCredentials.RACED_KEY), c -> {
            Instant now = clock.instant();
            ServerCredentials.Server server = ServerCredentials.forNode(c, key, ca, nodeName, publicHost, profileId, now);
            String tlsCrypt = TlsCryptKeys.forProfile(c, key, profileId, now);
            return new ServerSide(ca.certificatePem(), server.certificatePem(), server.privateKeyPem(), tlsCrypt, server.renewed());
        });
    }

    /** The CA certificate (PEM) that OpenVPN clients and nodes trust. */
    public String caCertificatePem() {
        return clients.ca().certificatePem();
    }

    private volatile MasterKey key;

    private MasterKey masterKey() {
        MasterKey current = key;
        if (current == null) {
            current = readMasterKey();
            key = current;
        }
        return current;
    }

    private MasterKey readMasterKey() {
        String file = masterKeyFile.filter(f -> !f.isBlank()).orElseThrow(() -> new IllegalStateException(
                "OpenVPN needs the operator's master key, but tunnelgate.master-key-file is not set"));
        return MasterKey.fromFile(Path.of(file));
    }
}
