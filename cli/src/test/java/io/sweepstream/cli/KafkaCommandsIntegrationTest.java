package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SearchMethod;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The commands that talk to Kafka, against a real in-process broker (one for the class). What they do
 * when no broker answers is in {@link NoBrokerTest}, which needs none and would double this class's time.
 */
@ExtendWith(KafkaExtension.class)
class KafkaCommandsIntegrationTest {

    private static String servers;

    @BeforeAll
    static void createTopics(KafkaBackend kafka) {
        servers = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
    }

    @Test
    void statusOnABrokerWithoutSummariesSaysSo() {
        Cli.Result r = Cli.run("status", "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.out().startsWith("no sweep summaries yet on " + servers), r::transcript);
        assertEquals("", r.err(), r::transcript);
    }

    @Test
    void statusOfAnUnknownSweepIsAUserError() {
        Cli.Result r = Cli.run("status", "--sweep", "no-such-sweep", "--bootstrap", servers);

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().contains("no summary of sweep no-such-sweep"), r::transcript);
    }

    @Test
    void submitPublishesTheDefinitionAndEveryRunAndPrintsTheSweepId() {
        Cli.Result r = Cli.run("submit", spec("tiny.yaml").toString(), "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals("", r.err(), r::transcript);
        Matcher m = Pattern.compile("sweep (tiny-[0-9a-f]{6}): published 6 of 6 run\\(s\\) to " + Pattern.quote(servers))
                .matcher(r.outLines().get(0));
        assertTrue(m.matches(), r::transcript);
        String sweepId = m.group(1);
        assertTrue(r.out().contains("sweep tail metrics --sweep " + sweepId), r::transcript);

        List<RunRequest> requests = requests(sweepId);
        assertEquals(6, requests.size(), () -> "run requests of " + sweepId + ": " + requests);
        assertEquals(IntStream.range(0, 6).boxed().collect(Collectors.toSet()),
                requests.stream().map(RunRequest::getRunIndex).collect(Collectors.toSet()), "each run index once");
        assertEquals(6, requests.stream().map(RunRequest::getRunId).distinct().count());
        assertEquals(Set.of("adam/8", "adam/16", "adam/32", "sgd/8", "sgd/16", "sgd/32"),
                requests.stream().map(q -> q.getHyperparameters().getOptimizer().name().toLowerCase() + "/"
                        + q.getHyperparameters().getHiddenSize()).collect(Collectors.toSet()), "the whole grid");
        for (RunRequest q : requests) {
            assertEquals("mnist", q.getDataset());
            assertEquals(1, q.getHyperparameters().getEpochs());
            assertEquals(1, q.getHyperparameters().getNumLayers());
        }

        List<SweepDefinition> definitions = definitions(sweepId);
        assertEquals(1, definitions.size(), () -> "definitions of " + sweepId + ": " + definitions);
        SweepDefinition d = definitions.get(0);
        assertEquals("tiny", d.getName());
        assertEquals(SearchMethod.GRID, d.getMethod());
        assertEquals(6, d.getTotalRuns());
        assertEquals("mnist", d.getDataset());
        assertTrue(d.getSpecYaml().contains("hidden_size"), "the spec travels with the definition");
    }

    @Test
    void submitWithParallelismLeavesTheRunsToTheControllerAndUsesTheGivenSweepId() {
        Cli.Result r = Cli.run("submit", spec("tiny-parallel.yaml").toString(), "--sweep-id", "given-id", "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals("sweep given-id: published 0 of 6 run(s) to " + servers, r.outLines().get(0), r::transcript);
        assertTrue(r.outLines().get(1).contains("parallelism 2"), r::transcript);
        assertTrue(requests("given-id").isEmpty(), "the controller alone publishes paced runs");
        assertEquals(1, definitions("given-id").size());
    }

    @Test
    void submitOfAnInvalidSpecExits2AndPublishesNothing() {
        Map<TopicPartition, Long> before = endOffsets(Topics.SWEEPS, Topics.RUNS_REQUESTED);

        Cli.Result r = Cli.run("submit", spec("invalid.yaml").toString(), "--bootstrap", servers);

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals("", r.out(), r::transcript);
        for (String path : List.of("parameters.optimizer.values[1]", "parameters.learning_rate.value",
                "parameters.hidden_size.min", "parameters.dropout")) {
            assertTrue(r.err().contains(path + ": "), () -> "names " + path + "\n" + r.transcript());
        }
        assertFalse(Cli.hasStackTrace(r.err()), r::transcript);
        assertEquals(before, endOffsets(Topics.SWEEPS, Topics.RUNS_REQUESTED), "nothing was published");
        assertTrue(definitions("invalid").isEmpty());
    }

    @Test
    void tailPrintsAResultAsOneReadableLineOrAsJson() throws Exception {
        RunResult result = RunResult.newBuilder(SampleEvents.fullRunResult())
                .setSweepId("sweep-tail").setRunId("sweep-tail-r0007").setStatus(RunStatus.FINISHED)
                .setError(null).setDivergedAtEpoch(null).setDivergedAtBatch(null)
                .build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RUNS_RESULTS.name(), result.getRunId(), Topics.RUNS_RESULTS.encode(result)))
                    .get(30, TimeUnit.SECONDS);
        }

        // --idle-exit only keeps a broken tail from hanging the build; --max 1 ends it.
        Cli.Result text = Cli.run("tail", "results", "--from-beginning", "--max", "1", "--sweep", "sweep-tail",
                "--idle-exit", "10", "--bootstrap", servers);

        assertEquals(0, text.exitCode(), text::transcript);
        assertEquals("", text.err(), text::transcript);
        assertEquals(1, text.outLines().size(), text::transcript);
        String line = text.outLines().get(0);
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d sweep-tail-r0007 #3 FINISHED +best val acc 0\\.8912 \\(epoch 9\\) test acc 0\\.8876 "
                + " 10 epoch\\(s\\) in 3600\\.0 s  .*\\[trainer-host-a-7]"), text::transcript);

        Cli.Result json = Cli.run("tail", "results", "--from-beginning", "--max", "1", "--sweep", "sweep-tail",
                "--idle-exit", "10", "--json", "--bootstrap", servers);

        assertEquals(0, json.exitCode(), json::transcript);
        assertEquals(1, json.outLines().size(), json::transcript);
        JsonNode object = new ObjectMapper().readTree(json.outLines().get(0));
        assertTrue(object.isObject(), json::transcript);
        assertEquals("sweep-tail-r0007", object.get("runId").asText());
        assertEquals("FINISHED", object.get("status").asText());
        assertEquals(0.8876, object.get("testAccuracy").asDouble());
    }

    @Test
    void tailWithExitAtEndStopsAtTheLastEventEvenWhenMaxIsNotReached() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 4; i++) {
                RunResult r = RunResult.newBuilder(SampleEvents.fullRunResult()).setSweepId("sweep-at-end").setRunId("sweep-at-end-r000" + i)
                        .setStatus(RunStatus.FINISHED).setError(null).setDivergedAtEpoch(null).setDivergedAtBatch(null).build();
                producer.send(new ProducerRecord<>(Topics.RUNS_RESULTS.name(), r.getRunId(), Topics.RUNS_RESULTS.encode(r)))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        // Four events, --max 5: without --exit-at-end it would wait for a fifth; --idle-exit only guards the build.
        Cli.Result r = Cli.run("tail", "results", "--from-beginning", "--max", "5", "--exit-at-end", "--sweep", "sweep-at-end",
                "--idle-exit", "60", "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals(4, r.outLines().size(), r::transcript);
        assertTrue(r.took().compareTo(Duration.ofSeconds(30)) < 0, () -> "ended at the end, not by --idle-exit: took " + r.took());
    }

    @Test
    void tailStopsAfterIdleExitSecondsWithoutEvents() {
        Cli.Result r = Cli.run("tail", "results", "--sweep", "nothing-here", "--idle-exit", "1", "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals("", r.out(), r::transcript);
        assertTrue(r.took().compareTo(Duration.ofSeconds(10)) < 0, () -> "took " + r.took());
    }

    @Test
    void stopWithSweepCancelsTheSweepForTrainersControllerAndViews() {
        assertEquals(0, Cli.run("submit", spec("tiny.yaml").toString(), "--sweep-id", "to-cancel", "--bootstrap", servers).exitCode());

        Cli.Result r = Cli.run("stop", "--sweep", "to-cancel", "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        List<SweepDefinition> definitions = definitions("to-cancel");
        assertEquals(2, definitions.size());
        assertEquals(SweepStatus.CANCELLED, definitions.get(1).getStatus(), "the latest definition says cancelled");
        List<Control> controls = TopicReader.read(servers, Topics.RUNS_CONTROL, c -> "to-cancel".equals(c.getSweepId()), 1, Duration.ofSeconds(10));
        assertEquals(ControlType.CANCEL_SWEEP, controls.get(0).getType());
    }

    @Test
    void stopNeedsExactlyOneOfARunAndASweep() {
        Cli.Result neither = Cli.run("stop", "--bootstrap", servers);
        assertEquals(2, neither.exitCode(), neither::transcript);
        Cli.Result unknown = Cli.run("stop", "--sweep", "no-such-sweep", "--bootstrap", servers);
        assertEquals(2, unknown.exitCode(), unknown::transcript);
        assertTrue(unknown.err().contains("no sweep no-such-sweep"), unknown::transcript);
    }

    private static Path spec(String name) {
        try {
            return Path.of(KafkaCommandsIntegrationTest.class.getResource("/specs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<RunRequest> requests(String sweepId) {
        List<RunRequest> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(Topics.RUNS_REQUESTED)) {
            RunRequest q = Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value());
            if (q.getSweepId().equals(sweepId)) {
                assertNotNull(r.key());
                assertEquals(q.getRunId(), new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), "keyed by run id");
                found.add(q);
            }
        }
        return found;
    }

    private static List<SweepDefinition> definitions(String sweepId) {
        List<SweepDefinition> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(Topics.SWEEPS)) {
            SweepDefinition d = Topics.SWEEPS.decode(r.partition(), r.offset(), r.value());
            if (d.getSweepId().equals(sweepId)) {
                assertEquals(sweepId, new String(r.key(), java.nio.charset.StandardCharsets.UTF_8), "keyed by sweep id");
                found.add(d);
            }
        }
        return found;
    }

    /** Every record of the topic, from the beginning to its current end. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(Topic<?, ?> topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    fail("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Topic<?, ?>... topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?, ?> t : topics) {
                partitions.addAll(partitions(consumer, t));
            }
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, Topic<?, ?> topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition()))
                .collect(Collectors.toCollection(ArrayList::new));
        assertEquals(topic.partitions(), partitions.size(), () -> "partitions of " + topic);
        return partitions;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
