/** The audit trail: an append-only record of who changed what, on which target, with what outcome. */
package org.tunnelgate.audit;
