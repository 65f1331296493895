package org.tunnelgate.node.entity;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.tunnelgate.profile.entity.HostName;

/**
 * What an admin says about a node the controller is to manage: its name, where its agent listens
 * ({@code https://host:port}, nothing more), the host VPN clients connect to, a location label and
 * how many peers and clients it is meant to carry.
 */
public record NodeRegistration(String name, String agentUrl, String publicHost, String location, int capacity) {

    public static final int MAX_CAPACITY = 1_000_000;

    /** Everything wrong with it, empty when nothing. */
    public List<String> problems() {
        List<String> errors = new ArrayList<>();
        if (name == null || !Node.NAME_PATTERN.matcher(name).matches()) {
            errors.add("name must be 1-63 lower-case letters, digits or '-'");
        }
        if (!isAgentUrl(agentUrl)) {
            errors.add("agent_url must be https://host:port (no path, query or user)");
        }
        if (!HostName.isValid(publicHost)) {
            errors.add("public_host is not a DNS name or IP address");
        }
        if (location != null && (location.isBlank() || location.length() > 64
                || location.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            errors.add("location must be 1-64 printable characters");
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            errors.add("capacity must be between 1 and " + MAX_CAPACITY);
        }
        return errors;
    }

    static boolean isAgentUrl(String value) {
        if (value == null || value.length() > 300) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
