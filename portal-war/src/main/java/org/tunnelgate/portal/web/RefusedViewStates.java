package org.tunnelgate.portal.web;

import jakarta.faces.FacesException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.faces.event.PhaseId;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.logging.Logger;

/**
 * A form whose view state cannot be restored — expired, issued to another session, forged, or
 * {@code stateless} on a view that is not — is the sender's problem, not ours: 403 with the error
 * page's message, and one short log line instead of the two stack traces (the servlet container's
 * and the error page's) that each such request used to write. Anybody can send these requests, so
 * they must not be able to flood the log or get a 500.
 *
 * <p>{@link PortalRequestGuard} refuses view states that do not even look like ours before Faces
 * runs; this handler catches those that look right but name no view of this session.
 */
public class RefusedViewStates extends ExceptionHandlerWrapper {

    static final String MESSAGE = "This form has expired or was not issued to you. Reload the page and try again.";

    private static final Logger LOG = Logger.getLogger(RefusedViewStates.class.getName());

    public RefusedViewStates(ExceptionHandler wrapped) {
        super(wrapped);
    }

    @Override
    public void handle() {
        for (Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator(); events.hasNext(); ) {
            var event = events.next().getContext();
            if (isUnrestorableView(event.getException(), event.getPhaseId())) {
                events.remove();
                refuse(event.getContext());
            }
        }
        super.handle();
    }

    /** A view that could not be restored: Faces says so with either of these, in RESTORE_VIEW. */
    static boolean isUnrestorableView(Throwable error, PhaseId phase) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ViewExpiredException) {
                return true;
            }
        }
        return phase == PhaseId.RESTORE_VIEW && error instanceof FacesException
                && String.valueOf(error.getMessage()).startsWith("Unable to restore view");
    }

    private static void refuse(FacesContext faces) {
        var external = faces.getExternalContext();
        if (external.getRequest() instanceof HttpServletRequest request) {
            LOG.info(() -> "refused a form with a view state that names no view of its session: "
                    + request.getMethod() + " " + request.getRequestURI());
            request.setAttribute(ErrorPage.MESSAGE, MESSAGE);
        }
        if (!external.isResponseCommitted()) {
            try {
                external.responseSendError(403, MESSAGE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        faces.responseComplete();
    }

    /** Registered in {@code faces-config.xml}. */
    public static class Factory extends ExceptionHandlerFactory {

        public Factory(ExceptionHandlerFactory wrapped) {
            super(wrapped);
        }

        @Override
        public ExceptionHandler getExceptionHandler() {
            return new RefusedViewStates(getWrapped().getExceptionHandler());
        }
    }
}
