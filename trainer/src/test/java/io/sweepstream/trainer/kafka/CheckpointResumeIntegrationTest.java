package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.run.RunExecutor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A run taken over after its trainer stopped goes on from its last checkpoint and ends as if never interrupted. */
@ExtendWith(KafkaExtension.class)
class CheckpointResumeIntegrationTest {

    private static final int EPOCHS = 5;
    private static final int CHECKPOINTED = 2;
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
    void aRunTakenOverAfterTwoEpochsResumesAtTheThirdWithTheResultOfAnUninterruptedRun() throws Exception {
        String sweep = "sw-resume";
        RunRequest request = TinyRuns.requests(sweep, 1, EPOCHS).get(0); // adam: two moment buffers to restore
        RunResult uninterrupted = engine().execute(request, 1, "reference", metric -> { }, () -> false);

        // The first trainer checkpoints epoch 2, then hangs until it is stopped.
        CountDownLatch checkpointed = new CountDownLatch(1);
        RunExecutor hangsAfterCheckpoint = (req, attempt, workerId, progress, cancelled) ->
                engine().execute(req, attempt, workerId, new RunExecutor.Progress() {
                    @Override
                    public void epoch(EpochMetric metric) {
                        progress.epoch(metric);
                    }

                    @Override
                    public void checkpoint(RunCheckpoint checkpoint) {
                        progress.checkpoint(checkpoint);
                        if (checkpoint.getEpoch() == CHECKPOINTED) {
                            checkpointed.countDown();
                            waitUntil(cancelled);
                        }
                    }
                }, cancelled);
        TrainerWorker first = worker("w-first", hangsAfterCheckpoint);
        topics.publish(request);
        assertTrue(checkpointed.await(60, TimeUnit.SECONDS), "the first trainer finished epoch 2");
        awaitCheckpointRecords(request.getRunId(), values -> !values.isEmpty() && values.get(values.size() - 1) != null
                && decode(values.get(values.size() - 1)).getEpoch() == CHECKPOINTED);

        worker("w-second", engine());
        first.close(); // cancels its run and releases it: the second trainer takes it as attempt 2

        RunResult result = topics.awaitResult(request.getRunId(), Duration.ofSeconds(60));
        assertEquals(RunStatus.FINISHED, result.getStatus());
        assertEquals(2, result.getAttempt());
        assertEquals("w-second", result.getWorkerId());
        assertEquals(EPOCHS, result.getEpochsCompleted());
        assertEquals(uninterrupted.getBestValAccuracy(), result.getBestValAccuracy());
        assertEquals(uninterrupted.getBestEpoch(), result.getBestEpoch());
        assertEquals(uninterrupted.getFinalValLoss(), result.getFinalValLoss());
        assertEquals(uninterrupted.getTestAccuracy(), result.getTestAccuracy());
        assertEquals(uninterrupted.getTestLoss(), result.getTestLoss(), "bit-identical weights give the identical test loss");
        assertEquals(uninterrupted.getConfusionMatrix(), result.getConfusionMatrix());

        // attempt 2 trained epochs 3..5 only; it published 1..2 again, as the first trainer measured them
        List<EpochMetric> metrics = topics.metrics(sweep, CHECKPOINTED + EPOCHS, Duration.ofSeconds(30));
        Map<Integer, List<EpochMetric>> secondAttempt = metrics.stream().filter(m -> m.getAttempt() == 2)
                .collect(Collectors.groupingBy(EpochMetric::getEpoch));
        assertEquals(List.of(1, 2, 3, 4, 5), secondAttempt.keySet().stream().sorted().toList());
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            assertEquals(1, secondAttempt.get(epoch).size(), "epoch " + epoch + " once in attempt 2");
            assertEquals(epoch <= CHECKPOINTED ? "w-first" : "w-second", secondAttempt.get(epoch).get(0).getWorkerId(),
                    "who trained epoch " + epoch);
        }
        for (int epoch = 1; epoch <= CHECKPOINTED; epoch++) {
            int e = epoch;
            EpochMetric original = metrics.stream().filter(m -> m.getAttempt() == 1 && m.getEpoch() == e).findFirst().orElseThrow();
            assertEquals(original.getValLoss(), secondAttempt.get(epoch).get(0).getValLoss());
        }

        // once the result is written the checkpoint is tombstoned
        List<byte[]> values = awaitCheckpointRecords(request.getRunId(),
                v -> !v.isEmpty() && v.get(v.size() - 1) == null);
        assertTrue(values.size() >= CHECKPOINTED + 1, "checkpoints, then the tombstone: " + values.size() + " records");
    }

    @Test
    void aFirstAttemptWritesACheckpointPerEpochButTheLastAndLeavesNoneBehind() throws Exception {
        String sweep = "sw-checkpoints";
        RunRequest request = TinyRuns.requests(sweep, 2, 3).get(1); // nag: one velocity buffer
        worker("w-plain", engine());
        topics.publish(request);

        RunResult result = topics.awaitResult(request.getRunId(), Duration.ofSeconds(60));
        assertEquals(RunStatus.FINISHED, result.getStatus());
        List<byte[]> values = awaitCheckpointRecords(request.getRunId(), v -> !v.isEmpty() && v.get(v.size() - 1) == null);
        List<Integer> epochs = values.stream().filter(v -> v != null).map(v -> decode(v).getEpoch()).toList();
        assertTrue(List.of(1, 2).containsAll(epochs) && epochs.contains(2), "epochs 1 and 2 (1 may be coalesced away): " + epochs);
        assertNull(values.get(values.size() - 1), "tombstoned after the result");
    }

    /** Values of every record with the run's key on runs.checkpoints (null for a tombstone), once {@code done} holds. */
    private static List<byte[]> awaitCheckpointRecords(String runId, java.util.function.Predicate<List<byte[]>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<byte[]> values = List.of();
        while (System.nanoTime() < deadline) {
            values = checkpointRecords(runId);
            if (done.test(values)) {
                return values;
            }
            sleep(200);
        }
        throw new AssertionError("runs.checkpoints never reached the expected state for " + runId + ": " + values.size()
                + " records, " + values.stream().map(v -> v == null ? "tombstone" : "epoch " + decode(v).getEpoch()).toList());
    }

    private static List<byte[]> checkpointRecords(String runId) {
        byte[] key = runId.getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.CHECKPOINT_MAX_BYTES),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = TopicReplay.assignAll(c, List.of(Topics.RUNS_CHECKPOINTS.name()));
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (!TopicReplay.caughtUp(c, end)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (Arrays.equals(key, r.key())) {
                        values.add(r.value());
                    }
                }
            }
        }
        return values;
    }

    private static RunCheckpoint decode(byte[] value) {
        return Topics.RUNS_CHECKPOINTS.decode(0, 0, value);
    }

    private TrainerWorker worker(String id, RunExecutor executor) {
        TrainerWorker w = new TrainerWorker(WorkerSettings.of(kafka.bootstrapServers(), id), executor).start();
        workers.add(w);
        return w;
    }

    private static RunExecutor engine() {
        return new EngineRunExecutor(name -> TinyRuns.dataset(), new Trainer());
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
