package org.tunnelgate.portal.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.audit.boundary.AuditTrail;
import org.tunnelgate.audit.boundary.AuditedChange;
import org.tunnelgate.node.boundary.Nodes;
import org.tunnelgate.node.entity.Node;
import org.tunnelgate.peer.boundary.AddressPools;
import org.tunnelgate.peer.boundary.Configurations;
import org.tunnelgate.platform.BusinessException;
import org.tunnelgate.portal.security.CurrentUser;
import org.tunnelgate.portal.web.Messages;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.boundary.Profiles;
import org.tunnelgate.profile.entity.Profile;
import org.tunnelgate.profile.entity.ProfileDefinition;

/**
 * Profiles in the console: the list ({@code /admin/profiles}) with delete, and one profile's form
 * ({@code /admin/profile?id=…}, or without id for a new one). The form goes through the same
 * boundary as the admin API, and each of its problems is shown next to the field it is about.
 * Delete is refused while configurations exist, unless the admin ticks "disconnect everyone":
 * then each configuration is removed first (and its node told), then the profile.
 */
@Named
@RequestScoped
public class ProfilesBacking {

    @Inject
    CurrentUser user;

    @Inject
    Profiles profiles;

    @Inject
    Nodes nodes;

    @Inject
    AddressPools pools;

    @Inject
    Configurations configurations;

    @Inject
    AuditTrail audit;

    @Inject
    FacesContext faces;

    private List<Profile> all;
    private ProfileForm form;
    private final Map<String, String> problems = new HashMap<>();
    private boolean disconnectEveryone;

    public List<Profile> getProfiles() {
        if (all == null) {
            all = profiles.all();
        }
        return all;
    }

    public long configurationsOf(String profileId) {
        return pools.configurationsOf(profileId);
    }

    public List<Node> getNodes() {
        return nodes.all();
    }

    /** The profile being edited (from {@code ?id=} or the hidden field), or a new one. */
    public ProfileForm getForm() {
        if (form == null) {
            form = editing() ? profiles.find(getEditedId()).map(p -> ProfileForm.of(ProfileDefinition.of(p)))
                    .orElseGet(ProfileForm::new) : new ProfileForm();
        }
        return form;
    }

    public String getEditedId() {
        String id = faces.getExternalContext().getRequestParameterMap().get("id");
        return id == null || id.length() > 64 ? "" : id;
    }

    public boolean isEditing() {
        return editing();
    }

    private boolean editing() {
        return !getEditedId().isEmpty();
    }

    /** The problem with one field, or null: {@code #{profilesBacking.problem('wireguardIpv4')}}. */
    public String problem(String field) {
        return problems.get(field);
    }

    public void save() throws IOException {
        boolean creating = !editing();
        String action = creating ? "profile.create" : "profile.update";
        ProfileDefinition definition;
        try {
            definition = getForm().definition();
        } catch (ProfileForm.FormProblem e) {
            problems.put(e.field, e.getMessage());
            refused();
            return;
        }
        if (!creating && !definition.profileId().equals(getEditedId())) {
            problems.put("id", "The id of a profile cannot change.");
            refused();
            return;
        }
        try {
            AuditedChange.run(audit::record, user.getName(), action, definition.profileId(),
                    () -> creating ? profiles.create(definition) : profiles.update(definition));
        } catch (InvalidProfile e) {
            for (String problem : ProfileForm.problemsOf(e.getMessage())) {
                problems.merge(ProfileForm.fieldOf(problem), problem, (a, b) -> a + "; " + b);
            }
            refused();
            return;
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect((creating ? "Created" : "Saved") + " profile " + definition.profileId() + ".");
        redirect("/admin/profile?id=" + URLEncoder.encode(definition.profileId(), StandardCharsets.UTF_8));
    }

    public void delete(String profileId) throws IOException {
        long live = pools.configurationsOf(profileId);
        if (live > 0 && !disconnectEveryone) {
            audit.record(user.getName(), "profile.delete", profileId,
                    "refused: " + live + " configurations exist");
            Messages.error("Profile " + profileId + " still has " + live + " configurations. Tick \"disconnect everyone\" "
                    + "to remove them (their nodes are told) together with the profile.");
            return;
        }
        try {
            AuditedChange.run(audit::record, user.getName(), "profile.delete", profileId, () -> {
                for (long[] configuration : pools.configurationIdsOf(profileId)) {
                    configurations.delete(configuration[1], configuration[0]);
                }
                profiles.delete(profileId);
                return null;
            });
        } catch (BusinessException e) {
            Messages.error(e.getMessage());
            return;
        }
        Messages.infoAfterRedirect("Deleted profile " + profileId + (live > 0 ? " and its " + live + " configurations." : "."));
        redirect("/admin/profiles");
    }

    private void refused() {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                "The profile was not saved: see the marked fields.", null));
        faces.validationFailed();
    }

    private void redirect(String path) throws IOException {
        var external = faces.getExternalContext();
        external.redirect(external.getRequestContextPath() + path);
        faces.responseComplete();
    }

    public boolean isDisconnectEveryone() {
        return disconnectEveryone;
    }

    public void setDisconnectEveryone(boolean disconnectEveryone) {
        this.disconnectEveryone = disconnectEveryone;
    }
}
