package io.sweepstream.schemas;

import java.time.Duration;

import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;

/**
 * The one rule for whether a worker is alive, read from its last heartbeat on {@code workers.status}:
 * applied by every view that lists workers (status, dashboard) and by the trainers that remove dead
 * workers' records. A killed worker never says goodbye; its last heartbeat only gets old.
 *
 * <p>Heartbeats come every 2 s. Times are the worker's clock against the reader's: they are assumed to
 * agree within seconds (NTP); a skewed clock only moves the moment a worker counts as lost or gone.
 */
public final class WorkerLiveness {

    /** Silent this long, a worker that did not say STOPPED is lost: killed, frozen or cut off. */
    public static final Duration LOST_AFTER = Duration.ofSeconds(15);

    /** Silent this long, a worker is gone for good, stopped or not: views stop listing it and trainers remove its record. */
    public static final Duration GONE_AFTER = Duration.ofMinutes(5);

    /** What a worker's last heartbeat says about it now. */
    public enum State {
        /** Heartbeating: idle, training or stopping. */
        ALIVE,
        /** Said goodbye (a clean stop) less than {@code goneAfter} ago. */
        STOPPED,
        /** No heartbeat for {@link #LOST_AFTER} and no goodbye: its run, if any, is another trainer's to take. */
        LOST,
        /** No heartbeat for {@code goneAfter}: not to be listed any more. */
        GONE
    }

    private WorkerLiveness() {
    }

    /** The state of {@code w} at {@code nowMs}, gone after {@link #GONE_AFTER}. */
    public static State of(WorkerStatus w, long nowMs) {
        return of(w, nowMs, GONE_AFTER);
    }

    /** The state of {@code w} at {@code nowMs}, gone after {@code goneAfter} (shorter in tests). */
    public static State of(WorkerStatus w, long nowMs, Duration goneAfter) {
        long silentMs = silence(w, nowMs).toMillis();
        if (silentMs >= goneAfter.toMillis()) {
            return State.GONE;
        }
        if (w.getState() == WorkerState.STOPPED) {
            return State.STOPPED;
        }
        return silentMs >= LOST_AFTER.toMillis() ? State.LOST : State.ALIVE;
    }

    /** How long since the worker's last heartbeat; zero for a heartbeat from the reader's future. */
    public static Duration silence(WorkerStatus w, long nowMs) {
        return Duration.ofMillis(Math.max(0, nowMs - w.getHeartbeatAtMs()));
    }
}
