package org.tunnelgate.portal.web;

import static jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters.withParams;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.tunnelgate.portal.security.PortalAuthenticationMechanism;

/** The login form: hands name and password to the authentication mechanism. */
@Named
@RequestScoped
public class LoginBacking {

    /**
     * One message for every failure — unknown name, wrong password, disabled account, too many
     * attempts — so that the page tells a guesser nothing.
     */
    static final String FAILED = "Login failed: the name or password is not correct, or logging in is "
            + "blocked for a while after too many attempts.";

    @Inject
    SecurityContext security;

    @Inject
    FacesContext faces;

    private String name;
    private String password;
    private Boolean endedByAdmin;

    /** Whether the person was sent here because an admin disabled or removed their account. */
    public boolean isEndedByAdmin() {
        if (endedByAdmin == null) {
            endedByAdmin = PortalAuthenticationMechanism.takeEndedByAdmin((HttpServletRequest) faces.getExternalContext().getRequest());
        }
        return endedByAdmin;
    }

    public void login() throws IOException {
        ExternalContext external = faces.getExternalContext();
        var request = (HttpServletRequest) external.getRequest();
        var response = (HttpServletResponse) external.getResponse();
        AuthenticationStatus status = security.authenticate(request, response, withParams()
                .credential(new UsernamePasswordCredential(name == null ? "" : name, password == null ? "" : password))
                .newAuthentication(true));
        switch (status) {
            case SUCCESS -> {
                external.redirect(PortalAuthenticationMechanism.continueTo(request));
                faces.responseComplete();
            }
            case SEND_CONTINUE -> faces.responseComplete();
            default -> Messages.error(FAILED);
        }
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
