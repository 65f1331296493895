package org.tunnelgate.platform;

/** The running controller's version, as written into the jar manifest by Maven. */
public final class Version {

    private Version() {}

    public static String current() {
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        return fromManifest == null ? "dev" : fromManifest;
    }
}
