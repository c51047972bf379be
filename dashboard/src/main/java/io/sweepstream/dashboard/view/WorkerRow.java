package io.sweepstream.dashboard.view;

/**
 * One trainer worker, from its latest heartbeat, as JSON.
 *
 * @param state    IDLE, TRAINING, STOPPING, STOPPED, or LOST: silent for {@code WorkerLiveness.LOST_AFTER}
 *                 without having said it stopped
 * @param silentMs time since its last heartbeat, by the server's clock
 */
public record WorkerRow(String workerId, String host, String state, String sweepId, String runId, Integer attempt,
                        Integer epoch, Integer epochs, double progress, Double samplesPerSecond, long heartbeatAtMs,
                        long startedAtMs, long silentMs) {
}
