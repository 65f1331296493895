package org.tunnelgate.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/** Logging out ends the session on the server, not only in the browser. */
@Named
@RequestScoped
public class LogoutBacking {

    @Inject
    FacesContext faces;

    public void logout() throws IOException, ServletException {
        var external = faces.getExternalContext();
        var request = (HttpServletRequest) external.getRequest();
        request.logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/login?bye");
        faces.responseComplete();
    }
}
