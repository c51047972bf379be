package io.sweepstream.evaluator.kafka;

import java.time.Duration;
import java.util.function.Supplier;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.evaluator.leaderboard.SweepAggregator;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.role.InputReplay;
import io.sweepstream.schemas.role.RoleRunner;
import io.sweepstream.schemas.role.TrackedSends;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sweep evaluator}: keeps every sweep's summary current. Holds no state a restart would
 * lose: it reads {@code sweeps}, {@code runs.requested}, {@code runs.metrics} and {@code runs.results}
 * from the beginning, outside any consumer group, and once it has caught up publishes a summary
 * when it changed, at most once per {@code publishInterval} (see {@link EvaluatorLoop}).
 *
 * <p>Errors are sorted as in Kafka's exactly-once example ({@link io.sweepstream.schemas.topic.ErrorKind}):
 * a poison record goes to {@code runs.dlq} and the evaluator goes on; a retriable error (broker down,
 * timeout, a topic not created yet) is said once in the log and retried every
 * {@link RoleRunner#RETRY_BACKOFF} until Kafka answers again; anything else stops the evaluator with
 * one line in the log and the error in {@link #failure()}. On a clean close it publishes what changed last.
 *
 * <p>Call order: {@link #start()}, then {@link #close()}.
 */
public final class EvaluatorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EvaluatorService.class);

    private final RoleRunner<EvaluatorLoop> runner;

    public EvaluatorService(KafkaConnection kafka, int leaderboardSize, Duration publishInterval) {
        this(loops(kafka, new SweepAggregator(leaderboardSize), publishInterval));
    }

    /** On a plaintext connection (the embedded broker, tests). */
    public EvaluatorService(String bootstrapServers, int leaderboardSize, Duration publishInterval) {
        this(KafkaConnection.plaintext(bootstrapServers), leaderboardSize, publishInterval);
    }

    /** For tests: the loop, with its clients, comes from {@code loops} (called once, on the evaluator's thread). */
    EvaluatorService(Supplier<EvaluatorLoop> loops) {
        this.runner = new RoleRunner<>("evaluator", "evaluator", log, loops);
    }

    public EvaluatorService start() {
        runner.start();
        return this;
    }

    /** The error that stopped the evaluator, or null while it runs (or after a clean close). */
    public Throwable failure() {
        return runner.failure();
    }

    /** The summary of a sweep this evaluator last published (Kafka acknowledged it), or null. */
    public SweepSummary latest(String sweepId) {
        EvaluatorLoop l = runner.loop();
        return l == null ? null : l.latest(sweepId);
    }

    /** Records of the input topics that could not be read and went to {@code runs.dlq}. */
    public long deadLettered() {
        EvaluatorLoop l = runner.loop();
        return l == null ? 0 : l.deadLettered();
    }

    private static Supplier<EvaluatorLoop> loops(KafkaConnection kafka, SweepAggregator aggregator, Duration publishInterval) {
        return () -> new EvaluatorLoop(
                InputReplay.consumer(kafka, "evaluator"),
                TrackedSends.producer(kafka, "evaluator"),
                aggregator, publishInterval);
    }

    @Override
    public void close() {
        runner.close();
    }
}
