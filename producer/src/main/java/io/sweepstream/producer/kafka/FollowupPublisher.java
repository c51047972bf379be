package io.sweepstream.producer.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.sweepstream.producer.spec.Followup;
import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.role.InputReplay;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code sweep followup} by hand: reads a sweep and its results from {@code sweeps} and
 * {@code runs.results} up to their end, and publishes its follow-up ({@link FollowupSweep}) as the
 * controller does when a sweep with a {@code followup} block ends — also for a sweep without one,
 * and before the sweep has ended (from the runs finished so far). A follow-up that {@code sweeps}
 * has already is not published again.
 */
public final class FollowupPublisher {

    /** How long reading the two topics to their end may take before the command gives up. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private FollowupPublisher() {
    }

    /**
     * What {@link #publish} did.
     *
     * @param followup  the follow-up sweep: the one published now, or the one found on {@code sweeps}
     * @param published false when {@code sweeps} had it already (nothing was sent)
     */
    public record Outcome(FollowupSweep followup, boolean published) {
    }

    /**
     * @throws IllegalArgumentException for an unknown sweep, a follow-up sweep (follow it up from its
     *                                  original), or a sweep with no finished run
     */
    public static Outcome publish(KafkaConnection kafka, String sweepId, Followup followup) {
        String id = FollowupSweep.idOf(sweepId, followup.dataset());
        SweepDefinition original = null;
        SweepDefinition existing = null;
        RunResultsByRun results = new RunResultsByRun();
        try (KafkaConsumer<byte[], byte[]> c = InputReplay.consumer(kafka, "sweep-followup")) {
            List<TopicPartition> partitions = TopicReplay.assignAll(c, List.of(Topics.SWEEPS.name(), Topics.RUNS_RESULTS.name()));
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!TopicReplay.caughtUp(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read sweeps and runs.results to their end within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        if (r.topic().equals(Topics.SWEEPS.name())) {
                            SweepDefinition d = Topics.SWEEPS.decode(r.partition(), r.offset(), r.value());
                            if (d.getSweepId().equals(sweepId)) {
                                original = d;
                            } else if (d.getSweepId().equals(id)) {
                                existing = d;
                            }
                        } else {
                            RunResult result = Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value());
                            if (result.getSweepId().equals(sweepId)) {
                                results.put(result);
                            }
                        }
                    } catch (UndecodableRecordException e) {
                        // the dead-letter topic's business (the controller and evaluator put it there): not ours
                    }
                }
            }
        }
        if (original == null) {
            throw new IllegalArgumentException("no sweep " + sweepId + " on " + kafka.bootstrapServers());
        }
        if (original.getFollowupOf() != null) {
            throw new IllegalArgumentException("sweep " + sweepId + " is a follow-up of " + original.getFollowupOf() + ": follow that one up");
        }
        if (existing != null) {
            return new Outcome(new FollowupSweep(id, existing, List.of(), List.of()), false);
        }
        FollowupSweep plan = FollowupSweep.plan(original, results.values(), followup, System.currentTimeMillis());
        try (KafkaProducer<String, byte[]> producer = SweepController.newProducer(kafka, "sweep-followup")) {
            // Runs first, the definition once Kafka has them: a follow-up on sweeps always has its runs.
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (RunRequest run : plan.runs()) {
                sent.add(producer.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), run.getRunId(), Topics.RUNS_REQUESTED.encode(run))));
            }
            await(sent);
            await(List.of(producer.send(new ProducerRecord<>(Topics.SWEEPS.name(), id, Topics.SWEEPS.encode(plan.definition())))));
        }
        return new Outcome(plan, true);
    }

    private static void await(List<Future<RecordMetadata>> sent) {
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a follow-up record: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a follow-up", e);
        }
    }
}
