package org.tunnelgate.portal.oauth;

import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Authorization requests waiting for consent, kept in the person's own HTTP session under a random
 * key. The key travels through the consent form, so it doubles as the form's CSRF token: another site
 * cannot know it, and it is good for one answer only.
 */
public final class PendingConsents {

    private static final String ATTRIBUTE = PendingConsents.class.getName();
    /** A person does not approve more than a few apps at once; older requests make way. */
    private static final int MAX_PER_SESSION = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PendingConsents() {}

    public static String put(HttpSession session, AuthorizationRequest request) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Pending pending = pending(session);
        synchronized (pending) {
            pending.put(key, request);
            while (pending.size() > MAX_PER_SESSION) {
                pending.remove(pending.keySet().iterator().next());
            }
        }
        session.setAttribute(ATTRIBUTE, pending); // tells a replicating session store about the change
        return key;
    }

    public static Optional<AuthorizationRequest> peek(HttpSession session, String key) {
        if (session == null || key == null) {
            return Optional.empty();
        }
        Pending pending = pending(session);
        synchronized (pending) {
            return Optional.ofNullable(pending.get(key));
        }
    }

    /** Removes and returns the request, so a second answer to the same consent finds nothing. */
    public static Optional<AuthorizationRequest> take(HttpSession session, String key) {
        if (session == null || key == null) {
            return Optional.empty();
        }
        Pending pending = pending(session);
        AuthorizationRequest request;
        synchronized (pending) {
            request = pending.remove(key);
        }
        session.setAttribute(ATTRIBUTE, pending);
        return Optional.ofNullable(request);
    }

    private static Pending pending(HttpSession session) {
        if (session.getAttribute(ATTRIBUTE) instanceof Pending existing) {
            return existing;
        }
        Pending created = new Pending();
        session.setAttribute(ATTRIBUTE, created);
        return created;
    }

    /** Insertion-ordered, so the oldest request is the one to drop. */
    private static final class Pending extends LinkedHashMap<String, AuthorizationRequest> {
        private static final long serialVersionUID = 1L;
    }
}
