package org.tunnelgate.portal.rest;

import static org.tunnelgate.portal.rest.AdminChanges.requireAdmin;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.tunnelgate.platform.Version;
import org.tunnelgate.portal.http.PortalAddress;

/** {@code GET /api/admin/openapi}: the OpenAPI document of the admin REST API, for a token or Basic (the same as {@code /openapi}). */
@Path("admin/openapi")
@Produces(MediaType.APPLICATION_JSON)
public class OpenApiResource {

    @Inject
    PortalAddress address;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @GET
    @Operation(summary = "This document (OpenAPI 3.0)")
    public Response document() {
        requireAdmin(security);
        return Response.ok(OpenApiDocument.document(address.baseUrl(request), Version.current()).toString()).build();
    }
}
