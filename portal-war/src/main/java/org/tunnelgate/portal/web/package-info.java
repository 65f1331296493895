/** The portal pages people use (Jakarta Faces backing beans, filters and the error page). */
package org.tunnelgate.portal.web;
