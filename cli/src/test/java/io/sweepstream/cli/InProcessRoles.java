package io.sweepstream.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.evaluator.kafka.EvaluatorService;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.kafka.TrainerWorker;
import io.sweepstream.trainer.kafka.WorkerSettings;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.run.RunExecutor;

/**
 * Roles of the pipeline in the test's own JVM on one broker, the setup the in-process pipeline tests share: topics
 * created once per class ({@link #on}), roles started by a test and stopped, the last started first, by
 * {@link #close()} after it (call it from {@code @AfterEach}).
 */
final class InProcessRoles implements AutoCloseable {

    private final String bootstrap;
    private final List<AutoCloseable> running = new ArrayList<>();

    private InProcessRoles(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Every topic created on {@code kafka}, and no role running yet. */
    static InProcessRoles on(KafkaBackend kafka) {
        TopicSetup.createAll(kafka.bootstrapServers(), null);
        return new InProcessRoles(kafka.bootstrapServers());
    }

    String bootstrap() {
        return bootstrap;
    }

    /** An evaluator that publishes a sweep's summary at most every 200 ms, with leaderboards of 10. */
    EvaluatorService evaluator() {
        return keep(new EvaluatorService(bootstrap, 10, Duration.ofMillis(200)).start());
    }

    SweepController controller() {
        return keep(new SweepController(bootstrap).start());
    }

    /** A trainer that trains every run on {@code dataset}, whatever the run names. */
    TrainerWorker trainer(String id, LoadedDataset dataset) {
        return trainer(id, new EngineRunExecutor(name -> dataset, new Trainer()));
    }

    TrainerWorker trainer(String id, RunExecutor executor) {
        return keep(new TrainerWorker(WorkerSettings.of(bootstrap, id), executor).start());
    }

    /** Stops {@code service} with the roles. */
    <T extends AutoCloseable> T keep(T service) {
        running.add(service);
        return service;
    }

    /** Stops the roles, the last started first; the topics stay for the class's next test. */
    @Override
    public void close() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.remove(i).close();
        }
    }
}
