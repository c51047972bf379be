package io.sweepstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import io.sweepstream.schemas.WorkerLiveness.State;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import org.junit.jupiter.api.Test;

class WorkerLivenessTest {

    private static final long NOW = 1_700_000_000_000L;

    private static WorkerStatus beat(WorkerState state, Duration ago) {
        return WorkerStatus.newBuilder().setWorkerId("w").setHost("h").setState(state)
                .setHeartbeatAtMs(NOW - ago.toMillis()).setStartedAtMs(NOW - 3_600_000).build();
    }

    @Test
    void aHeartbeatingWorkerIsAliveUntilFifteenSecondsOfSilence() {
        assertEquals(State.ALIVE, WorkerLiveness.of(beat(WorkerState.TRAINING, Duration.ofSeconds(2)), NOW));
        assertEquals(State.ALIVE, WorkerLiveness.of(beat(WorkerState.IDLE, Duration.ofMillis(14_999)), NOW));
        assertEquals(State.LOST, WorkerLiveness.of(beat(WorkerState.TRAINING, Duration.ofSeconds(15)), NOW));
        assertEquals(State.LOST, WorkerLiveness.of(beat(WorkerState.IDLE, Duration.ofSeconds(65)), NOW));
    }

    @Test
    void aStoppedWorkerIsNeverLostButGoneLikeAnyOther() {
        assertEquals(State.STOPPED, WorkerLiveness.of(beat(WorkerState.STOPPED, Duration.ofSeconds(65)), NOW));
        assertEquals(State.GONE, WorkerLiveness.of(beat(WorkerState.STOPPED, Duration.ofMinutes(5)), NOW));
        assertEquals(State.GONE, WorkerLiveness.of(beat(WorkerState.TRAINING, Duration.ofMinutes(5)), NOW));
        assertEquals(State.LOST, WorkerLiveness.of(beat(WorkerState.TRAINING, Duration.ofMillis(299_999)), NOW));
    }

    @Test
    void goneAfterCanBeShortened() {
        assertEquals(State.GONE, WorkerLiveness.of(beat(WorkerState.IDLE, Duration.ofSeconds(20)), NOW, Duration.ofSeconds(20)));
    }

    @Test
    void aHeartbeatFromTheReadersFutureIsSilentForNoTime() {
        assertEquals(Duration.ZERO, WorkerLiveness.silence(beat(WorkerState.IDLE, Duration.ofSeconds(-3)), NOW));
        assertEquals(State.ALIVE, WorkerLiveness.of(beat(WorkerState.IDLE, Duration.ofSeconds(-3)), NOW));
    }
}
