/** The admin REST API below {@code /api/admin/} (HTTP Basic, role admin, every change audited). */
package org.tunnelgate.portal.rest;
