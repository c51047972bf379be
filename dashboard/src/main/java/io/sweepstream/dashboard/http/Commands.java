package io.sweepstream.dashboard.http;

import io.sweepstream.schemas.avro.SweepDefinition;

/** The page's commands; published to {@code runs.control} by the Kafka edge. */
public interface Commands {

    /**
     * Asks the trainers to stop a run between two batches.
     *
     * @throws CommandFailedException if Kafka did not take the command
     */
    void stopRun(String runId, String sweepId, String reason);

    /**
     * Cancels a sweep: its running runs stop, its queued runs are skipped, no new run is published.
     *
     * @param latest the sweep's latest definition, republished with status CANCELLED
     * @throws CommandFailedException if Kafka did not take the command
     */
    void cancelSweep(SweepDefinition latest, String reason);

    /**
     * Pauses a sweep: no new run of it starts, the runs training now finish.
     *
     * @param latest the sweep's latest definition, republished with status PAUSED
     * @throws CommandFailedException if Kafka did not take the command
     */
    void pauseSweep(SweepDefinition latest, String reason);

    /**
     * Resumes a paused sweep: ACTIVE again, and the runs set aside while it was paused are queued again.
     *
     * @param latest the sweep's latest definition, republished with status ACTIVE
     * @throws CommandFailedException if Kafka did not take the command
     */
    void resumeSweep(SweepDefinition latest, String reason);

    /** Kafka did not take a command; the page says so and the user may try again. */
    final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CommandFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
