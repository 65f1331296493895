package org.tunnelgate.agent.state;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tunnelgate.agent.json.InvalidInput;
import org.tunnelgate.agent.json.Fields;
import org.tunnelgate.agent.json.Json;

/**
 * The OpenVPN side of one VPN profile on this node: the server certificate and key issued by the
 * controller's CA, the tls-crypt key, what is pushed to clients, and one listener per process.
 * The key material is stored only in the agent's state directory (mode 0600) and never returned
 * by the API.
 */
public record OpenVpnProfile(
        String name,
        Optional<String> local,
        String ca,
        String cert,
        String key,
        String tlsCrypt,
        List<IpNet> routes,
        List<String> dns,
        boolean defaultGateway,
        List<OpenVpnListener> listeners) {

    private static final int MAX_PEM = 64 * 1024;

    static OpenVpnProfile from(Fields f) {
        f.allowOnly(Set.of("name", "local", "ca", "cert", "key", "tls_crypt", "routes", "dns", "default_gateway",
                "listeners"));
        String name = f.string("name");
        // the controller's profile ids: a letter or digit first, then letters, digits, '.', '_' or '-'
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}")) {
            throw new InvalidInput(f.where() + ".name must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Optional<String> local = f.has("local")
                ? Optional.of(IpNet.format(IpNet.address(f.string("local"), f.where() + ".local")))
                : Optional.empty();
        String ca = certificate(f, "ca");
        String cert = certificate(f, "cert");
        String key = pem(f, "key", "PRIVATE KEY-----");
        String tlsCrypt = pem(f, "tls_crypt", "-----BEGIN OpenVPN Static key V1-----");
        var routes = f.strings("routes").stream().map(s -> IpNet.parse(s, f.where() + ".routes")).toList();
        var dns = f.strings("dns").stream()
                .map(s -> IpNet.format(IpNet.address(s, f.where() + ".dns")))
                .toList();
        var listeners = new ArrayList<OpenVpnListener>();
        var seen = new HashSet<String>();
        var items = f.list("listeners");
        if (items.isEmpty()) {
            throw new InvalidInput(f.where() + ".listeners must name at least one process");
        }
        for (int i = 0; i < items.size(); i++) {
            var listener = OpenVpnListener.from(Fields.of(items.get(i), f.where() + ".listeners[" + i + "]"));
            if (!seen.add(listener.proto() + listener.port())) {
                throw new InvalidInput(f.where() + ".listeners[" + i + "]: protocol and port used twice");
            }
            listeners.add(listener);
        }
        return new OpenVpnProfile(name, local, ca, cert, key, tlsCrypt, routes, dns, f.bool("default_gateway", false),
                List.copyOf(listeners));
    }

    private static String pem(Fields f, String field, String marker) {
        String text = f.string(field);
        if (text.length() > MAX_PEM || !text.contains(marker)) {
            throw new InvalidInput(f.where() + "." + field + " must be PEM text containing " + marker);
        }
        // written into files OpenVPN reads: printable ASCII and line breaks only (no NUL, no escapes)
        if (text.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c > 0x7e)) {
            throw new InvalidInput(f.where() + "." + field + " must be PEM text (printable ASCII)");
        }
        return text;
    }

    private static String certificate(Fields f, String field) {
        String text = pem(f, field, "-----BEGIN CERTIFICATE-----");
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new CertificateException("no certificate");
            }
        } catch (CertificateException e) {
            throw new InvalidInput(f.where() + "." + field + " is not a readable X.509 certificate");
        }
        return text;
    }

    Object toJson() {
        var json = Json.object("name", name);
        local.ifPresent(l -> json.put("local", l));
        json.put("ca", ca);
        json.put("cert", cert);
        json.put("key", key);
        json.put("tls_crypt", tlsCrypt);
        json.put("routes", routes.stream().map(IpNet::text).toList());
        json.put("dns", dns);
        json.put("default_gateway", defaultGateway);
        json.put("listeners", listeners.stream().map(OpenVpnListener::toJson).toList());
        return json;
    }
}
