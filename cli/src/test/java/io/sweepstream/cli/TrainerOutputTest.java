package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.trainer.worker.WorkerEvent;
import org.junit.jupiter.api.Test;

class TrainerOutputTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T10:41:02Z"), ZoneOffset.UTC);
    private static final Hyperparameters H = SampleEvents.fullRunRequest().getHyperparameters();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private List<String> print(boolean verbose, WorkerEvent... events) {
        TrainerOutput output = new TrainerOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), verbose, "localhost:9092", CLOCK);
        for (WorkerEvent e : events) {
            output.on(e);
        }
        String time = EventFormat.time(CLOCK.millis()) + " ";
        return bytes.toString(StandardCharsets.UTF_8).lines().map(l -> l.startsWith(time) ? l.substring(time.length()) : "NO TIME: " + l).toList();
    }

    private static final WorkerEvent STARTED = new WorkerEvent.RunStarted("t1", "quick-1a2b3c-r0001", 1, H);
    private static final WorkerEvent EPOCH = new WorkerEvent.EpochEnded("t1", "quick-1a2b3c-r0001", 1, 2, 0.51234, 0.82, 0.441, 0.84312, 18_220.4);
    private static final WorkerEvent ENDED = new WorkerEvent.RunEnded("t1", "quick-1a2b3c-r0001", 1, RunStatus.FINISHED,
            OptionalDouble.of(0.86121), 2, 2, Duration.ofMillis(7_140), null);

    @Test
    void printsALineWhenARunStartsWithItsConfigAndWhenItEndsWithItsBestAccuracyAndDuration() {
        assertEquals(List.of(
                "run quick-1a2b3c-r0001 started (attempt 1): " + EventFormat.config(H),
                "run quick-1a2b3c-r0001 FINISHED: best val acc 0.8612 (epoch 2), 2 epoch(s) in 7.1 s"), print(false, STARTED, EPOCH, ENDED));
    }

    @Test
    void verboseAddsALinePerEpoch() {
        assertEquals("run quick-1a2b3c-r0001 epoch 1/2: train loss 0.5123 acc 0.8200, val loss 0.4410 acc 0.8431, 18,220 samples/s",
                print(true, STARTED, EPOCH, ENDED).get(1));
    }

    @Test
    void saysWhyARunEndedWithoutAccuracyOrWasHandedBack() {
        assertEquals(List.of(
                "run r7 DIVERGED: 0 epoch(s) in 0.3 s (loss became NaN or infinite at epoch 1, batch 3)",
                "run r8 handed back: this trainer is stopping; the next trainer starts it again"), print(false,
                new WorkerEvent.RunEnded("t1", "r7", 2, RunStatus.DIVERGED, OptionalDouble.empty(), 0, 0, Duration.ofMillis(300),
                        "loss became NaN or infinite at epoch 1, batch 3"),
                new WorkerEvent.RunHandedBack("t1", "r8", "this trainer is stopping; the next trainer starts it again")));
    }

    @Test
    void saysWhenTheBrokerIsLostAndBackAndWhenAGoneWorkerIsRemoved() {
        assertEquals(List.of(
                "lost the broker at localhost:9092: no answer for 6 s; retrying",
                "the broker at localhost:9092 answers again, after 1 min 21 s",
                "removed worker trainer-9f3e21aa from workers.status: no heartbeat for 5 min 02 s"), print(false,
                new WorkerEvent.BrokerLost("t1", "no answer for 6 s"),
                new WorkerEvent.BrokerBack("t1", Duration.ofSeconds(81)),
                new WorkerEvent.GoneWorkerRemoved("t1", "trainer-9f3e21aa", Duration.ofSeconds(302))));
    }
}
