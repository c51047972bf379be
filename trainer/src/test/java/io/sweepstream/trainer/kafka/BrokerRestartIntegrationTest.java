package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.BrokerSettings;
import io.sweepstream.broker.EmbeddedBroker;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.run.RunExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped for 20 s in the middle of a sweep and started again on the same data: the sweep
 * finishes, no run fails because of it, and each run has exactly one result.
 */
class BrokerRestartIntegrationTest {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void aSweepFinishesThroughABrokerRestartWithOneResultPerRun() throws Exception {
        BrokerSettings settings = BrokerSettings.temporary().withDataDir(dataDir);
        EmbeddedBroker broker = EmbeddedBroker.start(settings);
        List<TrainerWorker> workers = new ArrayList<>();
        try {
            String bootstrap = broker.bootstrapServers();
            PipelineTopics topics = new PipelineTopics(bootstrap);
            topics.createAll();
            String sweep = "sw-restart";
            List<RunRequest> requests = TinyRuns.requests(sweep, 8, 2);
            CountDownLatch fourStarted = new CountDownLatch(4);
            // Each run takes about 3 s, so runs are training, writing and queued when the broker stops.
            RunExecutor steady = (request, attempt, workerId, progress, cancelled) -> {
                fourStarted.countDown();
                long until = System.currentTimeMillis() + 3000;
                while (System.currentTimeMillis() < until && !cancelled.getAsBoolean()) {
                    sleep(50);
                }
                return new EngineRunExecutor(name -> TinyRuns.dataset(), new Trainer()).execute(request, attempt, workerId, progress, cancelled);
            };
            for (String id : List.of("w-restart-1", "w-restart-2")) {
                workers.add(new TrainerWorker(WorkerSettings.of(bootstrap, id), steady).start());
            }
            requests.forEach(topics::publish);
            // Stop it once the first runs are done and the next two train: the group's state is on disk.
            assertTrue(fourStarted.await(60, TimeUnit.SECONDS), "the trainers finished two runs and started two more");

            broker.close();
            Thread.sleep(OUTAGE.toMillis());
            broker = EmbeddedBroker.start(settings.withPort(broker.port()));

            Map<String, RunResult> results = topics.awaitResults(sweep, requests.size(), Duration.ofSeconds(120));
            for (RunResult r : results.values()) {
                assertEquals(RunStatus.FINISHED, r.getStatus(), () -> r.getRunId() + " " + r.getError());
            }
            assertEquals(requests.size(), topics.results(sweep).size(), "no result lost or doubled");
            for (TrainerWorker w : workers) {
                assertNull(w.failure(), "the outage did not stop " + w.workerId());
            }
        } finally {
            workers.forEach(TrainerWorker::close);
            broker.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
