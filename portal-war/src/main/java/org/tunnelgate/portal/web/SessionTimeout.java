package org.tunnelgate.portal.web;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Idle portal sessions end after {@code tunnelgate.session-timeout-minutes} (default 30). */
@WebListener
public class SessionTimeout implements HttpSessionListener {

    @Inject
    @ConfigProperty(name = "tunnelgate.session-timeout-minutes", defaultValue = "30")
    int minutes;

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        event.getSession().setMaxInactiveInterval(Math.max(1, minutes) * 60);
    }
}
