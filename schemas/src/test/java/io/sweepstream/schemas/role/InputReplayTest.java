package io.sweepstream.schemas.role;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sweepstream.schemas.testing.MockClients;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InputReplayTest {

    private static final String TOPIC = "runs.results";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private final MockClients clients = new MockClients(List.of(TOPIC), Map.of());
    private final InputReplay replay = new InputReplay(clients.consumer, List.of(TOPIC), "evaluator", "summary",
            LoggerFactory.getLogger(InputReplayTest.class));

    @Test
    void commitsThePositionReadAtMostOncePerInterval() {
        long t0 = 1_000_000;
        replay.poll(t0, Duration.ZERO, r -> { });
        add(2);
        replay.poll(t0, Duration.ZERO, r -> { });

        replay.commitPosition(t0);
        assertEquals(2, committed(), "the two records read");

        add(1);
        replay.poll(t0 + 1000, Duration.ZERO, r -> { });
        replay.commitPosition(t0 + 1000);
        assertEquals(2, committed(), "within the interval nothing is committed");

        replay.commitPosition(t0 + ProgressGroups.COMMIT_INTERVAL.toMillis());
        assertEquals(3, committed());
    }

    @Test
    void commitsNothingBeforeItsFirstPoll() {
        replay.commitPosition(1_000_000);

        assertEquals(-1, committed(), "nothing assigned or read yet");
    }

    private void add(int n) {
        for (int i = 0; i < n; i++) {
            clients.addBytes(TOPIC, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        }
    }

    private long committed() {
        OffsetAndMetadata c = clients.consumer.committed(Set.of(TP)).get(TP);
        return c == null ? -1 : c.offset();
    }
}
