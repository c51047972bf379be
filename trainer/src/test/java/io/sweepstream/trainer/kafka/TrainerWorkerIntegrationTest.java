package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.run.RunExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker on a real broker: each run gives exactly one committed result, whatever happens. */
@ExtendWith(KafkaExtension.class)
class TrainerWorkerIntegrationTest {

    private static KafkaBackend kafka;
    private static PipelineTopics topics;
    private final List<TrainerWorker> workers = new ArrayList<>();

    @BeforeAll
    static void createTopics(KafkaBackend backend) {
        kafka = backend;
        topics = new PipelineTopics(backend.bootstrapServers());
        topics.createAll();
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(TrainerWorker::close);
    }

    @Test
    void trainsEachRequestOnceAndCommitsOneResultWithItsMetrics() throws Exception {
        String sweep = "sw-once";
        List<RunRequest> requests = TinyRuns.requests(sweep, 4, 2);
        worker("w-once-1", engine());
        worker("w-once-2", engine());
        requests.forEach(topics::publish);

        Map<String, RunResult> results = topics.awaitResults(sweep, 4, Duration.ofSeconds(90));
        assertEquals(4, results.size());
        for (RunRequest r : requests) {
            RunResult result = results.get(r.getRunId());
            assertEquals(RunStatus.FINISHED, result.getStatus(), () -> "result of " + r.getRunId());
            assertEquals(1, result.getAttempt());
            assertEquals(2, result.getEpochsCompleted());
            assertEquals(TinyRuns.CLASSES, result.getConfusionMatrix().size());
        }
        assertEquals(4, topics.results(sweep).size(), "no run has a second committed result");
        List<EpochMetric> metrics = topics.metrics(sweep, 8, Duration.ofSeconds(10));
        assertEquals(8, metrics.size(), "two epochs of four runs");
    }

    @Test
    void aRunWhoseWorkerDiesIsFinishedByAnotherWorkerAsAttemptTwo() throws Exception {
        String sweep = "sw-failover";
        CountDownLatch firstEpochDone = new CountDownLatch(1);
        // The first worker reports an epoch, then blocks as if hung, until it is killed.
        RunExecutor hangsAfterFirstEpoch = (request, attempt, workerId, progress, cancelled) -> {
            RunExecutor.Progress spy = new RunExecutor.Progress() {
                @Override
                public void epoch(EpochMetric metric) {
                    progress.epoch(metric);
                    firstEpochDone.countDown();
                    waitUntil(cancelled);
                }
            };
            return engine().execute(request, attempt, workerId, spy, cancelled);
        };
        TrainerWorker doomed = worker("w-doomed", hangsAfterFirstEpoch);
        RunRequest request = TinyRuns.requests(sweep, 1, 3).get(0);
        topics.publish(request);
        assertTrue(firstEpochDone.await(60, TimeUnit.SECONDS), "the first worker started the run");

        worker("w-rescuer", engine());
        doomed.close(); // leaves the group without committing anything

        Map<String, RunResult> results = topics.awaitResults(sweep, 1, Duration.ofSeconds(60));
        RunResult result = results.get(request.getRunId());
        assertEquals(RunStatus.FINISHED, result.getStatus());
        assertEquals(2, result.getAttempt(), "the retry is recorded as attempt 2");
        assertEquals("w-rescuer", result.getWorkerId());
        assertEquals(1, topics.results(sweep).size(), "exactly one committed result");
        List<EpochMetric> metrics = topics.metrics(sweep, 4, Duration.ofSeconds(10));
        assertTrue(metrics.stream().anyMatch(m -> m.getAttempt() == 1 && m.getWorkerId().equals("w-doomed")));
        assertEquals(3, metrics.stream().filter(m -> m.getAttempt() == 2).count(), "attempt 2 reports every epoch");
    }

    @Test
    void aDuplicatedRequestGivesOneResult() throws Exception {
        String sweep = "sw-dup";
        RunRequest request = TinyRuns.requests(sweep, 1, 1).get(0);
        topics.publish(request);
        topics.publish(request);
        worker("w-dup", engine());
        topics.awaitResults(sweep, 1, Duration.ofSeconds(60));
        RunRequest marker = TinyRuns.requests(sweep + "-after", 1, 1).get(0);
        topics.publish(marker); // once this is done, the duplicate before it was handled
        topics.awaitResults(sweep + "-after", 1, Duration.ofSeconds(60));
        assertEquals(1, topics.results(sweep).size());
    }

    @Test
    void aPoisonRequestGoesToTheDeadLetterTopicAndTheWorkerGoesOn() throws Exception {
        String sweep = "sw-poison";
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        topics.publishRaw("poison-key", garbage);
        List<RunRequest> requests = TinyRuns.requests(sweep, 2, 1);
        requests.forEach(topics::publish);
        worker("w-poison", engine());

        assertEquals(2, topics.awaitResults(sweep, 2, Duration.ofSeconds(60)).size());
        List<DeadLetter> letters = topics.deadLetters(1, Duration.ofSeconds(10));
        DeadLetter letter = letters.stream().filter(d -> "poison-key".equals(new String(d.getKey().array(), StandardCharsets.UTF_8)))
                .findFirst().orElseThrow();
        assertEquals("runs.requested", letter.getTopic());
        assertTrue(letter.getError().contains("runs.requested"), letter.getError());
        assertEquals("not avro at all", new String(letter.getValue().array(), StandardCharsets.UTF_8));
    }

    @Test
    void aCancelledSweepStopsItsRunningRunAndSkipsItsPendingRuns() throws Exception {
        String sweep = "sw-cancel";
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger trained = new AtomicInteger();
        // The first run trains until the cancellation reaches it.
        RunExecutor untilCancelled = (request, attempt, workerId, progress, cancelled) -> {
            trained.incrementAndGet();
            started.countDown();
            waitUntil(cancelled);
            return engine().execute(request, attempt, workerId, progress, cancelled);
        };
        List<RunRequest> requests = TinyRuns.requests(sweep, 3, 5);
        worker("w-cancel", untilCancelled);
        requests.forEach(topics::publish);
        assertTrue(started.await(60, TimeUnit.SECONDS));
        topics.control(Control.newBuilder().setType(ControlType.CANCEL_SWEEP).setSweepId(sweep)
                .setReason("test").setIssuedAtMs(System.currentTimeMillis()).build());

        Map<String, RunResult> results = topics.awaitResults(sweep, 3, Duration.ofSeconds(60));
        for (RunResult r : results.values()) {
            assertEquals(RunStatus.STOPPED, r.getStatus(), r.getRunId());
            assertEquals(0, r.getEpochsCompleted(), r.getRunId());
        }
        assertEquals(1, trained.get(), "the pending runs are skipped, not trained");
    }

    @Test
    void stopRunStopsThatRunAndLeavesTheOthers() throws Exception {
        String sweep = "sw-stop";
        List<RunRequest> requests = TinyRuns.requests(sweep, 2, 2);
        String victim = requests.get(0).getRunId();
        CountDownLatch started = new CountDownLatch(1);
        RunExecutor stopsOnRequest = (request, attempt, workerId, progress, cancelled) -> {
            if (request.getRunId().equals(victim)) {
                started.countDown();
                waitUntil(cancelled);
            }
            return engine().execute(request, attempt, workerId, progress, cancelled);
        };
        worker("w-stop", stopsOnRequest);
        topics.publish(requests.get(0));
        assertTrue(started.await(60, TimeUnit.SECONDS));
        topics.control(Control.newBuilder().setType(ControlType.STOP_RUN).setRunId(victim)
                .setReason("test").setIssuedAtMs(System.currentTimeMillis()).build());
        topics.publish(requests.get(1));

        Map<String, RunResult> results = topics.awaitResults(sweep, 2, Duration.ofSeconds(60));
        assertEquals(RunStatus.STOPPED, results.get(victim).getStatus());
        assertEquals(RunStatus.FINISHED, results.get(requests.get(1).getRunId()).getStatus());
    }

    @Test
    void aRunLongerThanTheMaxPollIntervalCausesNoRebalance() throws Exception {
        String sweep = "sw-long";
        // Trains for about 3x max.poll.interval.ms: a worker that stopped polling while training
        // would be thrown out of the group and see its run revoked and retried.
        RunExecutor slow = (request, attempt, workerId, progress, cancelled) -> {
            long until = System.currentTimeMillis() + 6000;
            while (System.currentTimeMillis() < until && !cancelled.getAsBoolean()) {
                sleep(50);
            }
            return engine().execute(request, attempt, workerId, progress, cancelled);
        };
        TrainerWorker w = new TrainerWorker(WorkerSettings.of(kafka.bootstrapServers(), "w-long")
                .withSessionTimeout(Duration.ofSeconds(6)).withMaxPollInterval(Duration.ofSeconds(2)), slow).start();
        workers.add(w);
        topics.publish(TinyRuns.requests(sweep, 1, 1).get(0));

        RunResult result = topics.awaitResults(sweep, 1, Duration.ofSeconds(60)).values().iterator().next();
        assertEquals(RunStatus.FINISHED, result.getStatus());
        assertEquals(1, result.getAttempt(), "never revoked, never retried");
        assertEquals(1, topics.results(sweep).size());
        assertEquals(null, w.failure());
    }

    @Test
    void aDivergingRunEndsAsDivergedAndTheWorkerGoesOn() throws Exception {
        String sweep = "sw-diverge";
        List<RunRequest> requests = TinyRuns.requests(sweep, 2, 2);
        // Identity layers multiply the step size through each other: sgd at 1e6 overflows float within batches.
        RunRequest exploding = RunRequest.newBuilder(requests.get(0))
                .setHyperparameters(io.sweepstream.schemas.avro.Hyperparameters.newBuilder(requests.get(0).getHyperparameters())
                        .setOptimizer(io.sweepstream.schemas.avro.OptimizerKind.SGD).setLearningRate(1e6)
                        .setActivation(io.sweepstream.schemas.avro.ActivationKind.IDENTITY).build())
                .build();
        worker("w-diverge", engine());
        topics.publish(exploding);
        topics.publish(requests.get(1));

        Map<String, RunResult> results = topics.awaitResults(sweep, 2, Duration.ofSeconds(60));
        RunResult diverged = results.get(exploding.getRunId());
        assertEquals(RunStatus.DIVERGED, diverged.getStatus());
        assertTrue(diverged.getDivergedAtEpoch() >= 1 && diverged.getDivergedAtBatch() >= 1, diverged::toString);
        assertTrue(diverged.getError().contains("NaN or infinite"), diverged.getError());
        assertEquals(RunStatus.FINISHED, results.get(requests.get(1).getRunId()).getStatus(), "the next run trains normally");
    }

    private TrainerWorker worker(String id, RunExecutor executor) {
        TrainerWorker w = new TrainerWorker(WorkerSettings.of(kafka.bootstrapServers(), id)
                .withSessionTimeout(Duration.ofSeconds(6)), executor).start();
        workers.add(w);
        return w;
    }

    private static RunExecutor engine() {
        return new EngineRunExecutor(name -> TinyRuns.dataset(), new Trainer());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
