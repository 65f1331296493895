package org.tunnelgate.portal.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Short-hands for page messages. */
public final class Messages {

    private Messages() {}

    public static void error(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }

    public static void info(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }

    /** A message that survives the redirect after a successful POST. */
    public static void infoAfterRedirect(String text) {
        var context = FacesContext.getCurrentInstance();
        context.getExternalContext().getFlash().setKeepMessages(true);
        context.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }
}
