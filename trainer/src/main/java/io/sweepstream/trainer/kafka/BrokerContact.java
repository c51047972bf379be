package io.sweepstream.trainer.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.sweepstream.trainer.worker.WorkerEvent;

/**
 * Whether the broker answers this worker, judged by the acknowledgements of its heartbeats, which it
 * sends every couple of seconds whatever it is doing: none for {@code lostAfter} means the broker is
 * lost, and the next one means it is back. The clients themselves only wait and retry in silence (a
 * consumer's poll returns nothing, a send waits up to its delivery timeout), so this is what says so.
 *
 * <p>{@link #answered} is called on the producer's thread, {@link #change} on the poll thread.
 */
final class BrokerContact {

    private final String workerId;
    private final Duration lostAfter;
    private final LongSupplier clockMs;
    private volatile long lastAnswerMs;
    /** The last answer before the broker was found lost, or -1 while it answers. Poll thread only. */
    private long lostSinceMs = -1;

    BrokerContact(String workerId, Duration lostAfter, LongSupplier clockMs) {
        this.workerId = workerId;
        this.lostAfter = lostAfter;
        this.clockMs = clockMs;
        this.lastAnswerMs = clockMs.getAsLong();
    }

    /** A heartbeat was acknowledged. */
    void answered() {
        lastAnswerMs = clockMs.getAsLong();
    }

    /**
     * The event to tell when the contact changed since the last call: lost, or back (with the time
     * between the last answer before and the first after); empty otherwise.
     */
    Optional<WorkerEvent> change() {
        long now = clockMs.getAsLong();
        long answer = lastAnswerMs;
        if (lostSinceMs < 0 && now - answer >= lostAfter.toMillis()) {
            lostSinceMs = answer;
            // The clients' own errors here (metadata timeouts) say no more than the silence does.
            return Optional.of(new WorkerEvent.BrokerLost(workerId, "no answer for " + (now - answer) / 1000 + " s"));
        }
        if (lostSinceMs >= 0 && answer > lostSinceMs) {
            Duration outage = Duration.ofMillis(answer - lostSinceMs);
            lostSinceMs = -1;
            return Optional.of(new WorkerEvent.BrokerBack(workerId, outage));
        }
        return Optional.empty();
    }
}
