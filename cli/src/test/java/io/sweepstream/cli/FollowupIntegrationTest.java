package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.producer.kafka.FollowupSweep;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.kafka.SweepRecords;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.role.InputReplay;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.Datasets;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.data.SyntheticDataset;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-up sweeps end to end on a real broker: a 3-run sweep on a synthetic dataset with
 * {@code followup: {dataset: mnist, top_k: 2}} ends, the controller publishes the follow-up once (also
 * when a second controller replays everything), two real trainers run it on MNIST read from IDX files
 * (the 10,000-image subset in {@code shared/datasets/mnist-subset} when this machine has it, else
 * generated ones), and {@code sweep followup} does the same by hand.
 */
@ExtendWith(KafkaExtension.class)
class FollowupIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final LoadedDataset BLOBS = new LoadedDataset(DatasetKind.FASHION_MNIST,
            SyntheticDataset.blobs("blobs-train", 600, 4, 4, 4, 21), SyntheticDataset.blobs("blobs-test", 100, 4, 4, 4, 22),
            Path.of("generated-in-memory"));
    /** Three learning rates: the two that learn are the top 2; grid order puts the worst in the middle. */
    private static final String SPEC = """
            name: fu
            method: grid
            metric: {name: val_accuracy, goal: maximize}
            followup: {dataset: mnist, top_k: 2}
            parameters:
              epochs: {value: 1}
              num_layers: {value: 1}
              hidden_size: {value: 32}
              batch_size: {value: 32}
              optimizer: {value: adam}
              learning_rate: {values: [0.01, 0.0000001, 0.005]}
            """;

    @TempDir
    static Path dataDir;
    private static InProcessRoles roles;
    private static String bootstrap;

    @BeforeAll
    static void createTopicsAndData(KafkaBackend kafka) throws IOException {
        roles = InProcessRoles.on(kafka);
        bootstrap = roles.bootstrap();
        Path mnist = Files.createDirectories(dataDir.resolve("mnist"));
        Path subset = mnistSubset();
        if (subset != null) {
            try (Stream<Path> files = Files.list(subset)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith("-ubyte.gz")).toList()) {
                    Files.copy(f, mnist.resolve(f.getFileName()));
                }
            }
        } else {
            IdxWriter.writeDirectory(mnist, TrainCommandTest.dataset("mnist/train", 600, 11), TrainCommandTest.dataset("mnist/test", 100, 12), true);
        }
    }

    @AfterEach
    void stopRoles() throws Exception {
        roles.close();
    }

    @Test
    void anEndedSweepGetsItsFollowupOnceAlsoAfterTheControllerRestartsAndTheFollowupRunsOnMnist() throws Exception {
        SweepController first = roles.controller();
        roles.trainer("fu-1", blobsOrMnist());
        roles.trainer("fu-2", blobsOrMnist());
        SweepController.submit(bootstrap, SpecParser.parse(SPEC), "fu-test");
        String followupId = "fu-test-followup-mnist";

        List<RunResult> followupResults = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(followupId), 2, PATIENCE);
        assertEquals(2, followupResults.size(), "the follow-up's two runs have results");

        Map<String, RunResult> original = byRun(readAll(Topics.RUNS_RESULTS, r -> r.getSweepId().equals("fu-test")));
        assertEquals(3, original.size());
        SweepDefinition originalDefinition = readAll(Topics.SWEEPS, d -> d.getSweepId().equals("fu-test")).get(0);
        List<RunResult> top2 = FollowupSweep.best(original.values(), originalDefinition, 2);
        assertEquals(List.of("fu-test-r0000", "fu-test-r0002"), top2.stream().map(RunResult::getRunId).sorted().toList(),
                "the two runs that learn: " + original.values());
        for (RunResult r : followupResults) {
            assertEquals(RunStatus.FINISHED, r.getStatus(), r.getRunId() + ": " + r.getError());
            assertEquals("mnist", r.getDataset());
            assertEquals(10, r.getConfusionMatrix().size(), "ten digits");
            int index = Integer.parseInt(r.getRunId().substring(r.getRunId().length() - 4));
            assertEquals(top2.get(index).getHyperparameters(), r.getHyperparameters(), "run " + index + " repeats the original's number " + (index + 1));
            assertEquals(top2.get(index).getSeed(), r.getSeed());
        }

        // A second controller replays everything: it sees the follow-up on sweeps and publishes nothing again.
        first.close();
        roles.controller();
        // A sweep only a controller feeds: once its run is out, the new controller has caught up and decided on fu-test too.
        SweepController.submit(bootstrap, SpecParser.parse("method: grid\nparallelism: 1\nparameters: {epochs: {value: 1}}\n"), "fu-marker");
        assertEquals(1, TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals("fu-marker"), 1, PATIENCE).size());

        List<SweepDefinition> followups = readAll(Topics.SWEEPS, d -> d.getSweepId().equals(followupId));
        assertEquals(1, followups.size(), "published once: " + followups);
        SweepDefinition f = followups.get(0);
        assertEquals("fu-test", f.getFollowupOf());
        assertEquals("mnist", f.getDataset());
        assertEquals(2, f.getTotalRuns());
        List<RunRequest> requests = readAll(Topics.RUNS_REQUESTED, q -> q.getSweepId().equals(followupId));
        assertEquals(List.of(followupId + "-r0000", followupId + "-r0001"), requests.stream().map(RunRequest::getRunId).sorted().toList(),
                "two runs, each requested once");

        // By hand: asking again publishes nothing; another dataset is another follow-up.
        Cli.Result again = Cli.run("followup", "fu-test", "--dataset", "mnist", "--top", "2", "--bootstrap", bootstrap);
        assertEquals(0, again.exitCode(), again::transcript);
        assertEquals(followupId, again.outLines().get(0));
        assertTrue(again.out().contains("published before"), again::transcript);
        assertEquals(1, readAll(Topics.SWEEPS, d -> d.getSweepId().equals(followupId)).size());

        Cli.Result byHand = Cli.run("followup", "fu-test", "--dataset", "fashion_mnist", "--top", "1", "--bootstrap", bootstrap);
        assertEquals(0, byHand.exitCode(), byHand::transcript);
        assertEquals("fu-test-followup-fashion-mnist", byHand.outLines().get(0));
        List<RunRequest> oneRun = readAll(Topics.RUNS_REQUESTED, q -> q.getSweepId().equals("fu-test-followup-fashion-mnist"));
        assertEquals(1, oneRun.size());
        assertEquals(top2.get(0).getHyperparameters(), oneRun.get(0).getHyperparameters(), "the best configuration");
        assertEquals("fashion_mnist", oneRun.get(0).getDataset());
    }

    @Test
    void followupByHandRefusesAnUnknownSweepASweepWithoutFinishedRunsAndBadArguments() throws Exception {
        // A sweep with a definition and no result at all (no trainer runs in this test).
        SweepDefinition idle = SweepRecords.definition("fu-idle", SpecParser.parse("method: grid\nparameters: {epochs: {value: 1}}\n"), 1, 0);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KafkaConnection.plaintext(bootstrap).config(Map.of()),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.SWEEPS.name(), "fu-idle", Topics.SWEEPS.encode(idle))).get();
        }

        assertOneLineError(Cli.run("followup", "fu-nope", "--bootstrap", bootstrap), "no sweep fu-nope on " + bootstrap);
        assertOneLineError(Cli.run("followup", "fu-idle", "--bootstrap", bootstrap),
                "sweep fu-idle has no finished run with a value of val_accuracy (of 0 result(s)): nothing to follow up");
        assertOneLineError(Cli.run("followup", "fu-idle", "--top", "0", "--bootstrap", bootstrap), "--top");
        assertOneLineError(Cli.run("followup", "fu-idle", "--dataset", "cifar10", "--bootstrap", bootstrap),
                "--dataset: unknown dataset \"cifar10\"; allowed: fashion_mnist, mnist");
        assertTrue(readAll(Topics.SWEEPS, d -> d.getSweepId().startsWith("fu-idle-followup")).isEmpty(), "nothing published");
    }

    private static void assertOneLineError(Cli.Result r, String expected) {
        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().contains(expected), r::transcript);
        assertFalse(r.out().contains(expected), r::transcript);
    }

    /** The engine on MNIST from the IDX files for a run on mnist, on the synthetic blobs for any other. */
    private static EngineRunExecutor blobsOrMnist() {
        return new EngineRunExecutor(name -> name.equals("mnist") ? Datasets.load(DatasetKind.MNIST, dataDir) : BLOBS, new Trainer());
    }

    private static Map<String, RunResult> byRun(List<RunResult> results) {
        RunResultsByRun byRun = new RunResultsByRun();
        results.forEach(byRun::put);
        return byRun.values().stream().collect(Collectors.toMap(RunResult::getRunId, r -> r));
    }

    /** Every value of {@code topic} matching {@code filter}, read up to the end offsets it has now. */
    private static <V> List<V> readAll(Topic<?, V> topic, Predicate<V> filter) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = InputReplay.consumer(KafkaConnection.plaintext(bootstrap), "fu-test-reader")) {
            List<TopicPartition> partitions = TopicReplay.assignAll(c, List.of(topic.name()));
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!TopicReplay.caughtUp(c, end)) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic.name() + " to its end");
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        V v = r.value() == null ? null : topic.decode(r.partition(), r.offset(), r.value());
                        if (v != null && filter.test(v)) {
                            out.add(v);
                        }
                    } catch (UndecodableRecordException e) {
                        // not ours
                    }
                }
            }
        }
        return out;
    }

    /** The MNIST subset of the shared directory next to the checkout, or null on a machine without it. */
    private static Path mnistSubset() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path subset = dir.resolve("shared/datasets/mnist-subset");
            if (Files.isRegularFile(subset.resolve("train-images-idx3-ubyte.gz"))) {
                return subset;
            }
        }
        return null;
    }
}
