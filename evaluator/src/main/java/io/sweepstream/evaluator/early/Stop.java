package io.sweepstream.evaluator.early;

import java.util.Locale;

/**
 * A decision to stop a run early.
 *
 * @param runId     the run to stop
 * @param epochs    the epochs it had reported when judged
 * @param milestone the bracket it was judged at (the largest milestone it had reached)
 * @param value     the value judged: its best so far, or (strict) its value at the milestone
 * @param threshold the worst value that still survives the milestone, among the values recorded there
 * @param recorded  how many runs had recorded a value at the milestone
 */
public record Stop(String runId, int epochs, int milestone, double value, double threshold, int recorded) {

    /** Why, for the {@code Control} record's reason, the trainer's log and the dashboard. */
    public String reason(String metricName) {
        return String.format(Locale.ROOT, "hyperband: %s %.4f at epoch %d is outside the top of the %d runs at bracket %d (cutoff %.4f)",
                metricName, value, epochs, recorded, milestone, threshold);
    }
}
