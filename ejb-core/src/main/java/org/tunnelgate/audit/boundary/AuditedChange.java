package org.tunnelgate.audit.boundary;

import java.util.function.Function;
import java.util.function.Supplier;
import org.tunnelgate.platform.BusinessException;

/**
 * The one shape of an audited change, whoever makes it (admin console, admin REST API): run the work,
 * then record who / what / target / outcome — {@code done}, or {@code refused: <reason>} for a refusal,
 * which is rethrown. The recorder must write in a transaction of its own, so that a refusal rolled back
 * with its work still leaves its trace.
 */
public final class AuditedChange {

    /** Writes one audit line (e.g. {@code AuditTrail::record}). */
    @FunctionalInterface
    public interface Recorder {
        void record(String actor, String action, String target, String outcome);
    }

    public static final String DONE = "done";

    private AuditedChange() {}

    public static <T> T run(Recorder recorder, String actor, String action, String target, Supplier<T> work) {
        return run(recorder, actor, action, target, result -> target, work);
    }

    /** As {@link #run}, with the target of a success taken from its result (e.g. a created resource's URI). */
    public static <T> T run(Recorder recorder, String actor, String action, String target,
                            Function<T, String> targetOfResult, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (BusinessException e) {
            recorder.record(actor, action, target, "refused: " + e.getMessage());
            throw e;
        }
        recorder.record(actor, action, targetOfResult.apply(result), DONE);
        return result;
    }
}
