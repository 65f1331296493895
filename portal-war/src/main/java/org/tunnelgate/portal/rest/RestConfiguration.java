package org.tunnelgate.portal.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every JAX-RS resource of the portal lives below {@code /api}. */
@ApplicationPath("api")
public class RestConfiguration extends Application {}
