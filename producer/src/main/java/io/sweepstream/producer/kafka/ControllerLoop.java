package io.sweepstream.producer.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.search.TpeSearch;
import io.sweepstream.producer.spec.Followup;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.role.InputReplay;
import io.sweepstream.schemas.role.RoleLoop;
import io.sweepstream.schemas.role.TrackedSends;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's work, one {@link #step} at a time on one thread: replay {@code sweeps},
 * {@code runs.requested} and {@code runs.results}, dead-letter what cannot be read, and publish the
 * next runs of each sweep with room for them. What it cannot handle itself it throws, for
 * {@link SweepController}'s runner to sort into retriable and fatal.
 *
 * <p>Guarantees, and how:
 * <ul>
 *   <li>A restarted controller does not redo what was done: nothing is published before the inputs
 *       are read up to the end offsets they had at start ({@link InputReplay}). A catch-up that makes
 *       no progress for {@link InputReplay#CATCH_UP_STALL} is said in the log once; it goes on trying.</li>
 *   <li>A run Kafka refused stays in flight and is sent again as it was (same run id, same config),
 *       never planned anew; a run id is a function of (sweep, index), so a copy is one run.</li>
 *   <li>A sweep with a {@code followup} block that has ended gets its follow-up ({@link FollowupSweep}) once:
 *       its id is a function of the sweep's, and it is not published when {@code sweeps} has it already.</li>
 *   <li>Poison: a record that cannot be decoded goes to {@code runs.dlq} with its reason and the
 *       replay goes on. The controller replays from the beginning, so each start dead-letters it again.</li>
 * </ul>
 */
final class ControllerLoop implements RoleLoop {

    static final List<String> INPUTS = List.of(Topics.SWEEPS.name(), Topics.RUNS_REQUESTED.name(), Topics.RUNS_RESULTS.name());
    static final String CONSUMER_NAME = "sweep-controller";
    private static final Logger log = LoggerFactory.getLogger(ControllerLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final InputReplay replay;
    private final TrackedSends<Sent> sends;
    private final ControllerHeartbeat heartbeat;

    // Owned by the loop thread.
    private final Map<String, SweepProgress> sweeps = new LinkedHashMap<>();
    /** Sweeps to top up: every sweep read before the catch-up ended, then each one that changed. */
    private final Set<String> changed = new LinkedHashSet<>();
    /** Follow-ups being published, by their sweep id, until their definition is read back from {@code sweeps}. */
    private final Set<String> followupsSending = new HashSet<>();
    /** Follow-ups whose runs Kafka has all acknowledged: their definition goes next. Filled on the producer's thread. */
    private final Queue<FollowupSweep> followupRunsAcknowledged = new ConcurrentLinkedQueue<>();

    /** What a send of the controller carries, handed back when Kafka refused it. */
    private sealed interface Sent {
    }

    /** A run of a sweep the controller feeds. */
    private record Run(RunRequest request) implements Sent {
    }

    /** A record of the follow-up of {@code originalId}: if one is refused, the whole follow-up is published again. */
    private record FollowupPart(String originalId, String followupId) implements Sent {
    }

    /** For tests: a loop that publishes no heartbeat. */
    ControllerLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
        this(consumer, producer, null);
    }

    /** @param heartbeat beaten at each step and closed with the loop; null for none */
    ControllerLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, ControllerHeartbeat heartbeat) {
        this.replay = new InputReplay(consumer, INPUTS, "controller", "run", log);
        this.sends = new TrackedSends<>(producer, "controller", CONSUMER_NAME, log);
        this.heartbeat = heartbeat;
    }

    /** One round: settle failed sends, read what arrived, and once caught up top up the sweeps that changed. */
    @Override
    public boolean step(long nowMs) {
        if (heartbeat != null) {
            heartbeat.beatIfDue(nowMs, replay.caughtUp()); // first: a step that throws (Kafka away) still says the controller is there
        }
        boolean answered = sends.acknowledged();
        sends.settle(this::sendAgain);
        answered |= replay.poll(nowMs, POLL, this::apply);
        if (replay.catchUp(nowMs)) {
            for (FollowupSweep f; (f = followupRunsAcknowledged.poll()) != null; ) {
                sendFollowupDefinition(f);
            }
            for (String sweepId : changed) {
                topUp(sweeps.get(sweepId));
                followUp(sweeps.get(sweepId));
                forgetRunsIfDone(sweeps.get(sweepId));
            }
            changed.clear();
        }
        return answered;
    }

    boolean caughtUp() {
        return replay.caughtUp();
    }

    /** What the loop knows of a sweep, or null: for tests. */
    SweepProgress progressOf(String sweepId) {
        return sweeps.get(sweepId);
    }

    /** Records of the inputs that went to {@code runs.dlq}. Any thread. */
    long deadLettered() {
        return sends.deadLettered();
    }

    @Override
    public void wakeup() {
        replay.wakeup();
    }

    /** Folds one input record into the view (package-private for the memory harness). */
    void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone: nothing to learn
        }
        try {
            changed.add(fold(r));
        } catch (UndecodableRecordException e) {
            // Poison: it will never decode. Set it aside with its reason and go on.
            sends.deadLetter(r, e);
        }
    }

    private String fold(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(Topics.SWEEPS.name())) {
            SweepDefinition d = Topics.SWEEPS.decode(r.partition(), r.offset(), r.value());
            SweepProgress p = progress(d.getSweepId());
            p.definition(d);
            followupsSending.remove(d.getSweepId()); // published: from now on the sweeps topic says it exists
            // Safe before the catch-up: what it checks only becomes more true as more is read.
            forgetRunsIfDone(p);
            if (d.getFollowupOf() != null) {
                forgetRunsIfDone(sweeps.get(d.getFollowupOf())); // its follow-up is out
            }
            return d.getSweepId();
        }
        if (r.topic().equals(Topics.RUNS_REQUESTED.name())) {
            RunRequest q = Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value());
            progress(q.getSweepId()).published(q);
            return q.getSweepId();
        }
        RunResult result = Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value());
        progress(result.getSweepId()).finished(result);
        return result.getSweepId();
    }

    private SweepProgress progress(String sweepId) {
        return sweeps.computeIfAbsent(sweepId, id -> new SweepProgress());
    }

    /** Sends again what Kafka refused, then publishes the next runs of a sweep that has room for them. */
    private void topUp(SweepProgress p) {
        if (p == null || p.definition == null || p.definition.getStatus() != SweepStatus.ACTIVE || ControllerNeed.of(p.definition).isEmpty()) {
            return; // published whole by submit
        }
        String sweepId = p.definition.getSweepId();
        for (RunRequest again : p.takeUnsent()) {
            send(again);
        }
        SweepSpec spec;
        SearchStrategy strategy;
        try {
            spec = p.spec();
            strategy = SearchStrategy.create(spec.method());
        } catch (RuntimeException e) {
            log.warn("controller cannot plan sweep {}: {}", sweepId, e.getMessage());
            return;
        }
        Integer total = p.definition.getTotalRuns();
        int room = inFlightLimit(p.definition) - p.inFlight();
        if (total != null) {
            room = Math.min(room, total - p.nextIndex);
        }
        if (room <= 0) {
            return;
        }
        List<PlannedRun> runs = strategy.next(spec, p.nextIndex, p.state(spec), room);
        long now = System.currentTimeMillis();
        for (PlannedRun run : runs) {
            RunRequest request = SweepRecords.request(sweepId, spec, run, now);
            p.published(request); // in flight from now on: sent, or sent again if refused
            send(request);
        }
        log.info("controller published {} run(s) of {}", runs.size(), sweepId);
    }

    /**
     * Forgets the runs of a sweep the controller has nothing more to do for (issue 14, bounded state): one it
     * does not feed ({@link ControllerNeed}: submit and extend publish its runs) that gets no follow-up from
     * here, because it has no {@code followup} block, is a follow-up itself, was cancelled, or its follow-up
     * is on {@code sweeps} already. A sweep the controller feeds keeps its runs: {@code sweep extend} can
     * reopen it, and a bayes sweep's next proposals learn from every result.
     */
    private void forgetRunsIfDone(SweepProgress p) {
        if (p == null || p.definition == null || p.runsForgotten() || ControllerNeed.of(p.definition).isPresent() || followupToCome(p)) {
            return;
        }
        p.forgetRuns();
    }

    /** Whether this controller may still publish the sweep's follow-up, which is planned from its results. */
    private boolean followupToCome(SweepProgress p) {
        if (p.definition.getFollowupOf() != null || p.definition.getStatus() == SweepStatus.CANCELLED) {
            return false;
        }
        Optional<Followup> followup;
        try {
            followup = p.spec().followup();
        } catch (RuntimeException e) {
            return false; // no spec the controller can read: no follow-up it could plan
        }
        if (followup.isEmpty()) {
            return false;
        }
        SweepProgress existing = sweeps.get(FollowupSweep.idOf(p.definition.getSweepId(), followup.get().dataset()));
        return existing == null || existing.definition == null;
    }

    /** The sweep's parallelism; a bayes sweep without one keeps {@link TpeSearch#DEFAULT_PARALLELISM} runs in flight. */
    static int inFlightLimit(SweepDefinition d) {
        return d.getParallelism() != null ? d.getParallelism() : TpeSearch.DEFAULT_PARALLELISM;
    }

    private void send(RunRequest request) {
        sends.send(runRecord(request), new Run(request), q -> { }); // in flight already: nothing more to note once Kafka has it
    }

    private static ProducerRecord<byte[], byte[]> runRecord(RunRequest request) {
        byte[] key = Topics.RUNS_REQUESTED.keySerde().serializer().serialize(Topics.RUNS_REQUESTED.name(), request.getRunId());
        return new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), key, Topics.RUNS_REQUESTED.encode(request));
    }

    /**
     * Publishes the follow-up of a sweep that has just ended, once: not when {@code sweeps} has it already
     * (a restart, a follow-up published by hand) or while it is being published. Its runs go first and its
     * definition only once Kafka has them all, so a follow-up on {@code sweeps} always has its runs; a
     * controller stopped in between publishes the same runs again (same ids: one run each) and then the definition.
     */
    private void followUp(SweepProgress p) {
        if (p == null || p.definition == null || p.definition.getFollowupOf() != null || !p.ended()) {
            return;
        }
        Optional<Followup> followup;
        try {
            followup = p.spec().followup();
        } catch (RuntimeException e) {
            return; // no spec the controller can read: no followup block it can see (topUp says so for sweeps it feeds)
        }
        if (followup.isEmpty()) {
            return;
        }
        String original = p.definition.getSweepId();
        String id = FollowupSweep.idOf(original, followup.get().dataset());
        SweepProgress existing = sweeps.get(id);
        if ((existing != null && existing.definition != null) || followupsSending.contains(id)) {
            return;
        }
        FollowupSweep plan;
        try {
            plan = FollowupSweep.plan(p.definition, p.results(), followup.get(), System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            log.warn("controller publishes no follow-up of {}: {}", original, e.getMessage());
            return;
        }
        followupsSending.add(id);
        AtomicInteger unacknowledged = new AtomicInteger(plan.runs().size());
        FollowupPart part = new FollowupPart(original, id);
        for (RunRequest run : plan.runs()) {
            sends.send(runRecord(run), part, x -> {
                if (unacknowledged.decrementAndGet() == 0) {
                    followupRunsAcknowledged.add(plan);
                }
            });
        }
        log.info("controller publishes follow-up {} of {}: its top {} configuration(s) on {}", id, original, plan.runs().size(),
                followup.get().dataset().specName());
    }

    private void sendFollowupDefinition(FollowupSweep plan) {
        if (!followupsSending.contains(plan.sweepId())) {
            return; // a part was refused meanwhile: the follow-up is being published again from the start
        }
        SweepDefinition d = plan.definition();
        byte[] key = Topics.SWEEPS.keySerde().serializer().serialize(Topics.SWEEPS.name(), d.getSweepId());
        sends.send(new ProducerRecord<>(Topics.SWEEPS.name(), key, Topics.SWEEPS.encode(d)), new FollowupPart(d.getFollowupOf(), d.getSweepId()), x -> { });
    }

    /** A record Kafka refused: a run stays in flight and its sweep's next top-up sends it again; a follow-up is published again. */
    private void sendAgain(Sent refused) {
        if (refused instanceof Run run) {
            progress(run.request().getSweepId()).unsent(run.request());
            changed.add(run.request().getSweepId());
        } else if (refused instanceof FollowupPart part) {
            followupsSending.remove(part.followupId());
            changed.add(part.originalId());
        }
    }

    @Override
    public void close() {
        try {
            if (heartbeat != null) {
                heartbeat.close(); // the tombstone: readers see at once that this controller is gone
            }
        } finally {
            try {
                sends.close();
            } finally {
                replay.close();
            }
        }
    }
}
