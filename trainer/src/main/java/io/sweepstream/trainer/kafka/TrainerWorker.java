package io.sweepstream.trainer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.role.CloseTogether;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.DeadLetters;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.schemas.topic.TrainerQueue;
import io.sweepstream.trainer.data.DatasetException;
import io.sweepstream.trainer.run.RunExecutor;
import io.sweepstream.trainer.run.RunResults;
import io.sweepstream.trainer.worker.WorkerEvent;
import io.sweepstream.trainer.worker.WorkerListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trainer: a member of the share group {@code trainers} on {@code runs.requested} that trains
 * one run at a time on its own thread, while its poll thread keeps the run's lock, follows stop and
 * cancel commands, and publishes heartbeats.
 *
 * <p>Guarantees, and how (each has a test in {@code TrainerWorkerIntegrationTest} or the CLI's
 * process tests):
 * <ul>
 *   <li>Any idle trainer takes the next run: the queue has one partition, shared by every trainer,
 *       and a trainer asks for one record only when it is idle ({@code record_limit}, one record).</li>
 *   <li>A long run is neither redelivered nor duplicated: the poll thread renews the record's lock
 *       four times per lock duration. A renewal the broker refuses means the run may be another
 *       trainer's now: training stops at once and nothing is published.</li>
 *   <li>Exactly one result per run, without transactions (share acknowledgements cannot join one):
 *       the result is written (idempotent, {@code acks=all}) and confirmed before the request is
 *       ACCEPTed; a trainer checks the results view, caught up to its end, before it trains and skips a
 *       run that has a result. A second result can only come from a trainer that died between the two
 *       steps, is the same run, and every reader keeps one ({@code RunResultsByRun}).</li>
 *   <li>Crashes cost seconds: a killed process releases its record when its connection closes; a
 *       vanished one loses it when the lock expires. The next trainer trains it as attempt
 *       {@code deliveryCount}. On the group's last delivery a run is not trained again: it ends FAILED
 *       with the reason and goes to {@code runs.dlq}, so a run that kills its trainers cannot take
 *       down the fleet.</li>
 *   <li>Resume, not restart: each epoch but the last ends with a checkpoint on {@code runs.checkpoints}
 *       ({@link CheckpointStore}, written without waiting); a redelivered run goes on from its latest one and ends
 *       as an uninterrupted run would; the checkpoint is tombstoned after the result
 *       ({@code CheckpointResumeIntegrationTest}).</li>
 *   <li>A run stopped by the evaluator's early termination ({@code STOP_RUN} with {@code earlyTermination})
 *       ends STOPPED_EARLY with the epochs it finished, its best validation accuracy so far and the
 *       evaluator's reason in {@code error}; a user's stop or a cancelled sweep ends it STOPPED.</li>
 *   <li>A clean stop (Ctrl-C, scale-down) cancels the run and RELEASEs it: another trainer starts it at once.</li>
 *   <li>A paused sweep starts no run: a trainer that takes one of its queued runs writes the request to
 *       {@code runs.parked} and ACCEPTs it (a RELEASE would spin it to the delivery limit); {@code sweep resume}
 *       queues it again. A run already training when the sweep pauses finishes.</li>
 *   <li>Errors are sorted: a record that cannot be decoded goes to {@code runs.dlq} and is REJECTed
 *       (poison); broker outages and timeouts are waited out, logged once (retriable); anything else
 *       (authorization, a setup fault) stops the worker with one line, read by {@link #failure()}.</li>
 *   <li>A trainer whose dataset is missing says so once and joins the queue only when it has it; a run
 *       on a dataset this trainer lacks is RELEASEd for a trainer that has it.</li>
 *   <li>It is not silent: its {@link WorkerListener} hears each run start, each epoch, each run end or
 *       hand-back, and the broker lost and back again (judged by {@link BrokerContact}).</li>
 *   <li>Dead workers do not linger in {@code workers.status}: every live trainer tombstones the record of
 *       a worker silent for five minutes ({@link GoneWorkers} says why this way).</li>
 * </ul>
 *
 * <p>Call order: {@link #start()}, then {@link #close()}.
 */
public final class TrainerWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainerWorker.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Duration DATA_RECHECK = Duration.ofSeconds(10);
    /** After releasing a run for lack of its dataset: give the other trainers time to take it. */
    private static final Duration AFTER_RELEASE = Duration.ofSeconds(3);

    private final WorkerSettings settings;
    private final RunExecutor executor;
    private final ExecutorService trainingThread;
    private final Thread pollThread;
    private final WorkerListener listener;
    private final BrokerContact contact;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    // Owned by the poll thread.
    private ResultPublisher publisher;
    private CheckpointStore checkpoints;
    private Heartbeats heartbeats;
    private RunViews views;
    private GoneWorkers goneWorkers;
    private RunQueue queue;
    private InFlight current;
    private String dataProblem;
    private long nextDataCheckMs;
    private boolean viewsBehind;
    private long takeAfterMs;
    private String retrying;

    public TrainerWorker(WorkerSettings settings, RunExecutor executor) {
        this(settings, executor, WorkerListener.NONE);
    }

    /** @param listener hears what the worker does (see {@link WorkerEvent}); called on the worker's threads */
    public TrainerWorker(WorkerSettings settings, RunExecutor executor, WorkerListener listener) {
        this.settings = settings;
        this.executor = executor;
        this.listener = listener;
        this.contact = new BrokerContact(settings.workerId(), settings.brokerLostAfter(), System::currentTimeMillis);
        this.trainingThread = Executors.newSingleThreadExecutor(r -> daemon(r, "train-" + settings.workerId()));
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

    /** Stops: a run in progress is cancelled and released to another trainer, not finished. */
    @Override
    public void close() {
        closed.set(true);
        try {
            if (!stopped.await(60, TimeUnit.SECONDS)) {
                log.warn("worker {} did not stop within 60 s", settings.workerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        trainingThread.shutdownNow();
    }

    private void pollLoop() {
        try {
            open();
            while (!closed.get()) {
                tick();
            }
        } catch (Throwable e) {
            failure = e;
            log.error("worker {} stopped: {}", settings.workerId(), e.toString());
            log.debug("worker failure", e);
        } finally {
            shutdown();
            stopped.countDown();
        }
    }

    private void open() {
        publisher = new ResultPublisher(settings);
        checkpoints = new CheckpointStore(settings);
        heartbeats = new Heartbeats(settings, contact, executor.engine());
        if (executor.engine() != null) {
            log.info("worker {} trains on {}", settings.workerId(), executor.engine());
        }
        heartbeats.beat(WorkerState.IDLE, null);
        untilDone(this::configureGroup);
        untilDone(() -> views = new RunViews(settings.kafka(), settings.workerId()));
        untilDone(() -> goneWorkers = new GoneWorkers(settings, heartbeats::tombstone));
        viewsBehind = true;
    }

    private void configureGroup() {
        try (Admin admin = Admin.create(settings.kafka().config(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)))) {
            TrainerQueue.configure(admin, settings.groupId(), settings.lockDuration(), Duration.ofSeconds(10));
        }
    }

    /** Retries a setup step through broker outages; anything not retriable is fatal. */
    private void untilDone(Runnable step) {
        while (!closed.get()) {
            try {
                step.run();
                return;
            } catch (RetriableException e) {
                waitForKafka(e);
            }
        }
    }

    private void tick() {
        try {
            views.poll();
            goneWorkers.poll(System.currentTimeMillis()).forEach(this::tell);
            if (current == null) {
                idle();
            } else if (current.execution != null && current.outputs == null) {
                training(current);
            } else {
                publishing(current);
            }
            heartbeats.beatIfDue(current == null ? WorkerState.IDLE : WorkerState.TRAINING, current == null ? null : current.execution);
            contact.change().ifPresent(this::tell);
            if (retrying != null) {
                log.info("worker {} reaches Kafka again", settings.workerId());
                retrying = null;
            }
        } catch (RetriableException e) {
            waitForKafka(e);
        }
    }

    private void waitForKafka(RetriableException e) {
        if (retrying == null) {
            log.warn("worker {} waits for Kafka ({}); retrying", settings.workerId(), e.getMessage());
        }
        retrying = e.toString();
        contact.change().ifPresent(this::tell);
        sleep(RETRY_BACKOFF);
    }

    private void idle() {
        long now = System.currentTimeMillis();
        if (!readyToTake(now)) {
            sleep(POLL);
            return;
        }
        if (queue == null) {
            queue = new RunQueue(settings);
        }
        ConsumerRecord<byte[], byte[]> record = queue.take(POLL);
        if (record != null) {
            begin(record);
        }
    }

    /** Has its data, a caught-up view of results and controls, and no reason to hold back. */
    private boolean readyToTake(long now) {
        if (dataProblem != null && now < nextDataCheckMs) {
            return false;
        }
        if (queue == null || dataProblem != null) {
            String problem = executor.unavailableReason();
            if (problem != null) {
                if (!problem.equals(dataProblem)) {
                    log.warn("worker {} takes no runs: {}", settings.workerId(), problem);
                }
                dataProblem = problem;
                nextDataCheckMs = now + DATA_RECHECK.toMillis();
                return false;
            }
            if (dataProblem != null) {
                log.warn("worker {} has its data now and takes runs", settings.workerId());
            }
            dataProblem = null;
        }
        if (viewsBehind) {
            if (!views.catchUp()) {
                return false;
            }
            viewsBehind = false;
        }
        return now >= takeAfterMs;
    }

    private void begin(ConsumerRecord<byte[], byte[]> record) {
        int attempt = queue.deliveryCount();
        RunRequest request;
        try {
            request = Topics.RUNS_REQUESTED.decode(record.partition(), record.offset(), record.value());
        } catch (UndecodableRecordException e) {
            log.warn("worker {} dead-letters {}-{}@{}: {}", settings.workerId(), record.topic(), record.partition(), record.offset(), e.getMessage());
            current = InFlight.publish(null, null, List.of(deadLetter(record, e)), AcknowledgeType.REJECT);
            return;
        }
        if (!views.catchUp()) {
            log.warn("worker {} cannot read runs.results to its end; it trains nothing until it can", settings.workerId());
            viewsBehind = true;
            queue.finish(AcknowledgeType.RELEASE);
            return;
        }
        String skip = views.skipReason(request);
        if (RunViews.ALREADY_DONE.equals(skip)) {
            log.info("worker {} skips {}: it already has a result", settings.workerId(), request.getRunId());
            queue.finish(AcknowledgeType.ACCEPT);
            // a trainer that died between writing the result and tombstoning the checkpoint left it behind
            checkpoints.discard(request.getRunId(), true);
            return;
        }
        if (skip != null) {
            String early = views.earlyStopReason(request);
            RunResult stopped = early != null
                    ? RunResults.stoppedEarly(RunResults.stoppedBeforeStart(request, attempt, settings.workerId(), skip), early)
                    : RunResults.stoppedBeforeStart(request, attempt, settings.workerId(), skip);
            current = InFlight.publish(request, null, List.of(ResultPublisher.resultRecord(stopped)), AcknowledgeType.ACCEPT);
            return;
        }
        if (views.paused(request)) {
            // Set aside, not released: a released record comes straight back, and each delivery counts
            // towards the limit (docs/queue.md). The resume queues it again, as it was.
            log.info("worker {} sets {} aside: sweep {} is paused", settings.workerId(), request.getRunId(), request.getSweepId());
            current = InFlight.park(request, new ProducerRecord<>(Topics.RUNS_PARKED.name(),
                    request.getRunId().getBytes(StandardCharsets.UTF_8), record.value()));
            return;
        }
        if (attempt >= TrainerQueue.DELIVERY_LIMIT) {
            String reason = "delivered " + attempt + " times; the " + (attempt - 1) + " attempts before ended without a result"
                    + " (their trainers crashed, were killed, lost the run or lacked its dataset), so it is not trained again";
            log.warn("worker {} fails {}: {}", settings.workerId(), request.getRunId(), reason);
            RunResult failed = RunResults.failed(request, attempt, settings.workerId(), reason);
            current = InFlight.publish(request, null,
                    List.of(ResultPublisher.resultRecord(failed), deadLetter(record, new IllegalStateException("run " + request.getRunId() + " " + reason))),
                    AcknowledgeType.ACCEPT);
            return;
        }
        // said before the training thread starts: a fast run's first epoch must not be heard before its start
        log.info("worker {} trains {} (attempt {})", settings.workerId(), request.getRunId(), attempt);
        tell(new WorkerEvent.RunStarted(settings.workerId(), request.getRunId(), attempt, request.getHyperparameters()));
        RunExecution execution = new RunExecution(request, attempt, settings.workerId(), executor, publisher, checkpoints, trainingThread, this::tell);
        current = InFlight.publish(request, execution, null, AcknowledgeType.ACCEPT);
        heartbeats.beat(WorkerState.TRAINING, execution);
    }

    private void training(InFlight run) {
        RunExecution execution = run.execution;
        String stop = views.stopReason(execution.request());
        if (stop != null && !execution.isCancelled()) {
            log.info("worker {} stops {}: {}", settings.workerId(), execution.request().getRunId(), stop);
            execution.cancel();
        }
        if (!queue.keep(Duration.ofMillis(20))) {
            log.warn("worker {} lost the lock of {}; another trainer may have it now, so it stops training it and publishes nothing",
                    settings.workerId(), execution.request().getRunId());
            execution.cancel();
            awaitQuietly(execution.future());
            tell(new WorkerEvent.RunHandedBack(settings.workerId(), execution.request().getRunId(),
                    "lost its lock, so another trainer may have it; nothing published"));
            done();
            return;
        }
        RunResult result;
        try {
            result = execution.future().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DatasetException missing) {
                log.warn("worker {} cannot train {} and releases it for a trainer that can: {}", settings.workerId(),
                        execution.request().getRunId(), missing.getMessage());
                queue.finish(AcknowledgeType.RELEASE);
                takeAfterMs = System.currentTimeMillis() + AFTER_RELEASE.toMillis();
                tell(new WorkerEvent.RunHandedBack(settings.workerId(), execution.request().getRunId(),
                        "its dataset is missing here: " + missing.getMessage().lines().findFirst().orElse("")));
                done();
                return;
            }
            result = RunResults.failed(execution.request(), execution.attempt(), settings.workerId(), e.getCause());
        }
        String early = views.earlyStopReason(execution.request());
        if (early != null && result.getStatus() == RunStatus.STOPPED) {
            result = RunResults.stoppedEarly(result, early);
        }
        run.outputs = List.of(ResultPublisher.resultRecord(result));
        run.result = result;
        log.info("worker {} finished {}: {}", settings.workerId(), result.getRunId(), result.getStatus());
    }

    /** Confirms the lock, writes the outcome, waits until the broker has it, then acknowledges the request. */
    private void publishing(InFlight run) {
        if (run.sends == null) {
            RunQueue.Lock lock = queue.confirm(Duration.ofMillis(50));
            if (lock == RunQueue.Lock.PENDING) {
                return;
            }
            if (lock == RunQueue.Lock.LOST) {
                log.warn("worker {} lost the lock of {} before writing its outcome; another trainer has it, so it writes nothing",
                        settings.workerId(), run.describe());
                if (run.execution != null) {
                    tell(new WorkerEvent.RunHandedBack(settings.workerId(), run.request.getRunId(),
                            "lost its lock before writing the result, so another trainer has it; nothing published"));
                }
                done();
                return;
            }
            run.sends = new ArrayList<>();
            run.outputs.forEach(out -> run.sends.add(publisher.send(out)));
        }
        if (!run.lockLost && !queue.keep(Duration.ofMillis(20))) {
            // The outcome will still land (the producer retries); wait for it, so that a trainer that
            // takes the run next is likely to find the result rather than train it again.
            log.warn("worker {} lost the lock of {} while writing its outcome", settings.workerId(), run.describe());
            run.lockLost = true;
        }
        for (int i = 0; i < run.sends.size(); i++) {
            Future<RecordMetadata> send = run.sends.get(i);
            try {
                send.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RetriableException retriable) {
                    run.sends.set(i, publisher.send(run.outputs.get(i)));
                    waitForKafka(retriable);
                    return;
                }
                if (e.getCause() instanceof RecordTooLargeException tooLarge && !run.shrunk.contains(i)) {
                    // Never fits, and a stop would hand the run to a trainer that fails the same way: write less.
                    log.warn("worker {}: the outcome of {} is too large for Kafka; writing a cut-down one: {}",
                            settings.workerId(), run.describe(), tooLarge.getMessage());
                    run.outputs = new ArrayList<>(run.outputs);
                    run.outputs.set(i, OversizedOutputs.shrink(run.outputs.get(i), tooLarge));
                    run.shrunk.add(i);
                    if (run.result != null && run.outputs.get(i).topic().equals(Topics.RUNS_RESULTS.name())) {
                        run.result = Topics.RUNS_RESULTS.decode(0, 0, run.outputs.get(i).value());
                    }
                    run.sends.set(i, publisher.send(run.outputs.get(i)));
                    return;
                }
                throw new IllegalStateException("writing the outcome of " + run.describe() + " failed: " + e.getCause(), e.getCause());
            }
        }
        boolean acknowledged = !run.lockLost && queue.finish(run.ack);
        if (run.request != null && run.ack == AcknowledgeType.ACCEPT && !run.parked) {
            views.recordResult(run.request);
            // after the result, never before: a crash in between leaves a stale checkpoint, not a run without state
            checkpoints.discard(run.request.getRunId(), run.execution == null || run.execution.attempt() > 1);
        }
        if (!acknowledged) {
            log.info("worker {}: {} was written but its request could not be acknowledged; a redelivery finds the result and skips it",
                    settings.workerId(), run.describe());
        }
        if (run.result != null) {
            tell(ended(run.result));
        }
        if (run.parked) {
            tell(new WorkerEvent.RunHandedBack(settings.workerId(), run.request.getRunId(),
                    "sweep " + run.request.getSweepId() + " is paused; set aside until it resumes"));
            unparkIfResumed(run);
        }
        done();
    }

    /**
     * A resume that read {@code runs.parked} just before this worker's park landed would miss the run:
     * so after parking, look again, and if the sweep is no longer paused queue the run again here.
     * Both may queue it; a run queued twice is one run (the copy finds the result and is skipped).
     */
    private void unparkIfResumed(InFlight run) {
        if (!views.catchUp() || views.paused(run.request)) {
            return;
        }
        byte[] key = run.request.getRunId().getBytes(StandardCharsets.UTF_8);
        List<Future<RecordMetadata>> sends = List.of(
                publisher.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), key, run.outputs.get(0).value())),
                publisher.send(new ProducerRecord<>(Topics.RUNS_PARKED.name(), key, null)));
        if (allSent(sends, Duration.ofSeconds(10))) {
            log.info("worker {} queued {} again: its sweep resumed while it was being set aside", settings.workerId(), run.request.getRunId());
        } else {
            log.warn("worker {} could not queue {} again; `sweep resume {}` queues it", settings.workerId(),
                    run.request.getRunId(), run.request.getSweepId());
        }
    }

    private void done() {
        current = null;
        heartbeats.beat(WorkerState.IDLE, null);
    }

    private WorkerEvent.RunEnded ended(RunResult r) {
        return new WorkerEvent.RunEnded(settings.workerId(), r.getRunId(), r.getAttempt(), r.getStatus(),
                r.getBestValAccuracy() == null ? OptionalDouble.empty() : OptionalDouble.of(r.getBestValAccuracy()),
                r.getBestEpoch() == null ? 0 : r.getBestEpoch(), r.getEpochsCompleted(), Duration.ofMillis(r.getDurationMs()), r.getError());
    }

    /** Tells the listener; a listener that throws is logged, never allowed to stop the worker. */
    private void tell(WorkerEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            log.warn("worker {}: its listener failed on {}: {}", settings.workerId(), event.getClass().getSimpleName(), e.toString());
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, Exception e) {
        return DeadLetters.record(record, e, "trainer " + settings.workerId());
    }

    private void shutdown() {
        InFlight run = current;
        current = null;
        if (run != null && queue != null && queue.holds()) {
            try {
                if (run.execution != null && run.outputs == null) {
                    // Hand the run back: no result; another trainer starts it at once.
                    run.execution.cancel();
                    awaitQuietly(run.execution.future());
                    queue.finish(AcknowledgeType.RELEASE);
                    log.info("worker {} released {} to another trainer", settings.workerId(), run.describe());
                    tell(new WorkerEvent.RunHandedBack(settings.workerId(), run.request.getRunId(),
                            "this trainer is stopping; the next trainer starts it again"));
                } else if (run.sends != null && allSent(run.sends, Duration.ofSeconds(10))) {
                    queue.finish(run.ack);
                } else {
                    queue.finish(AcknowledgeType.RELEASE);
                }
            } catch (RuntimeException e) {
                log.debug("could not hand back {}: {}", run.describe(), e.toString());
            }
        }
        try {
            if (heartbeats != null) {
                heartbeats.beat(WorkerState.STOPPED, null);
            }
        } catch (RuntimeException e) {
            log.debug("last heartbeat failed", e);
        }
        // each says goodbye to the broker on its own (the share consumer's leave took up to 0.4 s, the views' 0.25 s)
        CloseTogether.all("worker-close", queue, views, goneWorkers, publisher, checkpoints, heartbeats);
    }

    private static boolean allSent(List<Future<RecordMetadata>> sends, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * The record this worker holds and what becomes of it: a run training ({@code execution}), then
     * its {@code outputs} (a result, a dead letter) written, then the request acknowledged with {@code ack}.
     */
    private static final class InFlight {
        final RunRequest request;
        final RunExecution execution;
        final AcknowledgeType ack;
        List<ProducerRecord<byte[], byte[]>> outputs;
        /** The result of the run this worker trained, once it has one; null for other outcomes. */
        RunResult result;
        List<Future<RecordMetadata>> sends;
        /** Outputs already replaced by their cut-down form (Kafka refused them as too large). */
        final java.util.Set<Integer> shrunk = new java.util.HashSet<>();
        boolean lockLost;
        /** A paused sweep's run set aside on runs.parked: accepted without a result. */
        final boolean parked;

        private InFlight(RunRequest request, RunExecution execution, List<ProducerRecord<byte[], byte[]>> outputs, AcknowledgeType ack,
                         boolean parked) {
            this.request = request;
            this.execution = execution;
            this.outputs = outputs;
            this.ack = ack;
            this.parked = parked;
        }

        static InFlight publish(RunRequest request, RunExecution execution, List<ProducerRecord<byte[], byte[]>> outputs, AcknowledgeType ack) {
            return new InFlight(request, execution, outputs, ack, false);
        }

        static InFlight park(RunRequest request, ProducerRecord<byte[], byte[]> parking) {
            return new InFlight(request, null, List.of(parking), AcknowledgeType.ACCEPT, true);
        }

        String describe() {
            return request == null ? "an unreadable request" : "run " + request.getRunId();
        }
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
