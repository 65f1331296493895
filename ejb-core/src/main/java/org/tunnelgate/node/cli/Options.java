package org.tunnelgate.node.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tunnelgate.platform.DatabaseTool.BadInput;

/**
 * The arguments of one {@code node} command: the node's name and flags with one value each,
 * repeatable ones ({@code --profile}) collected in order. Anything else is refused with the usage.
 */
record Options(String name, Map<String, List<String>> values) {

    String one(String flag) {
        List<String> v = values.get(flag);
        return v == null ? null : v.get(v.size() - 1);
    }

    List<String> all(String flag) {
        return values.getOrDefault(flag, List.of());
    }

    static Options parse(List<String> args, List<String> flags, boolean needsName, String usage) throws BadInput {
        String name = null;
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (flags.contains(a) && i + 1 < args.size()) {
                values.computeIfAbsent(a, k -> new ArrayList<>()).add(args.get(++i));
            } else if (!a.startsWith("--") && name == null) {
                name = a;
            } else {
                throw new BadInput("unexpected argument '" + a + "'\n" + usage);
            }
        }
        if (needsName && name == null) {
            throw new BadInput("a node NAME is needed\n" + usage);
        }
        if (!needsName && name != null) {
            throw new BadInput("unexpected argument '" + name + "'\n" + usage);
        }
        return new Options(name, values);
    }

    /** {@code --capacity}, 1000 when absent. */
    int capacity() throws BadInput {
        String value = one("--capacity");
        if (value == null) {
            return 1000;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadInput("--capacity must be a number, not '" + value + "'");
        }
    }
}
