/**
 * Cross-cutting plumbing of the controller — database migration, transactions and retries, the
 * timestamp convention, clock, errors, and the cluster (instances, jobs claimed by one instance,
 * readiness) — and no business rules.
 */
package org.tunnelgate.platform;
