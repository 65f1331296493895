package org.tunnelgate.portal.rest;

import jakarta.ejb.EJBException;
import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.function.Supplier;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.platform.BusinessException;

/**
 * What every admin REST resource does around its work: check the admin role first, answer errors
 * as {@code {"error": "…"}}, and record each change in the audit trail — refused ones too.
 */
final class AdminChanges {

    private AdminChanges() {}

    static void requireAdmin(SecurityContext security) {
        if (security.getUserPrincipal() == null || !security.isUserInRole("admin")) {
            throw new WebApplicationException(error(Response.Status.FORBIDDEN, "admin role required"));
        }
    }

    /**
     * Runs a change and audits its outcome. A business exception becomes its own 4xx; an
     * {@link EJBException} (an optimistic-lock or key conflict with a concurrent change — nothing
     * was written) becomes 409 with {@code conflictMessage}.
     */
    static Response audited(AuditTrail audit, SecurityContext security, String action, String target,
            String conflictMessage, Supplier<Response> work) {
        String actor = security.getUserPrincipal().getName();
        try {
            Response response = work.get();
            audit.record(actor, action, target == null ? String.valueOf(response.getLocation()) : target, "ok");
            return response;
        } catch (BusinessException e) {
            audit.record(actor, action, target, "refused: " + e.getMessage());
            return error(Response.Status.fromStatusCode(e.httpStatus()), e.getMessage());
        } catch (EJBException e) {
            audit.record(actor, action, target, "conflict");
            return error(Response.Status.CONFLICT, conflictMessage);
        }
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("error", message).build().toString()).build();
    }
}
