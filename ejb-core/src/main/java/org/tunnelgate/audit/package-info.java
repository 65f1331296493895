/**
 * The audit trail: an append-only record of who changed what, on which target, with what outcome —
 * written the same way by the application and by the command-line tools.
 */
package org.tunnelgate.audit;
