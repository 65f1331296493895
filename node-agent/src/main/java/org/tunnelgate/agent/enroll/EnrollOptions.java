package org.tunnelgate.agent.enroll;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code enroll --controller URL --token T --config FILE [--controller-ca FILE] [--state-dir DIR]
 * [--netns NS] [--enroll-only]}; {@code --name=value} works too.
 */
public record EnrollOptions(URI controller, String token, Path config, Optional<Path> controllerCa,
        Optional<String> stateDir, Optional<String> netns, boolean enrollOnly) {

    public static final String USAGE = "usage: tunnelgate-node-agent enroll --controller https://CONTROLLER --token TOKEN"
            + " --config FILE [--controller-ca FILE] [--state-dir DIR] [--netns NS] [--enroll-only]";

    private static final Set<String> WITH_VALUE = Set.of("controller", "token", "config", "controller-ca", "state-dir", "netns");

    public static EnrollOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        boolean enrollOnly = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--enroll-only")) {
                enrollOnly = true;
                continue;
            }
            if (!arg.startsWith("--")) throw new EnrollFailed("unexpected argument \"" + shorten(arg) + "\"; " + USAGE);
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (!WITH_VALUE.contains(name)) throw new EnrollFailed("unknown option --" + shorten(name) + "; " + USAGE);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new EnrollFailed("--" + name + " needs a value; " + USAGE);
            }
            if (values.put(name, value) != null) throw new EnrollFailed("--" + name + " given twice");
        }
        for (String required : List.of("controller", "token", "config")) {
            if (values.getOrDefault(required, "").isBlank()) throw new EnrollFailed("--" + required + " is required; " + USAGE);
        }
        String token = values.get("token").strip();
        if (token.length() > 512 || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new EnrollFailed("--token must be the printable token the controller gave (no spaces)");
        }
        return new EnrollOptions(controller(values.get("controller")), token, Path.of(values.get("config")).toAbsolutePath(),
                Optional.ofNullable(values.get("controller-ca")).map(Path::of),
                Optional.ofNullable(values.get("state-dir")).map(String::strip).filter(s -> !s.isEmpty()),
                Optional.ofNullable(values.get("netns")).map(String::strip).filter(s -> !s.isEmpty()),
                enrollOnly);
    }

    /** Where the request goes: {@code <controller base URL>/node/enroll}. */
    public URI enrollUrl() {
        String base = controller.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "node/enroll");
    }

    private static URI controller(String value) {
        try {
            URI uri = URI.create(value.strip());
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new EnrollFailed("--controller must be the controller's https:// base URL, e.g. https://vpn.example.org");
    }

    static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
