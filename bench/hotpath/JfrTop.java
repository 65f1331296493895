import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the controller's CPU goes, from a JFR recording (not a test): CPU samples of the request
 * threads grouped by layer (the first frame from the top of the stack that belongs to a known layer
 * counts as "self"; every layer on the stack counts as "total"), and the hottest methods by self time.
 *
 *   java bench/hotpath/JfrTop.java recording.jfr [top-methods]
 */
public class JfrTop {

    /** Package prefixes, most specific first, and the layer name they belong to. */
    static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("org.tunnelgate.", "Tunnelgate code");
        LAYERS.put("org.eclipse.persistence.", "EclipseLink (JPA)");
        LAYERS.put("org.mariadb.", "MariaDB Connector/J");
        LAYERS.put("com.sun.gjc.", "Payara JDBC pool");
        LAYERS.put("com.sun.enterprise.resource.", "Payara JDBC pool");
        LAYERS.put("com.sun.ejb.", "EJB container");
        LAYERS.put("org.glassfish.ejb.", "EJB container");
        LAYERS.put("com.sun.enterprise.transaction.", "JTA");
        LAYERS.put("com.sun.jts.", "JTA");
        LAYERS.put("org.jboss.weld.", "CDI (Weld)");
        LAYERS.put("org.glassfish.jersey.", "JAX-RS (Jersey)");
        LAYERS.put("org.glassfish.hk2.", "HK2");
        LAYERS.put("org.jvnet.hk2.", "HK2");
        LAYERS.put("org.glassfish.soteria.", "Jakarta Security");
        LAYERS.put("com.sun.web.security.", "Servlet security");
        LAYERS.put("org.apache.catalina.", "Servlet container");
        LAYERS.put("org.apache.coyote.", "Servlet container");
        LAYERS.put("org.glassfish.grizzly.", "Grizzly (HTTP/TLS I/O)");
        LAYERS.put("sun.security.ssl.", "TLS");
        LAYERS.put("sun.security.", "JDK crypto");
        LAYERS.put("com.sun.crypto.", "JDK crypto");
        LAYERS.put("org.bouncycastle.", "Bouncy Castle");
        LAYERS.put("com.sun.faces.", "Faces (Mojarra)");
        LAYERS.put("jakarta.faces.", "Faces (Mojarra)");
        LAYERS.put("java.util.regex.", "JDK regex");
        LAYERS.put("java.", "JDK other");
        LAYERS.put("jdk.", "JDK other");
        LAYERS.put("sun.", "JDK other");
    }

    public static void main(String[] args) throws Exception {
        int topMethods = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? "" : event.getThread("sampledThread").getJavaName();
            if (thread == null || !(thread.startsWith("http-thread-pool") || thread.contains("http-listener"))) {
                continue; // request threads only: no timers, GC helpers or admin
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            String selfLayer = null;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame frame : frames) {
                if (frame.getMethod() == null) {
                    continue;
                }
                String type = frame.getMethod().getType().getName();
                String layer = layerOf(type);
                if (selfLayer == null && layer != null && !layer.startsWith("JDK")) {
                    selfLayer = layer;
                }
                if (layer != null) {
                    seen.add(layer);
                }
            }
            if (selfLayer == null) {
                selfLayer = frames.isEmpty() || frames.get(0).getMethod() == null ? "other"
                        : layerOf(frames.get(0).getMethod().getType().getName());
            }
            self.merge(selfLayer == null ? "other" : selfLayer, 1, Integer::sum);
            for (String layer : seen) {
                total.merge(layer, 1, Integer::sum);
            }
            if (!frames.isEmpty() && frames.get(0).getMethod() != null) {
                methods.merge(frames.get(0).getMethod().getType().getName() + "." + frames.get(0).getMethod().getName(), 1,
                        Integer::sum);
            }
        }
        System.out.printf("%d CPU samples on request threads%n%n", samples);
        System.out.println("| layer (first non-JDK frame from the top) | self % | on stack % |");
        System.out.println("|---|---:|---:|");
        int n = samples;
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.printf("| %s | %.1f | %.1f |%n", e.getKey(), 100.0 * e.getValue() / n,
                        100.0 * total.getOrDefault(e.getKey(), e.getValue()) / n));
        System.out.println();
        System.out.println("| hottest methods (top frame) | % |");
        System.out.println("|---|---:|");
        methods.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(topMethods)
                .forEach(e -> System.out.printf("| `%s` | %.1f |%n", e.getKey(), 100.0 * e.getValue() / n));
    }

    static String layerOf(String type) {
        for (var e : LAYERS.entrySet()) {
            if (type.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
