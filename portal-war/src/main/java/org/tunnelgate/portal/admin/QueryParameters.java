package org.tunnelgate.portal.admin;

import jakarta.faces.context.FacesContext;

/**
 * The filter and paging parameters of the console's list pages (audit trail, connections, log
 * lookup), read the same way everywhere: a missing or oversized value is no filter, and a paging
 * position that is not a whole number ≥ 0 is the first page.
 */
final class QueryParameters {

    private static final int MAX_CHARS = 255;

    private QueryParameters() {}

    /** The parameter without surrounding blanks; "" when it is absent or longer than 255 characters. */
    static String text(FacesContext faces, String name) {
        String value = faces.getExternalContext().getRequestParameterMap().get(name);
        return value == null || value.length() > MAX_CHARS ? "" : value.strip();
    }

    /** The id a page starts below; 0 (the newest entries) when absent or not a whole number ≥ 0. */
    static long position(FacesContext faces, String name) {
        try {
            return Math.max(0, Long.parseLong(text(faces, name)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
