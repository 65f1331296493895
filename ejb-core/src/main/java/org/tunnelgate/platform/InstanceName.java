package org.tunnelgate.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * This controller instance's name in the cluster: the Payara instance name ({@code i1}, {@code i2}
 * in a deployment group; {@code server} for a single domain) — what the Payara admin console and
 * {@code asadmin list-instances} show — and, to tell instances of several machines or domains
 * apart, where it runs.
 */
public final class InstanceName {

    private InstanceName() {}

    /** The Payara instance name, {@code server} outside a deployment group. */
    public static String current() {
        String name = System.getProperty("com.sun.aas.instanceName");
        return name == null || name.isBlank() ? "server" : name;
    }

    /** Unique in the cluster: {@code i1@host}, or {@code server/domain@host} for a stand-alone domain. */
    public static String qualified() {
        String name = current();
        String root = System.getProperty("com.sun.aas.instanceRoot");
        if (name.equals("server") && root != null && Path.of(root).getFileName() != null) {
            name = name + "/" + Path.of(root).getFileName();
        }
        String qualified = name + "@" + host();
        return qualified.length() > 128 ? qualified.substring(0, 128) : qualified;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
