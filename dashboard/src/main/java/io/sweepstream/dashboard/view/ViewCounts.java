package io.sweepstream.dashboard.view;

import java.util.Map;

import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepStatus;

/**
 * The view in numbers, for the metrics page: one consistent snapshot, taken under the view's lock.
 *
 * @param status           the replay and Kafka state ({@link ViewStatus})
 * @param runsTraining     runs that live workers say they train now (their heartbeats; a lost worker's run does not count)
 * @param samplesPerSecond training throughput summed over the workers training now; 0 when none does
 * @param runsEnded        runs with a result, by status; each run once, by its last result; every status present
 * @param sweeps           sweeps by status (the evaluator's when it summarised the sweep, else the definition's); every status present
 * @param workers          workers not yet gone by state: their heartbeat's state, or LOST; every state present
 */
public record ViewCounts(ViewStatus status, int runsTraining, double samplesPerSecond, Map<RunStatus, Integer> runsEnded,
                         Map<SweepStatus, Integer> sweeps, Map<String, Integer> workers) {

    /** The state of a worker silent for longer than {@code WorkerLiveness.LOST_AFTER}, as the page shows it. */
    public static final String LOST = "LOST";

    public ViewCounts {
        runsEnded = Map.copyOf(runsEnded);
        sweeps = Map.copyOf(sweeps);
        workers = Map.copyOf(workers);
    }
}
