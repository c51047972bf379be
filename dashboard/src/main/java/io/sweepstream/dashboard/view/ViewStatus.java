package io.sweepstream.dashboard.view;

/**
 * Whether the view can be trusted as current.
 *
 * @param caughtUp        the replay reached the end the topics had when the dashboard started;
 *                        until then the API serves no data
 * @param recordsRead     records read so far
 * @param recordsBehind   records still to read to catch up (0 once caught up)
 * @param kafkaTrouble    why Kafka does not answer now; null when it does
 * @param troubleSinceMs  since when it does not answer; 0 when it does
 * @param skippedRecords  records that could not be decoded and were skipped (the roles dead-letter them)
 * @param serverTimeMs    the server's clock, for ages shown by the page
 * @param lostAfterMs     a worker silent this long is shown as lost ({@code WorkerLiveness})
 */
public record ViewStatus(boolean caughtUp, long recordsRead, long recordsBehind, String kafkaTrouble, long troubleSinceMs,
                         long skippedRecords, long serverTimeMs, long lostAfterMs) {
}
