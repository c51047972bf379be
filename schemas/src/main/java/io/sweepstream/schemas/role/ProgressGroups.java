package io.sweepstream.schemas.role;

import java.time.Duration;

/**
 * Consumer groups that roles which replay their inputs outside any group commit their read position
 * to, so that lag tools (the dashboard's {@code /metrics}, {@code kafka-consumer-groups.sh}) can see
 * how far behind they are. Monitoring only: a replay always starts from the beginning, never from
 * these offsets ({@link InputReplay#commitPosition}).
 */
public final class ProgressGroups {

    /** The evaluator's position on {@code sweeps}, {@code runs.requested}, {@code runs.metrics} and {@code runs.results}. */
    public static final String EVALUATOR = "evaluator";

    /** How often a role commits its position: the lag it shows is at most this much older than now. */
    public static final Duration COMMIT_INTERVAL = Duration.ofSeconds(5);

    private ProgressGroups() {
    }
}
