package org.tunnelgate.agent;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tunnelgate.agent.controller.ClientSession;
import org.tunnelgate.agent.controller.Controller;
import org.tunnelgate.agent.controller.ControllerUnreachable;

/** A hand-written controller for tests: refuses the common names it is told to, records every report. */
public final class FakeController implements Controller {

    public record Disconnect(ClientSession client, long bytesIn, long bytesOut) {}

    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    public final List<ClientSession> asked = new CopyOnWriteArrayList<>();
    public final List<ClientSession> connects = new CopyOnWriteArrayList<>();
    public final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();
    public volatile boolean unreachable;

    public FakeController refuse(String commonName) {
        refused.add(commonName);
        return this;
    }

    @Override
    public boolean mayConnect(ClientSession client) {
        asked.add(client);
        if (unreachable) throw new ControllerUnreachable("fake controller is away");
        return !refused.contains(client.commonName());
    }

    @Override
    public void connected(ClientSession client) {
        connects.add(client);
    }

    @Override
    public void disconnected(ClientSession client, long bytesIn, long bytesOut) {
        disconnects.add(new Disconnect(client, bytesIn, bytesOut));
    }
}
