package org.tunnelgate.agent.http;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tunnelgate.agent.InvalidInput;

/**
 * Typed, validating access to one parsed JSON object. Every failure names the field, so a 400
 * tells the controller exactly what it sent wrong. Unknown fields are refused: a typo must not
 * silently fall back to a default.
 */
public record Fields(String where, Map<String, Object> map) {

    public static Fields of(Object parsed, String where) {
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new InvalidInput(where + " must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        var map = (Map<String, Object>) m;
        return new Fields(where, map);
    }

    public Fields allowOnly(Set<String> names) {
        for (String key : map.keySet()) {
            if (!names.contains(key)) {
                throw new InvalidInput(where + ": unknown field \"" + key + "\"");
            }
        }
        return this;
    }

    /** The same object without one field (for a nested value validated by another type). */
    public Fields without(String name) {
        var copy = new java.util.LinkedHashMap<>(map);
        copy.remove(name);
        return new Fields(where, copy);
    }

    public boolean has(String name) {
        return map.get(name) != null;
    }

    public String string(String name) {
        if (!(map.get(name) instanceof String s)) {
            throw new InvalidInput(where + "." + name + " must be a string");
        }
        return s;
    }

    public String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    public long integer(String name, long min, long max) {
        if (!(map.get(name) instanceof BigDecimal d)) {
            throw new InvalidInput(where + "." + name + " must be a number");
        }
        try {
            long value = d.longValueExact();
            if (value < min || value > max) {
                throw new InvalidInput(where + "." + name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (ArithmeticException e) {
            throw new InvalidInput(where + "." + name + " must be a whole number");
        }
    }

    public long integer(String name, long min, long max, long fallback) {
        return has(name) ? integer(name, min, max) : fallback;
    }

    public boolean bool(String name, boolean fallback) {
        Object v = map.get(name);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) {
            throw new InvalidInput(where + "." + name + " must be true or false");
        }
        return b;
    }

    public List<Object> list(String name) {
        Object v = map.get(name);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l)) {
            throw new InvalidInput(where + "." + name + " must be an array");
        }
        @SuppressWarnings("unchecked")
        var list = (List<Object>) l;
        return list;
    }

    public List<String> strings(String name) {
        var items = list(name);
        for (Object item : items) {
            if (!(item instanceof String)) {
                throw new InvalidInput(where + "." + name + " must be an array of strings");
            }
        }
        return items.stream().map(String.class::cast).toList();
    }
}
