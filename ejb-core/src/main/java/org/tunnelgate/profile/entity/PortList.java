package org.tunnelgate.profile.entity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Ports a protocol listens on, in the operator's order: each 1–65535 and none twice. */
public final class PortList {

    public static final PortList NONE = new PortList(List.of());

    private final List<Integer> ports;

    private PortList(List<Integer> ports) {
        this.ports = List.copyOf(ports);
    }

    /** @throws IllegalArgumentException with {@link #problem}'s text */
    public static PortList of(List<Integer> ports) {
        if (ports == null || ports.isEmpty()) {
            return NONE;
        }
        problem(ports).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return new PortList(ports);
    }

    /** What is wrong with the list ("contains 0, not a port number 1-65535"), or empty when nothing is. */
    public static Optional<String> problem(List<Integer> ports) {
        Set<Integer> seen = new HashSet<>();
        for (Integer port : ports) {
            if (!isPort(port)) {
                return Optional.of("contains " + port + ", not a port number 1-65535");
            }
            if (!seen.add(port)) {
                return Optional.of("lists port " + port + " twice");
            }
        }
        return Optional.empty();
    }

    public static boolean isPort(Integer port) {
        return port != null && port >= 1 && port <= 65535;
    }

    public List<Integer> values() {
        return ports;
    }

    public boolean isEmpty() {
        return ports.isEmpty();
    }

    public boolean contains(int port) {
        return ports.contains(port);
    }

    /** {@code 1194,443}: the column format. */
    String text() {
        return String.join(",", ports.stream().map(String::valueOf).toList());
    }

    static PortList fromText(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            values.add(Integer.valueOf(part));
        }
        return of(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortList p && p.ports.equals(ports);
    }

    @Override
    public int hashCode() {
        return ports.hashCode();
    }

    @Override
    public String toString() {
        return ports.toString();
    }
}
