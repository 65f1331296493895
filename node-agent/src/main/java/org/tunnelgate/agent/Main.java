package org.tunnelgate.agent;

/** Entry point of the node agent (its real content comes with the node-agent issue). */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.out.println("tunnelgate node-agent");
    }
}
