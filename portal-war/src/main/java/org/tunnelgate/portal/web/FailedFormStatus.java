package org.tunnelgate.portal.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;

/**
 * A form that comes back with errors (failed validation, a refused action, a failed login) is
 * answered with 400, not 200: the status says what the page says, for people and for scripts.
 */
public class FailedFormStatus implements PhaseListener {

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.RENDER_RESPONSE;
    }

    @Override
    public void beforePhase(PhaseEvent event) {
        var context = event.getFacesContext();
        var severity = context.getMaximumSeverity();
        if (context.isPostback() && (context.isValidationFailed()
                || (severity != null && severity.compareTo(FacesMessage.SEVERITY_ERROR) >= 0))) {
            context.getExternalContext().setResponseStatus(400);
        }
    }

    @Override
    public void afterPhase(PhaseEvent event) {}
}
