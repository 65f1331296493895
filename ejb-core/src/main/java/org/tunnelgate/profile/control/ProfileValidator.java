package org.tunnelgate.profile.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tunnelgate.profile.InvalidProfile;
import org.tunnelgate.profile.entity.ProfileDefinition;
import org.tunnelgate.profile.entity.ProfileNode;

/**
 * Checks profile definitions — each on its own ({@link ProfileRules}) and against the others
 * ({@link ProfileClashes}) — and works out the nodes' shares of the ranges. All problems are
 * collected and reported together, each naming the profile and field, so an operator fixes a seed
 * file in one pass.
 */
public final class ProfileValidator {

    private ProfileValidator() {}

    /**
     * Validates one profile against the others (those with another id) and the known node names, and
     * returns its node shares; {@link InvalidProfile} listing every problem otherwise.
     */
    public static List<ProfileNode> validate(ProfileDefinition profile, Collection<ProfileDefinition> others,
                                             Set<String> nodeNames) {
        List<ProfileDefinition> rest = others.stream()
                .filter(o -> !Objects.equals(o.profileId(), profile.profileId())).toList();
        List<String> errors = problems(profile, rest, nodeNames);
        if (!errors.isEmpty()) {
            throw new InvalidProfile(String.join("; ", errors));
        }
        return NodeShares.of(profile);
    }

    /** The problems of a set of new profiles (a seed file): each alone, each against the earlier ones. */
    public static List<String> problemsOfAll(List<ProfileDefinition> profiles, Set<String> nodeNames) {
        List<String> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < profiles.size(); i++) {
            ProfileDefinition profile = profiles.get(i);
            if (!ids.add(profile.profileId())) {
                errors.add("profile \"" + profile.profileId() + "\" is defined twice");
            }
            errors.addAll(problems(profile, profiles.subList(0, i), nodeNames));
        }
        return errors;
    }

    private static List<String> problems(ProfileDefinition profile, List<ProfileDefinition> others,
                                         Set<String> nodeNames) {
        List<String> errors = ProfileRules.problems(profile, nodeNames);
        errors.addAll(ProfileClashes.problems(profile, others));
        return errors;
    }
}
