package org.tunnelgate.agent.system;

/** Paths of the programs the agent runs; plain names are looked up in PATH. */
public record Programs(String ip, String wg, String wireguardGo, String openvpn) {}
