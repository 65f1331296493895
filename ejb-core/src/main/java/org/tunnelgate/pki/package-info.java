/** The cluster's certificate authority and the master key that seals its private keys in the database. */
package org.tunnelgate.pki;
