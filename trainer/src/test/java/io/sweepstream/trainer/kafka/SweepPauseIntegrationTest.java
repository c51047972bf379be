package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.command.SweepCommands;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.run.RunExecutor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pause and resume on a real broker's share group: a paused sweep starts no run and loses none (its
 * queued runs are set aside on runs.parked, not spun through the delivery limit), the run training
 * when it paused finishes, and a resume trains the rest, each once.
 */
@ExtendWith(KafkaExtension.class)
class SweepPauseIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aPausedSweepStartsNoRunLosesNoneAndFinishesTheRunTrainingAndAResumeTrainsTheRest(KafkaBackend kafka) throws Exception {
        PipelineTopics topics = new PipelineTopics(kafka.bootstrapServers());
        topics.createAll();
        KafkaConnection connection = KafkaConnection.plaintext(kafka.bootstrapServers());
        String sweep = "sw-pause";
        SweepDefinition active = SweepDefinition.newBuilder(SampleEvents.minimalSweepDefinition())
                .setSweepId(sweep).setStatus(SweepStatus.ACTIVE).build();
        publishDefinition(kafka.bootstrapServers(), active);
        List<RunRequest> requests = TinyRuns.requests(sweep, 4, 2);
        String first = requests.get(0).getRunId();

        // The first run holds in its first epoch until the sweep is paused, so it is training when that happens.
        CountDownLatch training = new CountDownLatch(1);
        CountDownLatch paused = new CountDownLatch(1);
        RunExecutor engine = new EngineRunExecutor(name -> TinyRuns.dataset(), new Trainer());
        RunExecutor holdsFirstRun = (request, attempt, workerId, progress, cancelled) -> engine.execute(request, attempt, workerId,
                new RunExecutor.Progress() {
                    @Override
                    public void epoch(EpochMetric metric) {
                        progress.epoch(metric);
                        if (request.getRunId().equals(first) && training.getCount() > 0) {
                            training.countDown();
                            await(paused, cancelled);
                        }
                    }
                }, cancelled);
        try (TrainerWorker worker = new TrainerWorker(WorkerSettings.of(kafka.bootstrapServers(), "w-pause")
                .withLockDuration(Duration.ofSeconds(2)), holdsFirstRun).start();
             SweepCommands commands = new SweepCommands(connection, "test-commands")) {
            topics.publish(requests.get(0));
            assertTrue(training.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first run started");
            requests.subList(1, 4).forEach(topics::publish);

            commands.pause(active, "test");
            paused.countDown();

            RunResult finished = topics.awaitResult(first, WAIT);
            assertEquals(RunStatus.FINISHED, finished.getStatus(), "the run training when the sweep paused finishes");
            waitUntil(() -> SweepCommands.parked(connection, sweep).size() == 3, WAIT);
            assertEquals(List.of(first), topics.results(sweep).stream().map(RunResult::getRunId).toList(),
                    "no run of the paused sweep started; the three queued ones were set aside");

            SweepDefinition latest = SweepCommands.latest(connection, sweep).orElseThrow();
            assertEquals(SweepStatus.PAUSED, latest.getStatus());
            assertEquals(3, commands.resume(latest, "test"), "the resume queues the three runs set aside");

            Map<String, RunResult> results = topics.awaitResults(sweep, 4, WAIT);
            for (RunRequest q : requests) {
                RunResult r = results.get(q.getRunId());
                assertEquals(RunStatus.FINISHED, r.getStatus(), q.getRunId());
                assertEquals(1, r.getAttempt(), "a parked run comes back as a fresh delivery, nowhere near the delivery limit");
            }
            assertEquals(4, topics.results(sweep).size(), "each run has one result");
            assertTrue(SweepCommands.parked(connection, sweep).isEmpty(), "nothing left aside");
            assertEquals(SweepStatus.ACTIVE, SweepCommands.latest(connection, sweep).orElseThrow().getStatus());
        }
    }

    private static void publishDefinition(String bootstrap, SweepDefinition d) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.SWEEPS.name(), d.getSweepId().getBytes(StandardCharsets.UTF_8), Topics.SWEEPS.encode(d))).get();
        }
    }

    private static void await(CountDownLatch latch, BooleanSupplier cancelled) {
        try {
            while (!latch.await(20, TimeUnit.MILLISECONDS) && !cancelled.getAsBoolean()) {
                // wait
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
