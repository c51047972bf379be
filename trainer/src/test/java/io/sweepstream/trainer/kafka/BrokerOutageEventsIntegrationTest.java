package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.BrokerSettings;
import io.sweepstream.broker.EmbeddedBroker;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.worker.WorkerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker stopped and started again under an idle worker: the worker says it lost the broker, then that it is back. */
class BrokerOutageEventsIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void tellsTheBrokerLostThenBack() throws Exception {
        BrokerSettings settings = BrokerSettings.temporary().withDataDir(dataDir);
        EmbeddedBroker broker = EmbeddedBroker.start(settings);
        BlockingQueue<WorkerEvent> brokerEvents = new LinkedBlockingQueue<>();
        TrainerWorker worker = null;
        try {
            new PipelineTopics(broker.bootstrapServers()).createAll();
            worker = new TrainerWorker(WorkerSettings.of(broker.bootstrapServers(), "w-outage"),
                    new EngineRunExecutor(name -> TinyRuns.dataset(), new Trainer()), e -> {
                        if (e instanceof WorkerEvent.BrokerLost || e instanceof WorkerEvent.BrokerBack) {
                            brokerEvents.add(e);
                        }
                    }).start();
            Thread.sleep(3000);
            assertEquals(List.of(), List.copyOf(brokerEvents), "nothing to say while the broker answers");

            broker.close();
            WorkerEvent lost = brokerEvents.poll(30, TimeUnit.SECONDS);
            assertInstanceOf(WorkerEvent.BrokerLost.class, lost, "lost within seconds of the broker's stop");
            assertTrue(((WorkerEvent.BrokerLost) lost).reason().startsWith("no answer for "), lost::toString);

            broker = EmbeddedBroker.start(settings.withPort(broker.port()));
            WorkerEvent back = brokerEvents.poll(60, TimeUnit.SECONDS);
            WorkerEvent.BrokerBack b = assertInstanceOf(WorkerEvent.BrokerBack.class, back, "back once the broker answers");
            assertTrue(b.outage().compareTo(Duration.ofSeconds(5)) > 0, b::toString);
            assertEquals(null, brokerEvents.poll(3, TimeUnit.SECONDS), "one of each");
        } finally {
            if (worker != null) {
                worker.close();
            }
            broker.close();
        }
    }
}
