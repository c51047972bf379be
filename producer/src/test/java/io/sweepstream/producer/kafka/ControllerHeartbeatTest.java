package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.sweepstream.schemas.avro.ControllerStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The controller's heartbeat without a broker: when it beats, what it says, the tombstone, and who counts as alive. */
class ControllerHeartbeatTest {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final ControllerHeartbeat heartbeat = new ControllerHeartbeat(producer, "controller-h-1", "h", Duration.ofSeconds(2), 1_000);

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    @Test
    void beatsAtOnceThenOncePerInterval() {
        heartbeat.beatIfDue(10_000, false);
        heartbeat.beatIfDue(11_999, false);
        heartbeat.beatIfDue(12_000, false);

        assertEquals(List.of(10_000L, 12_000L), statuses().stream().map(ControllerStatus::getHeartbeatAtMs).toList());
        ControllerStatus first = statuses().get(0);
        assertEquals("controller-h-1", first.getControllerId());
        assertEquals("h", first.getHost());
        assertEquals(2_000, first.getIntervalMs());
        assertEquals(1_000, first.getStartedAtMs());
        assertEquals("controller-h-1", producer.history().get(0).key(), "keyed by controller id, so compaction keeps its last beat");
    }

    @Test
    void beatsAtOnceWhenItHasCaughtUp() {
        heartbeat.beatIfDue(10_000, false);
        heartbeat.beatIfDue(10_200, true);

        assertEquals(List.of(false, true), statuses().stream().map(ControllerStatus::getCaughtUp).toList());
    }

    @Test
    void aCleanStopWritesATombstone() {
        heartbeat.beatIfDue(10_000, true);
        heartbeat.close();

        ProducerRecord<String, byte[]> last = producer.history().get(producer.history().size() - 1);
        assertEquals(Topics.CONTROLLERS_STATUS.name(), last.topic());
        assertEquals("controller-h-1", last.key());
        assertNull(last.value());
        assertTrue(producer.closed());
    }

    @Test
    void aControllerIsAliveForThreeIntervalsAfterItsLastBeat() {
        ControllerStatus beat = ControllerStatus.newBuilder().setControllerId("c").setHost("h").setCaughtUp(true)
                .setIntervalMs(2_000).setHeartbeatAtMs(100_000).setStartedAtMs(0).build();

        assertTrue(ControllerHeartbeat.alive(beat, 100_000));
        assertTrue(ControllerHeartbeat.alive(beat, 106_000));
        assertFalse(ControllerHeartbeat.alive(beat, 106_001), "killed: three beats missed");
    }

    @Test
    void aFastBeatingControllerIsNotJudgedByATighterRule() {
        ControllerStatus beat = ControllerStatus.newBuilder().setControllerId("c").setHost("h").setCaughtUp(true)
                .setIntervalMs(100).setHeartbeatAtMs(100_000).setStartedAtMs(0).build();

        assertTrue(ControllerHeartbeat.alive(beat, 105_000), "a reader may lag a poll or two behind");
    }

    private List<ControllerStatus> statuses() {
        return producer.history().stream()
                .filter(r -> r.value() != null)
                .map(r -> Topics.CONTROLLERS_STATUS.decode(0, 0, r.value()))
                .toList();
    }
}
