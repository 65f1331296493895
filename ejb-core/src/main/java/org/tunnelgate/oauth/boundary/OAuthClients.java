package org.tunnelgate.oauth.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tunnelgate.oauth.InvalidClientRegistration;
import org.tunnelgate.oauth.control.BuiltInClients;
import org.tunnelgate.oauth.entity.ClientSecrets;
import org.tunnelgate.oauth.entity.OAuthClient;
import org.tunnelgate.oauth.entity.RegisteredClient;

/**
 * The applications that may ask for authorization: the built-in apps plus operator-registered clients.
 *
 * <p>The reads start no transaction of their own ({@code SUPPORTS}): every token request looks its
 * client up, and beginning and committing a container transaction around that lookup (a map read for
 * the built-in apps) was 28 % of a refresh-token grant in JFR. (A CDI bean would save the EJB call as
 * well, but its persistence context cannot be resolved when the web module calls it.)
 */
@Stateless
public class OAuthClients {

    private static final Pattern CLIENT_ID = Pattern.compile(RegisteredClient.ID_REGEX);
    private static final int MAX_REDIRECT_URIS = 10;
    private static final int MAX_URI_LENGTH = 2048;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<OAuthClient> find(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            return Optional.empty();
        }
        Optional<OAuthClient> builtIn = BuiltInClients.find(clientId);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        return Optional.ofNullable(em.find(RegisteredClient.class, clientId)).map(RegisteredClient::toClient);
    }

    /** The official eduVPN and Let's Connect! apps (fixed, cannot be removed). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<OAuthClient> builtIn() {
        return BuiltInClients.all();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean isBuiltIn(String clientId) {
        return BuiltInClients.isBuiltIn(clientId);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<OAuthClient> registered() {
        return em.createNamedQuery(RegisteredClient.ALL, RegisteredClient.class).getResultList().stream()
                .map(RegisteredClient::toClient).toList();
    }

    /**
     * @param secret null for a public client (PKCE only)
     * @throws InvalidClientRegistration with a message fit for the operator
     */
    public OAuthClient register(String clientId, String displayName, List<String> redirectUris, String secret) {
        List<String> problems = new ArrayList<>();
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            problems.add("client_id must be 1-128 characters of letters, digits and . _ : - starting with a letter or digit");
        } else if (BuiltInClients.isBuiltIn(clientId) || em.find(RegisteredClient.class, clientId) != null) {
            problems.add("client_id \"" + clientId + "\" already exists");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 100
                || displayName.chars().anyMatch(Character::isISOControl)) {
            problems.add("display_name must be 1-100 printable characters");
        }
        if (redirectUris == null || redirectUris.isEmpty() || redirectUris.size() > MAX_REDIRECT_URIS) {
            problems.add("redirect_uris must list 1-" + MAX_REDIRECT_URIS + " URIs");
        } else {
            redirectUris.stream().filter(uri -> !isAcceptableRedirectUri(uri))
                    .forEach(uri -> problems.add("not an absolute redirect URI without fragment: " + abbreviate(uri)));
        }
        if (secret != null && (secret.length() < 16 || secret.length() > 256)) {
            problems.add("client_secret must be 16-256 characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidClientRegistration(String.join("; ", problems));
        }
        RegisteredClient client = new RegisteredClient(clientId, displayName.strip(), redirectUris,
                secret == null ? null : ClientSecrets.hash(secret), clock.instant());
        em.persist(client);
        return client.toClient();
    }

    public boolean unregister(String clientId) {
        RegisteredClient client = clientId == null ? null : em.find(RegisteredClient.class, clientId);
        if (client == null) {
            return false;
        }
        em.remove(client);
        return true;
    }

    private static boolean isAcceptableRedirectUri(String uri) {
        if (uri == null || uri.isEmpty() || uri.length() > MAX_URI_LENGTH || uri.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            return false;
        }
        try {
            URI parsed = new URI(uri.replace("{PORT}", "1"));
            return parsed.isAbsolute() && parsed.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
