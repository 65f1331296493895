package org.tunnelgate.audit.boundary;

import java.time.Clock;
import org.tunnelgate.testsupport.JpaDatabase;

/** The real audit trail on a test database, as if every action came from {@code fromAddress}. */
public final class TestAuditTrails {

    private TestAuditTrails() {}

    public static AuditTrail on(JpaDatabase db, Clock clock, String fromAddress) {
        var audit = new AuditTrail();
        audit.em = db.em();
        audit.dataSource = db.database.dataSource();
        audit.clock = clock;
        audit.origin = new RequestOrigin();
        audit.origin.set(fromAddress);
        return audit;
    }
}
