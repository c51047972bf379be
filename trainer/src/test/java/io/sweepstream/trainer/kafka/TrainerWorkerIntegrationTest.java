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

/** The worker on a real broker's share group: each run gives exactly one result, whatever happens. */
@ExtendWith(KafkaExtension.class)
class TrainerWorkerIntegrationTest {

    /** Short, so the ten-lock-durations test stays short; every worker of the class uses it. */
    private static final Duration LOCK = Duration.ofSeconds(2);
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
        assertEquals(4, topics.results(sweep).size(), "no run has a second result");
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
        doomed.close(); // cancels the run and releases it: no result, no acknowledgement

        Map<String, RunResult> results = topics.awaitResults(sweep, 1, Duration.ofSeconds(60));
        RunResult result = results.get(request.getRunId());
        assertEquals(RunStatus.FINISHED, result.getStatus());
        assertEquals(2, result.getAttempt(), "the retry is recorded as attempt 2");
        assertEquals("w-rescuer", result.getWorkerId());
        assertEquals(1, topics.results(sweep).size(), "exactly one result");
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
    void anEarlyTerminationStopEndsTheRunStoppedEarlyWithItsEpochsSoFar() throws Exception {
        String sweep = "sw-early";
        RunRequest request = TinyRuns.requests(sweep, 1, 5).get(0);
        CountDownLatch firstEpoch = new CountDownLatch(1);
        // Trains for real, but holds after its first epoch until the stop arrives.
        RunExecutor holdsAfterEpochOne = (r, attempt, workerId, progress, cancelled) ->
                engine().execute(r, attempt, workerId, new RunExecutor.Progress() {
                    @Override
                    public void epoch(EpochMetric metric) {
                        progress.epoch(metric);
                        if (metric.getEpoch() == 1) {
                            firstEpoch.countDown();
                            waitUntil(cancelled);
                        }
                    }
                }, cancelled);
        worker("w-early", holdsAfterEpochOne);
        topics.publish(request);
        assertTrue(firstEpoch.await(60, TimeUnit.SECONDS));
        topics.control(Control.newBuilder().setType(ControlType.STOP_RUN).setSweepId(sweep).setRunId(request.getRunId())
                .setReason("hyperband: below the cutoff").setEarlyTermination(true).setIssuedAtMs(System.currentTimeMillis()).build());

        RunResult result = topics.awaitResults(sweep, 1, Duration.ofSeconds(60)).get(request.getRunId());
        assertEquals(RunStatus.STOPPED_EARLY, result.getStatus());
        assertEquals(1, result.getEpochsCompleted(), "the epoch it finished; the one it was in is dropped");
        assertEquals(1, result.getBestEpoch());
        assertTrue(result.getBestValAccuracy() > 0, "its best validation accuracy so far");
        assertEquals("hyperband: below the cutoff", result.getError());
    }

    @Test
    void aRunLongerThanTenLockDurationsIsDeliveredOnceAndHasOneResult() throws Exception {
        String sweep = "sw-long";
        AtomicInteger deliveries = new AtomicInteger();
        // Trains for ten lock durations and a bit: a lock that was not renewed in time would hand the
        // run to the idle second worker, which would train it again.
        RunExecutor slow = (request, attempt, workerId, progress, cancelled) -> {
            deliveries.incrementAndGet();
            long until = System.currentTimeMillis() + 10 * LOCK.toMillis() + 500;
            while (System.currentTimeMillis() < until && !cancelled.getAsBoolean()) {
                sleep(50);
            }
            return engine().execute(request, attempt, workerId, progress, cancelled);
        };
        TrainerWorker first = worker("w-long-1", slow);
        worker("w-long-2", slow);
        topics.publish(TinyRuns.requests(sweep, 1, 1).get(0));

        RunResult result = topics.awaitResults(sweep, 1, Duration.ofSeconds(90)).values().iterator().next();
        assertEquals(RunStatus.FINISHED, result.getStatus());
        assertEquals(1, result.getAttempt(), "never redelivered");
        assertEquals(1, deliveries.get(), "trained once");
        assertEquals(1, topics.results(sweep).size());
        assertEquals(null, first.failure());
    }

    @Test
    void anIdleTrainerTakesARunQueuedBehindABusyOne() throws Exception {
        String sweep = "sw-idle";
        List<RunRequest> requests = TinyRuns.requests(sweep, 3, 1);
        RunRequest longRun = requests.get(0);
        RunRequest warmUp = requests.get(1);
        RunRequest shortRun = requests.get(2);
        CountDownLatch longStarted = new CountDownLatch(1);
        CountDownLatch releaseLong = new CountDownLatch(1);
        Map<String, Long> startedAt = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, String> startedOn = new java.util.concurrent.ConcurrentHashMap<>();
        RunExecutor executor = (request, attempt, workerId, progress, cancelled) -> {
            startedAt.put(request.getRunId(), System.currentTimeMillis());
            startedOn.put(request.getRunId(), workerId);
            if (request.getRunId().equals(longRun.getRunId())) {
                longStarted.countDown();
                await(releaseLong, cancelled);
            }
            return engine().execute(request, attempt, workerId, progress, cancelled);
        };
        worker("w-busy", executor);
        topics.publish(longRun);
        assertTrue(longStarted.await(60, TimeUnit.SECONDS), "the first trainer took the long run");
        worker("w-idle", executor);
        // Once the joining trainer has trained this run, it is in the queue and idle.
        topics.publish(warmUp);
        topics.awaitResult(warmUp.getRunId(), Duration.ofSeconds(60));
        assertEquals("w-idle", startedOn.get(warmUp.getRunId()));

        long queuedAt = System.currentTimeMillis();
        topics.publish(shortRun);
        topics.awaitResult(shortRun.getRunId(), Duration.ofSeconds(30));
        releaseLong.countDown();
        assertEquals("w-idle", startedOn.get(shortRun.getRunId()), "the idle trainer took it");
        long waited = startedAt.get(shortRun.getRunId()) - queuedAt;
        assertTrue(waited < 1000, "the short run started " + waited + " ms after it was queued");

        Map<String, RunResult> results = topics.awaitResults(sweep, 3, Duration.ofSeconds(30));
        assertEquals("w-busy", results.get(longRun.getRunId()).getWorkerId(), "the joining trainer took nothing from the busy one");
        assertEquals(1, results.get(longRun.getRunId()).getAttempt());
        assertEquals(3, topics.results(sweep).size(), "one result per run");
    }

    @Test
    void aRunThatCrashesItsTrainerEveryTimeEndsFailedAfterTheDeliveryLimit() throws Exception {
        String sweep = "sw-crash";
        List<RunRequest> requests = TinyRuns.requests(sweep, 3, 1);
        RunRequest killer = requests.get(0);
        java.util.concurrent.BlockingQueue<Integer> crashes = new java.util.concurrent.LinkedBlockingQueue<>();
        // Each attempt of the killer run ends its trainer (stopped like a crashed process: no result,
        // no acknowledgement) and a new trainer is started, as a supervisor would.
        RunExecutor crashing = (request, attempt, workerId, progress, cancelled) -> {
            if (request.getRunId().equals(killer.getRunId())) {
                crashes.add(attempt);
                waitUntil(cancelled);
            }
            return engine().execute(request, attempt, workerId, progress, cancelled);
        };
        topics.publish(killer);
        List<Integer> attempts = new ArrayList<>();
        for (int i = 1; i < io.sweepstream.schemas.topic.TrainerQueue.DELIVERY_LIMIT; i++) {
            TrainerWorker w = worker("w-crash-" + i, crashing);
            Integer attempt = crashes.poll(60, TimeUnit.SECONDS);
            assertTrue(attempt != null, "trainer " + i + " took the run");
            attempts.add(attempt);
            w.close();
        }
        worker("w-crash-last", crashing);
        requests.subList(1, 3).forEach(topics::publish);

        Map<String, RunResult> results = topics.awaitResults(sweep, 3, Duration.ofSeconds(60));
        assertEquals(List.of(1, 2, 3, 4), attempts, "each crash counts one delivery");
        RunResult failed = results.get(killer.getRunId());
        assertEquals(RunStatus.FAILED, failed.getStatus());
        assertEquals(io.sweepstream.schemas.topic.TrainerQueue.DELIVERY_LIMIT, failed.getAttempt());
        assertTrue(failed.getError().contains("delivered 5 times"), failed.getError());
        assertEquals(RunStatus.FINISHED, results.get(requests.get(1).getRunId()).getStatus(), "the other runs finish");
        assertEquals(RunStatus.FINISHED, results.get(requests.get(2).getRunId()).getStatus());
        assertTrue(crashes.isEmpty(), "the last delivery is not trained");
        List<DeadLetter> letters = topics.deadLetters(1, Duration.ofSeconds(10));
        assertTrue(letters.stream().anyMatch(d -> d.getError().contains(killer.getRunId()) && d.getError().contains("delivered 5 times")),
                () -> "dead letters: " + letters);
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
        TrainerWorker w = new TrainerWorker(WorkerSettings.of(kafka.bootstrapServers(), id).withLockDuration(LOCK), executor).start();
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

    private static void await(CountDownLatch latch, BooleanSupplier cancelled) {
        try {
            while (!latch.await(20, TimeUnit.MILLISECONDS) && !cancelled.getAsBoolean()) {
                // wait
            }
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
