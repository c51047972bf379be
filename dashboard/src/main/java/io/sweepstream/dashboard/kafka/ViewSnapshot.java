package io.sweepstream.dashboard.kafka;

import java.time.Duration;

import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.dashboard.view.ViewStatus;
import io.sweepstream.schemas.client.KafkaConnection;

/**
 * The dashboard's view of the topics as they are now, for one-shot readers such as {@code sweep report}:
 * the live page's own feed, stopped once it has read everything the topics held when it started. No second
 * aggregation: what a report shows is what the page shows.
 */
public final class ViewSnapshot {

    private static final long CHECK_EVERY_MS = 50;

    private ViewSnapshot() {
    }

    /**
     * Replays the dashboard's topics into a new view until it caught up.
     *
     * @throws IllegalStateException when the feed stops on an error, or has not caught up within {@code timeout}
     *                               (the message says what Kafka answered, or how far the replay got)
     */
    public static DashboardView read(KafkaConnection kafka, Duration timeout) {
        String bootstrapServers = kafka.bootstrapServers();
        DashboardView view = new DashboardView();
        try (DashboardFeed feed = new DashboardFeed(kafka, view).start()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!view.caughtUp()) {
                Throwable failure = feed.failure();
                if (failure != null) {
                    throw new IllegalStateException("cannot read the topics at " + bootstrapServers + ": " + failure.getMessage(), failure);
                }
                if (System.nanoTime() > deadline) {
                    ViewStatus s = view.status(System.currentTimeMillis());
                    throw new IllegalStateException("cannot read the topics at " + bootstrapServers + " within " + timeout.toSeconds() + " s: "
                            + (s.kafkaTrouble() != null ? s.kafkaTrouble()
                                    : s.recordsRead() + " records read, " + s.recordsBehind() + " still to read"));
                }
                try {
                    Thread.sleep(CHECK_EVERY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the topics at " + bootstrapServers, e);
                }
            }
        }
        return view;
    }
}
