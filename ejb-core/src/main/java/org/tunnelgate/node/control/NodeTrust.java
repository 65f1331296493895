package org.tunnelgate.node.control;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trust towards one node's agent: its certificate must chain to the node CA and its common name
 * must be the node's registered name. This replaces the host-name check (the agent is reached by an
 * address its certificate does not carry); being an {@link X509ExtendedTrustManager}, JSSE adds no
 * check of its own on top. The controller is never the server here, so client checks refuse.
 */
final class NodeTrust extends X509ExtendedTrustManager {

    private final X509TrustManager nodeCa;
    private final String nodeName;

    NodeTrust(X509TrustManager nodeCa, String nodeName) {
        this.nodeCa = nodeCa;
        this.nodeName = nodeName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        nodeCa.checkServerTrusted(chain, authType);
        if (!names(chain[0], nodeName)) {
            throw new CertificateException("the agent's certificate does not name node " + nodeName);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the controller accepts no TLS clients on its agent connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return nodeCa.getAcceptedIssuers();
    }

    /** Whether the (already CA-verified) certificate's common name is the node's name. */
    static boolean names(X509Certificate certificate, String nodeName) {
        try {
            return new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                    .anyMatch(rdn -> rdn.getType().equalsIgnoreCase("CN") && nodeName.equals(rdn.getValue()));
        } catch (InvalidNameException e) {
            return false;
        }
    }
}
