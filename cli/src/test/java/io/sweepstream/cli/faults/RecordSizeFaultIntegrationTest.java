package io.sweepstream.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.sweepstream.cli.SweepProcesses;
import io.sweepstream.cli.SweepProcesses.Role;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5: results near and over Kafka's record size limit (1 MB: the producer's {@code max.request.size}
 * and the broker's {@code message.max.bytes} defaults, which our topics keep). A run request naming an
 * unknown dataset of 300,000 characters fails with that name in its reason and in its dataset field: a
 * 600 kB result, which lands. One of 600,000 characters makes a 1.2 MB result, over the limit: the run
 * still ends FAILED with a clear reason, no trainer hangs or dies, and the next run finishes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // the processes are killed on timeout too
@ExtendWith(SharedBroker.class)
class RecordSizeFaultIntegrationTest {

    /** This scenario's own sweep ids and trainer id: it shares its broker with other scenarios. */
    private static final String FIRST = "size-first";
    private static final String BIG = "size-big";
    private static final String HUGE = "size-huge";
    private static final String AFTER = "size-after";
    private static final String TRAINER = "size-t1";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void resultsUpToTheSizeLimitLandAndOneOverItEndsTheRunWithAClearReason(SharedBroker.Broker broker) throws Exception {
        Path dataDir = SweepProcesses.writeSyntheticData(tmp.resolve("data"), 1000);
        try (SweepProcesses roles = new SweepProcesses(tmp)) {
            String bootstrap = broker.bootstrap();
            roles.startCluster(bootstrap, dataDir, SweepProcesses.DEFAULT_HEAP, List.of(TRAINER), STARTUP, Role.EVALUATOR);

            RunResult first = submitAndAwait(bootstrap, FIRST, roles);
            RunRequest template = TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals(FIRST), 1, RUN).get(0);

            RunResult big = publishAndAwait(bootstrap, template, BIG, "x".repeat(300_000), roles);
            assertEquals(RunStatus.FAILED, big.getStatus());
            assertTrue(big.getError().length() > 300_000, "the whole reason, up to the limit");

            RunResult huge = publishAndAwait(bootstrap, template, HUGE, "y".repeat(600_000), roles);
            assertEquals(RunStatus.FAILED, huge.getStatus());
            assertTrue(huge.getError().contains("too large"), "the reason says the result was too large: "
                    + huge.getError().substring(0, Math.min(500, huge.getError().length())));

            RunResult after = submitAndAwait(bootstrap, AFTER, roles);
            assertEquals(RunStatus.FINISHED, after.getStatus(), "the trainer serves the next run: " + after);
            assertTrue(roles.get(TRAINER).isAlive(), "the trainer JVM still runs\n" + roles.logs());
            assertTrue(roles.get("evaluator").isAlive(), "the evaluator JVM still runs\n" + roles.logs());
            assertEquals(RunStatus.FINISHED, first.getStatus());

            FaultTally tally = FaultTally.count(bootstrap, "5 (results of 0.6 MB and 1.2 MB)", 2,
                    s -> Set.of(FIRST, BIG, HUGE, AFTER).contains(s), Duration.ofSeconds(3)).report();
            assertEquals(4, tally.requested());
            assertEquals(0, tally.lost(), tally.perRun()::toString);
            assertEquals(0, tally.duplicated(), tally.perRun()::toString);
        }
    }

    private static RunResult submitAndAwait(String bootstrap, String sweepId, SweepProcesses roles) throws Exception {
        SweepController.submit(bootstrap, SpecParser.parse("""
                name: %s
                method: grid
                dataset: mnist
                parameters:
                  epochs: {value: 1}
                  batch_size: {value: 32}
                """.formatted(sweepId)), sweepId);
        return await(bootstrap, sweepId, roles);
    }

    /** A request as another producer might write it: the spec validator would refuse its dataset. */
    private static RunResult publishAndAwait(String bootstrap, RunRequest template, String sweepId, String dataset, SweepProcesses roles)
            throws Exception {
        RunRequest q = RunRequest.newBuilder(template).setSweepId(sweepId).setRunId(sweepId + "-r0000").setDataset(dataset).build();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), q.getRunId(), Topics.RUNS_REQUESTED.encode(q))).get();
        }
        return await(bootstrap, sweepId, roles);
    }

    private static RunResult await(String bootstrap, String sweepId, SweepProcesses roles) {
        List<RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(sweepId), 1, RUN);
        assertEquals(1, results.size(), "a result for " + sweepId + " within " + RUN + "\n" + roles.logs());
        return results.get(0);
    }
}
