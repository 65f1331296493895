package org.tunnelgate.portal.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.http.Refusals;

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
     * Runs a change as an {@link AuditedChange} ({@code done} or {@code refused: …}; a created
     * resource is audited under its URI). A refusal becomes its own 4xx; a clash with a concurrent
     * change — an optimistic-lock failure, a duplicate key, a deadlock: nothing was written — becomes
     * 409 with {@code conflictMessage}. Anything else is a fault, audited as such and left to the
     * error page (500), not passed off as a conflict.
     */
    static Response audited(AuditTrail audit, SecurityContext security, String action, String target,
            String conflictMessage, Supplier<Response> work) {
        String actor = security.getUserPrincipal().getName();
        try {
            return AuditedChange.run(audit::record, actor, action, target,
                    response -> target != null ? target : String.valueOf(response.getLocation()), work);
        } catch (BusinessException e) {
            return Refusals.response(e);
        } catch (RuntimeException e) {
            if (!isConcurrentChange(e)) {
                audit.record(actor, action, target, "failed");
                throw e;
            }
            audit.record(actor, action, target, "conflict");
            return error(Response.Status.CONFLICT, conflictMessage);
        }
    }

    /** Whether the failure is another change winning the race (what a reload and retry fixes). */
    static boolean isConcurrentChange(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof java.sql.SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (t instanceof SQLException s && (s.getErrorCode() == 1062 || s.getErrorCode() == 1213
                    || "40001".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    static Response error(Response.Status status, String message) {
        return Refusals.error(status.getStatusCode(), message);
    }
}
