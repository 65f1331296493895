/** The admin console's pages (admins only, checked again in the boundaries). */
package org.tunnelgate.portal.admin;
