package org.tunnelgate.portal.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * Every JAX-RS resource of the portal lives below {@code /api}.
 *
 * <p>Jersey's extras are off: the generated WADL ({@code /api/application.wadl}) would describe
 * every admin and API resource to anybody who asks, and its monitoring statistics cost each request
 * a round of event listeners that nobody reads (see docs/benchmarks.md, "The hot path").
 */
@ApplicationPath("api")
public class RestConfiguration extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                "jersey.config.server.wadl.disableWadl", true,
                "jersey.config.server.monitoring.enabled", false,
                "jersey.config.server.monitoring.statistics.enabled", false,
                "jersey.config.server.monitoring.statistics.mbeans.enabled", false,
                "jersey.config.server.tracing.type", "OFF");
    }
}
