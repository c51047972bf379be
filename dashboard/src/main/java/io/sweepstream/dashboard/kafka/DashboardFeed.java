package io.sweepstream.dashboard.kafka;

import java.util.List;
import java.util.function.Supplier;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.role.InputReplay;
import io.sweepstream.schemas.role.RoleRunner;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link DashboardView} from Kafka: assigns itself every partition of the dashboard's topics
 * (outside any consumer group, so it holds no state a restart would lose), replays them from the
 * beginning, and follows them. It runs like the other roles ({@link RoleRunner}, {@link InputReplay}).
 *
 * <p>Guarantees, and how:
 * <ul>
 *   <li>Nothing stale is current: the view is marked caught up only once the replay has read up to the
 *       end offsets the topics had when the feed started; until then it reports its progress.</li>
 *   <li>An outage is said, not hidden: after {@link DashboardLoop#LIVENESS_CHECK} without records the
 *       feed asks Kafka for the end offsets; a retriable error (broker down, timeout, a topic not created
 *       yet) goes to the view (the page shows it since when), is logged once, and is retried.</li>
 *   <li>A record that cannot be decoded is skipped and counted; the roles that consume it dead-letter
 *       it, the dashboard only shows.</li>
 *   <li>Anything else (authorization, a setup fault) stops the feed with one line in the log, the
 *       error in {@link #failure()}, and the page says the dashboard stopped reading Kafka.</li>
 * </ul>
 *
 * <p>Call order: {@link #start()}, then {@link #close()}.
 */
public final class DashboardFeed implements AutoCloseable {

    /** The topics the view is built from. */
    public static final List<String> TOPICS = List.of(
            Topics.SWEEPS.name(), Topics.SWEEPS_SUMMARY.name(), Topics.RUNS_REQUESTED.name(),
            Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name(), Topics.WORKERS_STATUS.name());
    private static final Logger log = LoggerFactory.getLogger(DashboardFeed.class);

    private final RoleRunner<DashboardLoop> runner;

    public DashboardFeed(KafkaConnection kafka, DashboardView view) {
        this(() -> InputReplay.consumer(kafka, "dashboard"), view);
    }

    /** For tests: the consumer comes from {@code consumers} (called once, on the feed's thread). */
    DashboardFeed(Supplier<Consumer<byte[], byte[]>> consumers, DashboardView view) {
        this.runner = new RoleRunner<>("dashboard", "dashboard-feed", log, () -> new DashboardLoop(consumers.get(), view));
    }

    public DashboardFeed start() {
        runner.start();
        return this;
    }

    /** The error that stopped the feed, or null while it runs (or after a clean close). */
    public Throwable failure() {
        return runner.failure();
    }

    @Override
    public void close() {
        runner.close();
    }
}
