/** OpenVPN: client certificates from the cluster's CA, the nodes' server certificates, tls-crypt keys, and the inline configuration file. */
package org.tunnelgate.openvpn;
