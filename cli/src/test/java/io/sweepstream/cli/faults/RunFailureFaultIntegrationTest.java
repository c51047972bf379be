package io.sweepstream.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.sweepstream.cli.SweepProcesses;
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
 * Scenario 6: runs that end badly on one trainer JVM with a small heap (-Xmx160m), one after the other: a
 * run that diverges (learning rate 1000), a run whose dataset this trainer cannot load (a request naming an
 * unknown dataset, as a newer producer might send), a run too large for the heap (a 1 x 20,000 hidden layer
 * on 784 inputs: 63 MB of float weights, three times that with Adam's moments and the gradients). Each ends
 * with its status and reason, and the same JVM then finishes an ordinary run.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // the processes are killed on timeout too
@ExtendWith(SharedBroker.class)
class RunFailureFaultIntegrationTest {

    /** This scenario's own sweep ids and trainer id: it shares its broker with other scenarios. */
    private static final String DIVERGE = "failure-diverge";
    private static final String NO_DATA = "failure-nodata";
    private static final String OOM = "failure-oom";
    private static final String AFTER = "failure-after";
    private static final String TRAINER = "failure-t1";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void runsThatDivergeLackTheirDatasetOrExhaustTheHeapEndWithAReasonAndTheWorkerGoesOn(SharedBroker.Broker broker) throws Exception {
        Path dataDir = SweepProcesses.writeSyntheticData(tmp.resolve("data"), 1000);
        try (SweepProcesses roles = new SweepProcesses(tmp)) {
            String bootstrap = broker.bootstrap();
            roles.startCluster(bootstrap, dataDir, "-Xmx160m", List.of(TRAINER), STARTUP);

            RunResult diverged = submitAndAwait(bootstrap, DIVERGE, "learning_rate: {value: 1000000.0}\n  optimizer: {value: sgd}\n  num_layers: {value: 3}", roles);
            assertEquals(RunStatus.DIVERGED, diverged.getStatus(), diverged::toString);
            assertTrue(diverged.getError() != null && !diverged.getError().isBlank(), "a diverged run says why: " + diverged);

            // The spec validator refuses an unknown dataset, so the request is written as another producer would.
            RunRequest template = TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals(DIVERGE), 1, RUN).get(0);
            RunRequest noData = RunRequest.newBuilder(template).setSweepId(NO_DATA).setRunId(NO_DATA + "-r0000").setDataset("cifar10").build();
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(java.util.Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), noData.getRunId(), Topics.RUNS_REQUESTED.encode(noData))).get();
            }
            RunResult missing = await(bootstrap, NO_DATA, roles);
            assertEquals(RunStatus.FAILED, missing.getStatus(), missing::toString);
            assertTrue(missing.getError().contains("cifar10"), "the reason names the dataset: " + missing.getError());

            RunResult oom = submitAndAwait(bootstrap, OOM, "hidden_size: {value: 20000}\n  optimizer: {value: adam}", roles);
            assertEquals(RunStatus.FAILED, oom.getStatus(), oom::toString);
            assertTrue(oom.getError().startsWith("out of memory"), "the reason says out of memory: " + oom.getError());

            RunResult after = submitAndAwait(bootstrap, AFTER, "learning_rate: {value: 0.01}", roles);
            assertEquals(RunStatus.FINISHED, after.getStatus(), "the same worker finished the next run: " + after);
            assertEquals(TRAINER, after.getWorkerId());
            assertTrue(roles.get(TRAINER).isAlive(), "the trainer JVM survived its out-of-memory run");

            FaultTally tally = FaultTally.count(bootstrap, "6 (diverged, missing dataset, out of memory)", 3,
                    s -> Set.of(DIVERGE, NO_DATA, OOM, AFTER).contains(s), Duration.ofSeconds(3)).report();
            assertEquals(4, tally.requested());
            assertEquals(0, tally.lost(), tally.perRun()::toString);
            assertEquals(0, tally.duplicated(), tally.perRun()::toString);
        }
    }

    private static RunResult submitAndAwait(String bootstrap, String sweepId, String parameter, SweepProcesses roles) throws Exception {
        SweepController.submit(bootstrap, SpecParser.parse("""
                name: %s
                method: grid
                dataset: mnist
                parameters:
                  epochs: {value: 1}
                  batch_size: {value: 32}
                  %s
                """.formatted(sweepId, parameter)), sweepId);
        return await(bootstrap, sweepId, roles);
    }

    private static RunResult await(String bootstrap, String sweepId, SweepProcesses roles) {
        List<RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(sweepId), 1, RUN);
        assertEquals(1, results.size(), "a result for " + sweepId + " within " + RUN + "\n" + roles.logs());
        return results.get(0);
    }
}
