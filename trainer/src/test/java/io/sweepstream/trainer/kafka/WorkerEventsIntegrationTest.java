package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.run.RunExecutor;
import io.sweepstream.trainer.worker.WorkerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a worker tells its listener, on a real broker. */
@ExtendWith(KafkaExtension.class)
class WorkerEventsIntegrationTest {

    private static KafkaBackend kafka;
    private static PipelineTopics topics;
    private final List<TrainerWorker> workers = new ArrayList<>();
    private final List<WorkerEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createTopics(KafkaBackend backend) {
        kafka = backend;
        topics = new PipelineTopics(backend.bootstrapServers());
        topics.createAll();
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(TrainerWorker::close);
    }

    @Test
    void tellsEachRunsStartEveryEpochAndItsEndOnceTheResultIsWritten() {
        String sweep = "ev-two";
        List<RunRequest> requests = TinyRuns.requests(sweep, 2, 2);
        worker("w-events", engine());
        requests.forEach(topics::publish);

        topics.awaitResults(sweep, 2, Duration.ofSeconds(60));
        awaitEvents(e -> e instanceof WorkerEvent.RunEnded, 2);

        for (RunRequest request : requests) {
            List<WorkerEvent> own = events.stream().filter(e -> runId(e).equals(request.getRunId())).toList();
            assertEquals(4, own.size(), own::toString);
            WorkerEvent.RunStarted started = assertInstanceOf(WorkerEvent.RunStarted.class, own.get(0));
            assertEquals("w-events", started.workerId());
            assertEquals(1, started.attempt());
            assertEquals(request.getHyperparameters(), started.hyperparameters());
            WorkerEvent.EpochEnded first = assertInstanceOf(WorkerEvent.EpochEnded.class, own.get(1));
            WorkerEvent.EpochEnded second = assertInstanceOf(WorkerEvent.EpochEnded.class, own.get(2));
            assertEquals(List.of(1, 2, 2, 2), List.of(first.epoch(), first.epochs(), second.epoch(), second.epochs()));
            assertTrue(second.valAccuracy() > 0 && second.samplesPerSecond() > 0, second::toString);
            WorkerEvent.RunEnded ended = assertInstanceOf(WorkerEvent.RunEnded.class, own.get(3));
            assertEquals(RunStatus.FINISHED, ended.status());
            assertEquals(2, ended.epochsCompleted());
            assertEquals(Math.max(first.valAccuracy(), second.valAccuracy()), ended.bestValAccuracy().orElseThrow(), 1e-9);
            assertTrue(ended.duration().toNanos() > 0, ended::toString);
            assertNull(ended.error());
        }
        assertEquals(1, topics.results(sweep).stream().filter(r -> r.getRunId().equals(requests.get(0).getRunId())).count());
    }

    @Test
    void tellsThatARunIsHandedBackWhenTheTrainerStopsInTheMiddle() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RunExecutor untilCancelled = (request, attempt, workerId, progress, cancelled) -> {
            started.countDown();
            while (!cancelled.getAsBoolean()) {
                pause();
            }
            return engine().execute(request, attempt, workerId, progress, cancelled);
        };
        TrainerWorker stopping = worker("w-stopping", untilCancelled);
        RunRequest request = TinyRuns.requests("ev-stop", 1, 1).get(0);
        topics.publish(request);
        assertTrue(started.await(60, TimeUnit.SECONDS));

        stopping.close();

        WorkerEvent last = events.get(events.size() - 1);
        WorkerEvent.RunHandedBack back = assertInstanceOf(WorkerEvent.RunHandedBack.class, last, events::toString);
        assertEquals(request.getRunId(), back.runId());
        assertTrue(back.reason().contains("stopping"), back::reason);
        assertTrue(events.stream().noneMatch(e -> e instanceof WorkerEvent.RunEnded), events::toString);
        worker("w-after-stop", engine()); // finishes it, so the queue is empty for the other tests
        topics.awaitResult(request.getRunId(), Duration.ofSeconds(60));
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheWorker() {
        String sweep = "ev-throws";
        TrainerWorker w = new TrainerWorker(WorkerSettings.of(kafka.bootstrapServers(), "w-throws"), engine(), e -> {
            throw new IllegalStateException("listener bug");
        }).start();
        workers.add(w);
        TinyRuns.requests(sweep, 2, 1).forEach(topics::publish);

        assertEquals(2, topics.awaitResults(sweep, 2, Duration.ofSeconds(60)).size());
        assertNull(w.failure());
    }

    private TrainerWorker worker(String id, RunExecutor executor) {
        TrainerWorker w = new TrainerWorker(WorkerSettings.of(kafka.bootstrapServers(), id), executor, events::add).start();
        workers.add(w);
        return w;
    }

    private void awaitEvents(java.util.function.Predicate<WorkerEvent> which, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.stream().filter(which).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " events, have " + events);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String runId(WorkerEvent e) {
        if (e instanceof WorkerEvent.RunStarted s) {
            return s.runId();
        } else if (e instanceof WorkerEvent.EpochEnded s) {
            return s.runId();
        } else if (e instanceof WorkerEvent.RunEnded s) {
            return s.runId();
        } else if (e instanceof WorkerEvent.RunHandedBack s) {
            return s.runId();
        }
        return "";
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RunExecutor engine() {
        return new EngineRunExecutor(name -> TinyRuns.dataset(), new Trainer());
    }
}
