package io.sweepstream.trainer.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.trainer.run.RunExecutor;
import io.sweepstream.trainer.run.RunResults;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trainer: a consumer in the {@code trainers} group on {@code runs.requested} that trains one
 * run at a time on its own thread.
 *
 * <p>Guarantees, and how:
 * <ul>
 *   <li>No rebalance during long runs: while a run trains, every assigned partition is paused and the
 *       poll loop keeps polling (and heart-beating).</li>
 *   <li>Exactly one result per run: the {@code RunResult} and the consumed offset commit in one Kafka
 *       transaction; readers use {@code read_committed}. A worker that dies before the commit leaves
 *       the offset where it was, and the next owner of the partition trains the run again.</li>
 *   <li>Attempts: before training, the worker commits the run's own offset (not the next one) with
 *       {@code run=ID;attempt=N} as metadata; the next owner reads it back and counts one more.</li>
 *   <li>Duplicates: a request whose run already has a committed result is skipped (offset committed,
 *       nothing trained, nothing published).</li>
 *   <li>Poison: a record that cannot be decoded goes to {@code runs.dlq}, committed with its offset.</li>
 * </ul>
 *
 * <p>Call order: {@link #start()}, then {@link #close()} (a run in progress is handed back to the
 * group, not finished).
 */
public final class TrainerWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainerWorker.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** About 5 s of polls: long enough to ride out a rebalance. */
    private static final int MAX_COMMIT_TRIES = 50;

    private final WorkerSettings settings;
    private final RunExecutor executor;
    private final String host = hostName();
    private final long startedAtMs = System.currentTimeMillis();
    private final ExecutorService training;
    private final Thread pollThread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    // Owned by the poll thread.
    private volatile KafkaConsumer<byte[], byte[]> requests;
    private RunViews views;
    private KafkaProducer<byte[], byte[]> transactional;
    private KafkaProducer<String, byte[]> events;
    private ActiveRun active;
    private PendingCommit pending;
    private long nextHeartbeatMs;
    private volatile Throwable failure;

    // Written by the training thread, read by the heartbeat.
    private volatile int currentEpoch;
    private volatile double currentProgress;
    private volatile double currentSamplesPerSecond;

    public TrainerWorker(WorkerSettings settings, RunExecutor executor) {
        this.settings = settings;
        this.executor = executor;
        this.training = Executors.newSingleThreadExecutor(r -> daemon(r, "train-" + settings.workerId()));
        this.pollThread = daemon(this::pollLoop, "poll-" + settings.workerId());
    }

    public String workerId() {
        return settings.workerId();
    }

    public TrainerWorker start() {
        pollThread.start();
        return this;
    }

    /** Waits until the worker has stopped; returns false on timeout. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error that stopped the worker, if any. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (requests != null) {
                requests.wakeup();
            }
        }
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                log.warn("worker {} did not stop within 30 s", settings.workerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        training.shutdownNow();
    }

    private void pollLoop() {
        try {
            open();
            while (!closed.get()) {
                pollOnce();
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                failure = e;
            }
        } catch (Throwable e) {
            failure = e;
            log.error("worker {} stopped: {}", settings.workerId(), e.toString(), e);
        } finally {
            shutdown();
            stopped.countDown();
        }
    }

    private void open() {
        requests = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        views = new RunViews(settings.bootstrapServers(), settings.workerId());
        transactional = new KafkaProducer<>(producerConfig(true), new ByteArraySerializer(), new ByteArraySerializer());
        events = new KafkaProducer<>(producerConfig(false), new StringSerializer(), new ByteArraySerializer());
        transactional.initTransactions();
        requests.subscribe(List.of(Topics.RUNS_REQUESTED.name()), new Rebalance());
        heartbeat(WorkerState.IDLE, null);
    }

    private void pollOnce() {
        views.poll();
        if (pending != null) {
            settle(pending);
        }
        for (ConsumerRecord<byte[], byte[]> record : requests.poll(POLL)) {
            handle(record);
        }
        if (active != null) {
            applyControl();
            if (active.future.isDone()) {
                finish(active);
            }
        }
        long now = System.currentTimeMillis();
        if (now >= nextHeartbeatMs) {
            heartbeat(active == null ? WorkerState.IDLE : WorkerState.TRAINING, active);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        RunRequest request;
        try {
            request = Topics.RUNS_REQUESTED.decode(record.partition(), record.offset(), record.value());
        } catch (RuntimeException e) {
            deadLetter(record, tp, e);
            return;
        }
        views.catchUp();
        String skip = views.skipReason(request);
        if (skip != null) {
            skip(record, tp, request, skip);
            return;
        }
        int attempt;
        try {
            attempt = claimAttempt(tp, record.offset(), request);
        } catch (KafkaException e) {
            // A rebalance got in the way: read the record again if the partition is still ours.
            log.info("worker {} could not claim {}@{} ({}); retrying", settings.workerId(), tp, record.offset(), e.toString());
            redeliver(tp, record.offset());
            return;
        }
        requests.pause(requests.assignment());
        AtomicBoolean cancel = new AtomicBoolean();
        currentEpoch = 0;
        currentProgress = 0;
        currentSamplesPerSecond = 0;
        Future<RunResult> future = training.submit(() -> executor.execute(request, attempt, settings.workerId(),
                new EventPublisher(request), cancel::get));
        active = new ActiveRun(request, tp, record.offset(), attempt, cancel, future);
        log.info("worker {} trains {} (attempt {})", settings.workerId(), request.getRunId(), attempt);
        heartbeat(WorkerState.TRAINING, active);
    }

    /** Reads the attempt the last owner recorded for this offset and records the next one. */
    private int claimAttempt(TopicPartition tp, long offset, RunRequest request) {
        OffsetAndMetadata committed = requests.committed(Set.of(tp)).get(tp);
        int attempt = Math.max(1, request.getAttempt());
        if (committed != null && committed.offset() == offset) {
            AttemptMark mark = AttemptMark.parse(committed.metadata());
            if (mark != null && mark.runId().equals(request.getRunId())) {
                attempt = Math.max(attempt, mark.attempt() + 1);
            }
        }
        String metadata = new AttemptMark(request.getRunId(), attempt, settings.workerId()).format();
        requests.commitSync(Map.of(tp, new OffsetAndMetadata(offset, metadata)));
        return attempt;
    }

    private void applyControl() {
        String reason = views.stopReason(active.request);
        if (reason != null && !active.cancel.get()) {
            log.info("worker {} stops {}: {}", settings.workerId(), active.request.getRunId(), reason);
            active.cancel.set(true);
        }
    }

    private void finish(ActiveRun run) {
        active = null;
        RunResult result;
        try {
            result = run.future.get();
        } catch (ExecutionException e) {
            result = RunResults.failed(run.request, run.attempt, settings.workerId(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        settle(new PendingCommit(run.tp, run.offset, resultRecord(result), result.getRunId(), 0));
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, TopicPartition tp, RunRequest request, String reason) {
        if (RunViews.ALREADY_DONE.equals(reason)) {
            log.info("worker {} skips duplicate request for {}", settings.workerId(), request.getRunId());
            settle(new PendingCommit(tp, record.offset(), null, null, 0));
            return;
        }
        RunResult stopped = RunResults.stoppedBeforeStart(request, settings.workerId(), reason);
        settle(new PendingCommit(tp, record.offset(), resultRecord(stopped), request.getRunId(), 0));
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, TopicPartition tp, RuntimeException e) {
        log.warn("worker {} dead-letters {}-{}@{}: {}", settings.workerId(), record.topic(), record.partition(), record.offset(), e.getMessage());
        DeadLetter letter = DeadLetters.of(record, e, "trainer " + settings.workerId());
        // The original key bytes, unchanged: they may not even be text.
        settle(new PendingCommit(tp, record.offset(),
                new ProducerRecord<>(Topics.RUNS_DLQ.name(), record.key(), Topics.RUNS_DLQ.encode(letter)), null, 0));
    }

    /**
     * Commits a record's outcome with its offset. A commit that fails while the partition is still
     * ours (a rebalance in progress) is retried on the next polls, with the work kept, and no new
     * record is taken meanwhile. A partition that moved away is left to its new owner.
     */
    private void settle(PendingCommit p) {
        if (!requests.assignment().contains(p.tp())) {
            log.info("worker {} lost {} before committing {}; its new owner redoes it", settings.workerId(), p.tp(), p.offset());
            done();
            return;
        }
        if (commit(p.tp(), p.offset(), p.out())) {
            if (p.runId() != null) {
                views.recordResult(p.runId());
            }
            done();
            return;
        }
        if (p.tries() + 1 >= MAX_COMMIT_TRIES) {
            log.warn("worker {} gives up committing {}@{}; the record will be read again", settings.workerId(), p.tp(), p.offset());
            redeliver(p.tp(), p.offset());
            done();
            return;
        }
        pending = new PendingCommit(p.tp(), p.offset(), p.out(), p.runId(), p.tries() + 1);
        requests.pause(requests.assignment());
    }

    private void done() {
        pending = null;
        requests.resume(requests.assignment());
        heartbeat(WorkerState.IDLE, null);
    }

    private static ProducerRecord<byte[], byte[]> resultRecord(RunResult result) {
        return new ProducerRecord<>(Topics.RUNS_RESULTS.name(), result.getRunId().getBytes(StandardCharsets.UTF_8),
                Topics.RUNS_RESULTS.encode(result));
    }

    /** Publishes {@code out} (may be null) and moves the group's offset past {@code offset}, atomically. */
    private boolean commit(TopicPartition tp, long offset, ProducerRecord<byte[], byte[]> out) {
        try {
            transactional.beginTransaction();
            if (out != null) {
                transactional.send(out);
            }
            transactional.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(offset + 1)), requests.groupMetadata());
            transactional.commitTransaction();
            return true;
        } catch (KafkaException e) {
            // Nothing was committed, so nothing is visible to read_committed readers.
            log.warn("worker {} could not commit {}@{}: {}", settings.workerId(), tp, offset, e.toString());
            try {
                transactional.abortTransaction();
            } catch (KafkaException ignored) {
                reopenTransactionalProducer();
            }
            return false;
        }
    }

    /** Makes the next poll return the record at {@code offset} again, if this worker still owns its partition. */
    private void redeliver(TopicPartition tp, long offset) {
        if (requests.assignment().contains(tp)) {
            requests.seek(tp, offset);
        }
    }

    private void reopenTransactionalProducer() {
        transactional.close(Duration.ZERO);
        transactional = new KafkaProducer<>(producerConfig(true), new ByteArraySerializer(), new ByteArraySerializer());
        transactional.initTransactions();
    }

    private void heartbeat(WorkerState state, ActiveRun run) {
        WorkerStatus status = WorkerStatus.newBuilder()
                .setWorkerId(settings.workerId())
                .setHost(host)
                .setState(state)
                .setSweepId(run == null ? null : run.request.getSweepId())
                .setRunId(run == null ? null : run.request.getRunId())
                .setAttempt(run == null ? null : run.attempt)
                .setEpoch(run == null ? null : currentEpoch)
                .setEpochs(run == null ? null : run.request.getHyperparameters().getEpochs())
                .setProgress(run == null ? 0.0 : currentProgress)
                .setSamplesPerSecond(run == null || currentSamplesPerSecond == 0 ? null : currentSamplesPerSecond)
                .setHeartbeatAtMs(System.currentTimeMillis())
                .setStartedAtMs(startedAtMs)
                .build();
        events.send(new ProducerRecord<>(Topics.WORKERS_STATUS.name(), settings.workerId(), Topics.WORKERS_STATUS.encode(status)));
        nextHeartbeatMs = System.currentTimeMillis() + settings.heartbeatInterval().toMillis();
    }

    private void shutdown() {
        ActiveRun run = active;
        if (run != null) {
            // Hand the run back: no result, no offset; the group gives it to another worker.
            run.cancel.set(true);
            awaitQuietly(run.future);
            active = null;
        }
        try {
            if (events != null) {
                heartbeat(WorkerState.STOPPED, null);
            }
        } catch (RuntimeException e) {
            log.debug("last heartbeat failed", e);
        }
        closeQuietly(requests);
        closeQuietly(views);
        closeQuietly(transactional);
        closeQuietly(events);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "trainer-" + settings.workerId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // One run at a time: fetch one request, pause, train, commit, resume.
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(300, settings.sessionTimeout().toMillis() / 4));
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) settings.maxPollInterval().toMillis());
        // A worker joining moves only the partitions it takes, not the one under a running run.
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return c;
    }

    private Map<String, Object> producerConfig(boolean transactionalId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        if (transactionalId) {
            c.put(ProducerConfig.CLIENT_ID_CONFIG, "trainer-tx-" + settings.workerId());
            c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "trainer-" + settings.workerId());
            c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        } else {
            c.put(ProducerConfig.CLIENT_ID_CONFIG, "trainer-events-" + settings.workerId());
        }
        return c;
    }

    /** Sends each epoch's metric as it happens; the training thread calls it. */
    private final class EventPublisher implements RunExecutor.Progress {
        private final RunRequest request;

        EventPublisher(RunRequest request) {
            this.request = request;
        }

        @Override
        public void epoch(EpochMetric metric) {
            currentEpoch = metric.getEpoch();
            currentSamplesPerSecond = metric.getSamplesPerSecond();
            events.send(new ProducerRecord<>(Topics.RUNS_METRICS.name(), request.getRunId(), Topics.RUNS_METRICS.encode(metric)));
        }

        @Override
        public void batch(int epoch, double runFraction, double samplesPerSecond) {
            currentEpoch = epoch;
            currentProgress = runFraction;
            if (samplesPerSecond > 0) {
                currentSamplesPerSecond = samplesPerSecond;
            }
        }
    }

    /** Keeps paused partitions paused and gives up a run whose partition moved to another worker. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            ActiveRun run = active;
            if (run != null && partitions.contains(run.tp)) {
                log.info("worker {} lost {} while training {}; its new owner retrains it", settings.workerId(), run.tp, run.request.getRunId());
                run.cancel.set(true);
                awaitQuietly(run.future);
                active = null;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (active != null || pending != null) {
                requests.pause(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

    /** An outcome to commit with its offset: a result, a dead letter, or nothing (a skipped duplicate). */
    private record PendingCommit(TopicPartition tp, long offset, ProducerRecord<byte[], byte[]> out, String runId, int tries) {
    }

    private record ActiveRun(RunRequest request, TopicPartition tp, long offset, int attempt,
                             AtomicBoolean cancel, Future<RunResult> future) {
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("abandoned run ended with {}", e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.debug("close failed", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
