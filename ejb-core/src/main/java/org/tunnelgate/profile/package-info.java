/**
 * VPN profiles: the protocols, address ranges, ports, routes and DNS settings a person picks, who may
 * use them and which nodes serve them — each profile guarding its own rules.
 */
package org.tunnelgate.profile;
