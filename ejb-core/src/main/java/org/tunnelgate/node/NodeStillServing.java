package org.tunnelgate.node;

import java.util.List;
import org.tunnelgate.platform.BusinessException;

/** A node that profiles still name cannot be removed: take it out of them first. Nothing was changed. */
public class NodeStillServing extends BusinessException {

    public NodeStillServing(String name, List<String> profiles) {
        super(Kind.CONFLICT, "node \"" + name + "\" still serves " + String.join(", ", profiles)
                + "; remove it from those profiles first");
    }
}
