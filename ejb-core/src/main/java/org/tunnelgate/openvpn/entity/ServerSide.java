package org.tunnelgate.openvpn.entity;

/**
 * What a node needs to serve a profile's OpenVPN: the CA that issues the profile's client
 * certificates, the node's own server certificate and key, and the profile's tls-crypt key (all
 * PEM). Secrets: they go into the node's desired state and nowhere else, never into a log.
 * {@code renewed}: the server certificate was re-issued just now (its predecessor was ending), so
 * the node must get it at once.
 */
public record ServerSide(String caPem, String certificatePem, String privateKeyPem, String tlsCrypt, boolean renewed) {
    @Override
    public String toString() {
        return "ServerSide[secrets omitted]";
    }
}
