package org.tunnelgate.portal.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.tunnelgate.account.boundary.Accounts;
import org.tunnelgate.account.entity.Account;
import org.tunnelgate.peer.boundary.Configurations;
import org.tunnelgate.peer.entity.ConnectRequest;
import org.tunnelgate.peer.entity.IssuedConfiguration;
import org.tunnelgate.peer.entity.VpnConfiguration;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.platform.ConflictRetry;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.Protocol;

/**
 * The configurations page ({@code /configurations}) for people without a VPN app: pick a profile
 * and protocol, get a WireGuard configuration with a key pair made on the server — shown once, as
 * text and QR code, never stored — or an OpenVPN file; see and delete one's own configurations.
 * The page is served with {@code Cache-Control: no-store} like every portal page.
 */
@Named
@RequestScoped
public class ConfigurationsBacking {

    /** One choice in the "new configuration" list: a profile with one of its protocols. */
    public record Choice(String value, String label) {}

    @Inject
    CurrentUser user;

    @Inject
    Accounts accounts;

    @Inject
    Profiles profiles;

    @Inject
    Configurations configurations;

    @Inject
    FacesContext faces;

    private Account account;
    private List<Choice> choices;
    private List<IssuedConfiguration> own;
    private String choice;
    private String name;
    private VpnConfiguration created;

    private Optional<Account> account() {
        if (account == null) {
            account = ConflictRetry.read(() -> accounts.findByName(user.getName())).orElse(null);
        }
        return Optional.ofNullable(account);
    }

    public List<Choice> getChoices() {
        if (choices == null) {
            choices = new ArrayList<>();
            for (Profile profile : account().map(profiles::usableBy).orElse(List.of())) {
                for (Protocol protocol : profile.protocols()) {
                    choices.add(new Choice(profile.profileId() + "|" + protocol.apiName(),
                            profile.displayName() + " — " + (protocol == Protocol.WIREGUARD ? "WireGuard" : "OpenVPN")));
                }
            }
        }
        return choices;
    }

    public List<IssuedConfiguration> getOwn() {
        if (own == null) {
            own = account().map(a -> configurations.ownedBy(a.getId())).orElse(List.of());
        }
        return own;
    }

    public String profileName(String profileId) {
        return profiles.find(profileId).map(Profile::displayName).orElse(profileId);
    }

    /** Creates the chosen configuration: OpenVPN is sent as a file download, WireGuard shown on the page. */
    public void create() throws IOException {
        Optional<Choice> picked = getChoices().stream().filter(c -> c.value().equals(choice)).findFirst();
        if (picked.isEmpty() || account().isEmpty()) {
            Messages.error("Pick one of the listed profiles.");
            return;
        }
        String[] parts = picked.get().value().split("\\|");
        Protocol protocol = Protocol.fromApiName(parts[1]).orElseThrow();
        String displayName = name == null || name.isBlank() ? null : name.strip();
        try {
            created = configurations.connect(ConnectRequest.portal(account().get().getId(), parts[0], protocol)
                    .named(displayName));
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        own = null;
        if (created.protocol() == Protocol.OPENVPN) {
            download(parts[0] + ".ovpn", created);
        }
    }

    private void download(String fileName, VpnConfiguration configuration) throws IOException {
        ExternalContext external = faces.getExternalContext();
        external.responseReset();
        external.setResponseContentType(configuration.contentType());
        external.setResponseHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        external.setResponseHeader("Cache-Control", "no-store");
        byte[] body = configuration.body().getBytes(StandardCharsets.UTF_8);
        external.setResponseContentLength(body.length);
        try (OutputStream out = external.getResponseOutputStream()) {
            out.write(body);
        }
        faces.responseComplete();
    }

    public void delete(long id) {
        account().ifPresent(a -> {
            try {
                configurations.delete(a.getId(), id);
                Messages.info("The configuration was deleted; it no longer works.");
            } catch (BusinessException e) {
                Messages.error(e.getMessage());
            }
        });
        own = null;
    }

    /** The WireGuard configuration just created (with its private key), or null. */
    public VpnConfiguration getCreated() {
        return created != null && created.protocol() == Protocol.WIREGUARD ? created : null;
    }

    public String getCreatedQrSvg() {
        return getCreated() == null ? "" : QrSvg.of(created.body());
    }

    public String getCreatedDataUrl() {
        return getCreated() == null ? "" : "data:application/x-wireguard-profile;base64,"
                + Base64.getEncoder().encodeToString(created.body().getBytes(StandardCharsets.UTF_8));
    }

    public String getChoice() {
        return choice;
    }

    public void setChoice(String choice) {
        this.choice = choice;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
