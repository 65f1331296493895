package org.tunnelgate.openvpn.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.tunnelgate.pki.control.CaStore;
import org.tunnelgate.pki.control.CertificateAuthority;
import org.tunnelgate.pki.control.MasterKey;
import org.tunnelgate.profile.entity.Profile;

/**
 * OpenVPN for the configuration issuer (peer): a client certificate per configuration from the shared
 * CA (valid until the session expires) and the profile's tls-crypt key, rendered into one inline
 * configuration. The CA is loaded (or created) once per instance on first use and kept in memory;
 * the master key is only read then, so a controller without one still serves WireGuard and says
 * clearly why OpenVPN fails.
 */
public final class OpenVpnClients {

    /** A client certificate and key (PEM) — the key is secret and never stored. */
    public record Credentials(String serial, String commonName, String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Credentials[serial=" + serial + "]";
        }
    }


    private final DataSource dataSource;
    private final Supplier<MasterKey> masterKey;
    private final Clock clock;
    private volatile CertificateAuthority ca;
    private volatile MasterKey key;

    public OpenVpnClients(DataSource dataSource, Supplier<MasterKey> masterKey, Clock clock) {
        this.dataSource = dataSource;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    /** Gets ready before an issuing transaction starts (loads the CA in a transaction of its own). */
    public void prepare() {
        ca();
    }

    /** Certificate and key for a new client; called at most once per connect (CPU only, no database). */
    public Credentials newClient(Profile profile, java.time.Instant notAfter) {
        CertificateAuthority.Issued issued = ca().issueClient(profile.profileId(), clock.instant(), notAfter);
        return new Credentials(issued.serialHex(), issued.commonName(), issued.certificatePem(), issued.privateKeyPem());
    }

    /** The configuration file; reads (or creates) the profile's tls-crypt key on the issuing connection. */
    public String render(Connection connection, Profile profile, List<String> remoteHosts, boolean preferTcp,
                         Credentials credentials) throws SQLException {
        String tlsCrypt = TlsCryptKeys.forProfile(connection, masterKey(), profile.profileId(), clock.instant());
        return OpenVpnConfigFile.render(remoteHosts, profile.openvpnUdpPorts(), profile.openvpnTcpPorts(), preferTcp,
                ca().certificatePem(), credentials.certificatePem(), credentials.privateKeyPem(), tlsCrypt);
    }

    /** The shared CA, e.g. to issue a node's server certificate. */
    public CertificateAuthority ca() {
        CertificateAuthority current = ca;
        if (current == null) {
            synchronized (this) {
                if (ca == null) {
                    ca = CaStore.loadOrCreate(dataSource, masterKey(), clock.instant());
                }
                current = ca;
            }
        }
        return current;
    }

    private MasterKey masterKey() {
        MasterKey current = key;
        if (current == null) {
            current = masterKey.get();
            key = current;
        }
        return current;
    }
}
