package io.sweepstream.dashboard.view;

import java.util.List;

/**
 * What changed since the last push, for open pages. With {@code resync} set, the lists are empty and
 * pages reload what they show (after the replay, or after more changes than one push carries).
 *
 * @param summaries sweeps whose evaluator summary changed (pages refetch their detail)
 * @param workers   every worker, when any changed (a heartbeat, or one going silent); null otherwise
 * @param status    the view's status, when it changed; null otherwise
 */
public record Changes(long version, boolean resync, List<SweepRow> sweeps, List<String> summaries, List<RunRow> runs,
                      List<Point> points, List<WorkerRow> workers, ViewStatus status) {

    public boolean isEmpty() {
        return !resync && sweeps.isEmpty() && summaries.isEmpty() && runs.isEmpty() && points.isEmpty()
                && workers == null && status == null;
    }
}
