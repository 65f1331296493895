package org.tunnelgate.oauth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A client an operator registered in addition to the built-in apps. */
@Entity
@Table(name = "oauth_client")
@NamedQuery(name = RegisteredClient.ALL, query = "SELECT c FROM RegisteredClient c ORDER BY c.clientId")
public class RegisteredClient {

    public static final String ALL = "RegisteredClient.all";

    /** 1-128 letters, digits and . _ : - starting with a letter or digit. */
    public static final String ID_REGEX = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

    @Id
    @Pattern(regexp = ID_REGEX)
    @Column(name = "client_id", length = 128)
    private String clientId;

    @NotBlank
    @Size(max = 100)
    @Column(name = "display_name", nullable = false, length = 100)
    private String displayName;

    /** One URI per line; a handful at most, always read together with the client. */
    @Column(name = "redirect_uris", nullable = false)
    private String redirectUris;

    @Column(name = "secret_hash")
    private String secretHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected RegisteredClient() {}

    public RegisteredClient(String clientId, String displayName, List<String> redirectUris, String secretHash,
                            Instant createdAt) {
        this.clientId = clientId;
        this.displayName = displayName;
        this.redirectUris = String.join("\n", redirectUris);
        this.secretHash = secretHash;
        this.createdAt = createdAt;
    }

    public OAuthClient toClient() {
        return new OAuthClient(clientId, displayName, Arrays.asList(redirectUris.split("\n")), secretHash, false);
    }

    public String getClientId() {
        return clientId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
