package org.tunnelgate.portal.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * A profile as the console's form holds it — lists as comma-separated text — and the way back:
 * {@link #definition()} for the profile boundary, and {@link #fieldOf} to put each of the
 * boundary's problems (the same messages the admin API returns) next to the field it is about.
 */
public class ProfileForm {

    /** Form fields, named as the ids of the inputs on {@code /admin/profile}. */
    static final String GENERAL = "general";

    /** Problem text starts (after {@code profile "x": }) → the field it is about; first match wins. */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("profile_id", "id");
        FIELDS.put("profile \"", "id");
        FIELDS.put("display_name", "displayName");
        FIELDS.put("position", "position");
        FIELDS.put("protocol", "protocols");
        FIELDS.put("unknown protocol", "protocols");
        FIELDS.put("wireguard.ipv4_range", "wireguardIpv4");
        FIELDS.put("wireguard.ipv6_range", "wireguardIpv6");
        FIELDS.put("wireguard.port", "wireguardPort");
        FIELDS.put("has WireGuard settings", "protocols");
        FIELDS.put("UDP port", "wireguardPort");
        FIELDS.put("openvpn.ipv4_range", "openvpnIpv4");
        FIELDS.put("openvpn.ipv6_range", "openvpnIpv6");
        FIELDS.put("openvpn needs", "openvpnUdpPorts");
        FIELDS.put("openvpn.udp", "openvpnUdpPorts");
        FIELDS.put("openvpn.tcp", "openvpnTcpPorts");
        FIELDS.put("TCP port", "openvpnTcpPorts");
        FIELDS.put("has OpenVPN settings", "protocols");
        FIELDS.put("host name", "hostNames");
        FIELDS.put("DNS server", "dnsServers");
        FIELDS.put("DNS search domain", "dnsSearchDomains");
        FIELDS.put("route", "routes");
        FIELDS.put("excluded route", "excludedRoutes");
        FIELDS.put("permission", "permissions");
        FIELDS.put("session_expiry", "sessionExpiry");
        FIELDS.put("nodes", "nodes");
        FIELDS.put("unknown node", "nodes");
        FIELDS.put("node \"", "nodes");
        FIELDS.put("range ", "wireguardIpv4");
    }

    private String id = "";
    private String displayName = "";
    private boolean wireguard = true;
    private boolean openvpn;
    private String wireguardIpv4 = "";
    private String wireguardIpv6 = "";
    private String wireguardPort = "51820";
    private String openvpnIpv4 = "";
    private String openvpnIpv6 = "";
    private String openvpnUdpPorts = "";
    private String openvpnTcpPorts = "";
    private String hostNames = "";
    private String dnsServers = "";
    private String dnsSearchDomains = "";
    private String routes = "";
    private String excludedRoutes = "";
    private boolean defaultGateway = true;
    private String permissions = "";
    private String sessionExpiry = "";
    private String nodes = "";

    static ProfileForm of(ProfileDefinition d) {
        var form = new ProfileForm();
        form.id = d.profileId();
        form.displayName = d.displayName();
        form.wireguard = d.protocols().contains("wireguard");
        form.openvpn = d.protocols().contains("openvpn");
        form.wireguardIpv4 = text(d.wireguardIpv4Range());
        form.wireguardIpv6 = text(d.wireguardIpv6Range());
        form.wireguardPort = d.wireguardPort() == null ? "" : d.wireguardPort().toString();
        form.openvpnIpv4 = text(d.openvpnIpv4Range());
        form.openvpnIpv6 = text(d.openvpnIpv6Range());
        form.openvpnUdpPorts = join(d.openvpnUdpPorts());
        form.openvpnTcpPorts = join(d.openvpnTcpPorts());
        form.hostNames = join(d.hostNames());
        form.dnsServers = join(d.dnsServers());
        form.dnsSearchDomains = join(d.dnsSearchDomains());
        form.routes = join(d.routes());
        form.excludedRoutes = join(d.excludedRoutes());
        form.defaultGateway = d.defaultGateway();
        form.permissions = join(d.permissions());
        form.sessionExpiry = text(d.sessionExpiry());
        form.nodes = join(d.nodes());
        return form;
    }

    /**
     * The definition the form describes; {@link FormProblem} for text that is not even a number
     * where a port belongs (the boundary validates everything else).
     */
    ProfileDefinition definition() {
        List<String> protocols = new ArrayList<>();
        if (wireguard) {
            protocols.add("wireguard");
        }
        if (openvpn) {
            protocols.add("openvpn");
        }
        return new ProfileDefinition(id.strip(), displayName.strip(), null, protocols,
                wireguard ? blankToNull(wireguardIpv4) : null, wireguard ? blankToNull(wireguardIpv6) : null,
                wireguard ? port(wireguardPort, "wireguardPort") : null,
                openvpn ? blankToNull(openvpnIpv4) : null, openvpn ? blankToNull(openvpnIpv6) : null,
                openvpn ? ports(openvpnUdpPorts, "openvpnUdpPorts") : List.of(),
                openvpn ? ports(openvpnTcpPorts, "openvpnTcpPorts") : List.of(),
                list(hostNames), list(dnsServers), list(dnsSearchDomains), list(routes), list(excludedRoutes),
                defaultGateway, list(permissions), blankToNull(sessionExpiry), list(nodes));
    }

    /** A field of the form that cannot even be turned into a definition. */
    static final class FormProblem extends RuntimeException {
        final String field;

        FormProblem(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    /** The form field a problem of the profile boundary is about ({@link #GENERAL} if none fits). */
    static String fieldOf(String problem) {
        String text = problem.replaceFirst("^profile \"[^\"]*\": ", "");
        for (var entry : FIELDS.entrySet()) {
            if (text.startsWith(entry.getKey())) {
                return entry.getKey().equals("range ") && text.contains("overlaps") ? GENERAL : entry.getValue();
            }
        }
        return GENERAL;
    }

    /** The boundary's message split into its problems (it joins them with "; "). */
    static List<String> problemsOf(String message) {
        return Arrays.stream(message.split("; ")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Integer port(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new FormProblem(field, "\"" + text.strip() + "\" is not a port number");
        }
    }

    private static List<Integer> ports(String text, String field) {
        List<Integer> ports = new ArrayList<>();
        for (String item : list(text)) {
            ports.add(port(item, field));
        }
        return ports;
    }

    static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String join(List<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    // getters and setters for the form

    public String getId() { return id; }
    public void setId(String id) { this.id = nz(id); }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = nz(displayName); }
    public boolean isWireguard() { return wireguard; }
    public void setWireguard(boolean wireguard) { this.wireguard = wireguard; }
    public boolean isOpenvpn() { return openvpn; }
    public void setOpenvpn(boolean openvpn) { this.openvpn = openvpn; }
    public String getWireguardIpv4() { return wireguardIpv4; }
    public void setWireguardIpv4(String v) { wireguardIpv4 = nz(v); }
    public String getWireguardIpv6() { return wireguardIpv6; }
    public void setWireguardIpv6(String v) { wireguardIpv6 = nz(v); }
    public String getWireguardPort() { return wireguardPort; }
    public void setWireguardPort(String v) { wireguardPort = nz(v); }
    public String getOpenvpnIpv4() { return openvpnIpv4; }
    public void setOpenvpnIpv4(String v) { openvpnIpv4 = nz(v); }
    public String getOpenvpnIpv6() { return openvpnIpv6; }
    public void setOpenvpnIpv6(String v) { openvpnIpv6 = nz(v); }
    public String getOpenvpnUdpPorts() { return openvpnUdpPorts; }
    public void setOpenvpnUdpPorts(String v) { openvpnUdpPorts = nz(v); }
    public String getOpenvpnTcpPorts() { return openvpnTcpPorts; }
    public void setOpenvpnTcpPorts(String v) { openvpnTcpPorts = nz(v); }
    public String getHostNames() { return hostNames; }
    public void setHostNames(String v) { hostNames = nz(v); }
    public String getDnsServers() { return dnsServers; }
    public void setDnsServers(String v) { dnsServers = nz(v); }
    public String getDnsSearchDomains() { return dnsSearchDomains; }
    public void setDnsSearchDomains(String v) { dnsSearchDomains = nz(v); }
    public String getRoutes() { return routes; }
    public void setRoutes(String v) { routes = nz(v); }
    public String getExcludedRoutes() { return excludedRoutes; }
    public void setExcludedRoutes(String v) { excludedRoutes = nz(v); }
    public boolean isDefaultGateway() { return defaultGateway; }
    public void setDefaultGateway(boolean v) { defaultGateway = v; }
    public String getPermissions() { return permissions; }
    public void setPermissions(String v) { permissions = nz(v); }
    public String getSessionExpiry() { return sessionExpiry; }
    public void setSessionExpiry(String v) { sessionExpiry = nz(v); }
    public String getNodes() { return nodes; }
    public void setNodes(String v) { nodes = nz(v); }

    private static String nz(String v) {
        return v == null ? "" : v;
    }
}
