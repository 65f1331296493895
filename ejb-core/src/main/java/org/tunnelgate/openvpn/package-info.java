/** OpenVPN for clients: certificates from the cluster's CA, tls-crypt keys, and the inline configuration file. */
package org.tunnelgate.openvpn;
