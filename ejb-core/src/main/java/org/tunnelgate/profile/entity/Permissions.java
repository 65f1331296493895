package org.tunnelgate.profile.entity;

import java.util.List;
import java.util.Set;
import org.tunnelgate.account.entity.Account;

/**
 * Who may use a profile. An empty list admits every account; otherwise each entry names an account
 * ({@code alice}) or everyone with a role ({@code role:user}, {@code role:admin}).
 */
public final class Permissions {

    public static final String ROLE_PREFIX = "role:";
    private static final Set<String> ROLES = Set.of("user", "admin");

    private Permissions() {}

    public static boolean permit(List<String> entries, String accountName, Set<String> roles) {
        if (entries.isEmpty()) {
            return true;
        }
        for (String entry : entries) {
            if (entry.startsWith(ROLE_PREFIX) ? roles.contains(entry.substring(ROLE_PREFIX.length()))
                    : entry.equals(accountName)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isValidEntry(String entry) {
        return entry.startsWith(ROLE_PREFIX) ? ROLES.contains(entry.substring(ROLE_PREFIX.length()))
                : Account.isValidName(entry);
    }
}
