package io.sweepstream.producer.kafka;

import java.util.Map;

import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.testing.MockClients;
import io.sweepstream.schemas.testing.ViewMemory;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the controller's view (its {@link SweepProgress} per sweep, folded by {@link ControllerLoop#apply})
 * after 100,000 finished runs across 100 sweeps, half of them fed by the controller. Reports, asserts
 * nothing; run with {@code -Dsweep.memory=true}.
 */
@Tag("memory")
@EnabledIfSystemProperty(named = "sweep.memory", matches = "true")
class ControllerMemoryHarness {

    @Test
    void measuresTheControllersSweeps() {
        long bytes = ViewMemory.retained(() -> {
            MockClients clients = new MockClients(ControllerLoop.INPUTS, Map.of());
            ControllerLoop loop = new ControllerLoop(clients.consumer, clients.producer);
            long[] offset = {0};
            ViewMemory.history(record -> {
                if (record instanceof SweepDefinition d) {
                    loop.apply(new ConsumerRecord<>(Topics.SWEEPS.name(), 0, offset[0]++, null, Topics.SWEEPS.encode(d)));
                } else if (record instanceof RunRequest q) {
                    loop.apply(new ConsumerRecord<>(Topics.RUNS_REQUESTED.name(), 0, offset[0]++, null, Topics.RUNS_REQUESTED.encode(q)));
                } else if (record instanceof RunResult r) {
                    loop.apply(new ConsumerRecord<>(Topics.RUNS_RESULTS.name(), 0, offset[0]++, null, Topics.RUNS_RESULTS.encode(r)));
                }
            });
            return loop;
        });
        ViewMemory.report("producer", "controller (ControllerLoop)", bytes, ViewMemory.SWEEPS * ViewMemory.RUNS_PER_SWEEP);
    }
}
