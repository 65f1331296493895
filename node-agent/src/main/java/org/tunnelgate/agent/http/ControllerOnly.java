package org.tunnelgate.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Logger;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The second gate after the TLS handshake (which already refused anyone without a certificate from
 * the controller CA): when {@code tls.allowed-clients} names common names, only those get in. Node
 * certificates come from the same CA, so without this list one node's certificate could drive
 * another node; the list keeps the API to the controllers.
 */
final class ControllerOnly extends Filter {

    private static final Logger LOG = Logger.getLogger(ControllerOnly.class.getName());

    private final Set<String> allowed;

    private final RequestCounts counts;

    ControllerOnly(Set<String> allowed, RequestCounts counts) {
        this.allowed = Set.copyOf(allowed);
        this.counts = counts;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (allowed.isEmpty() || allowed.contains(commonName(exchange))) {
            chain.doFilter(exchange);
            return;
        }
        LOG.warning(() -> "client certificate not allowed; cn=" + commonName(exchange));
        try (exchange) {
            Route.send(exchange, Reply.error(403, "this certificate may not use the agent API"));
        }
        counts.count(403);
    }

    @Override
    public String description() {
        return "only the controllers' certificates";
    }

    static String commonName(HttpExchange exchange) {
        try {
            String dn = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
            for (var rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) return String.valueOf(rdn.getValue());
            }
            return "";
        } catch (SSLPeerUnverifiedException | InvalidNameException | ClassCastException e) {
            return "";
        }
    }
}
