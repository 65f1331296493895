package org.tunnelgate.portal.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.tunnelgate.platform.Version;

/** A trivial liveness probe of the web module itself, handy when wiring a new deployment. */
@Path("ping")
public class PingResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "tunnelgate " + Version.current();
    }
}
