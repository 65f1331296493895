package org.tunnelgate.profile.boundary;

/** Fired (inside the changing transaction) when who may use a profile changed. */
public record ProfilePermissionsChanged(String profileId) {}
