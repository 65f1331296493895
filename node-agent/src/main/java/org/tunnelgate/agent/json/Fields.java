package org.tunnelgate.agent.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Typed, validating access to one parsed JSON object. Every failure names the field, so a 400
 * tells the controller exactly what it sent wrong. Unknown fields are refused: a typo must not
 * silently fall back to a default.
 */
public final class Fields {

    // where the object sits in the request, e.g. "state.wireguard[0].peers[7]"; built only for an error message
    private final Supplier<String> where;
    private final Map<String, Object> map;

    private Fields(Supplier<String> where, Map<String, Object> map) {
        this.where = where;
        this.map = map;
    }

    public static Fields of(Object parsed, String where) {
        return of(parsed, () -> where);
    }

    private static Fields of(Object parsed, Supplier<String> where) {
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new InvalidInput(where.get() + " must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        var map = (Map<String, Object>) m;
        return new Fields(where, map);
    }

    /** Element {@code index} of the array field {@code name}, as an object. */
    public Fields element(String name, int index) {
        return of(list(name).get(index), () -> where() + "." + name + "[" + index + "]");
    }

    public String where() {
        return where.get();
    }

    public Map<String, Object> map() {
        return map;
    }

    public Fields allowOnly(Set<String> names) {
        for (String key : map.keySet()) {
            if (!names.contains(key)) {
                throw new InvalidInput(where() + ": unknown field \"" + key + "\"");
            }
        }
        return this;
    }

    /** The same object without one field (for a nested value validated by another type). */
    public Fields without(String name) {
        var copy = new java.util.LinkedHashMap<>(map);
        copy.remove(name);
        return new Fields(this.where, copy);
    }

    public boolean has(String name) {
        return map.get(name) != null;
    }

    public String string(String name) {
        if (!(map.get(name) instanceof String s)) {
            throw new InvalidInput(where() + "." + name + " must be a string");
        }
        return s;
    }

    public String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    public long integer(String name, long min, long max) {
        if (!(map.get(name) instanceof BigDecimal d)) {
            throw new InvalidInput(where() + "." + name + " must be a number");
        }
        try {
            long value = d.longValueExact();
            if (value < min || value > max) {
                throw new InvalidInput(where() + "." + name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (ArithmeticException e) {
            throw new InvalidInput(where() + "." + name + " must be a whole number");
        }
    }

    public long integer(String name, long min, long max, long fallback) {
        return has(name) ? integer(name, min, max) : fallback;
    }

    public boolean bool(String name, boolean fallback) {
        Object v = map.get(name);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) {
            throw new InvalidInput(where() + "." + name + " must be true or false");
        }
        return b;
    }

    public List<Object> list(String name) {
        Object v = map.get(name);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l)) {
            throw new InvalidInput(where() + "." + name + " must be an array");
        }
        @SuppressWarnings("unchecked")
        var list = (List<Object>) l;
        return list;
    }

    public List<String> strings(String name) {
        var items = list(name);
        for (Object item : items) {
            if (!(item instanceof String)) {
                throw new InvalidInput(where() + "." + name + " must be an array of strings");
            }
        }
        @SuppressWarnings("unchecked")
        var strings = (List<String>) (List<?>) items;
        return strings;
    }
}
