/**
 * Cross-cutting plumbing of the controller — database migration, clock, errors, settings — and no
 * business rules.
 */
package org.tunnelgate.platform;
