package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.schemas.topic.TrainerQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sweep status} and {@code sweep tail results} on a real broker: the work queue read from the trainers'
 * share group, and the one rule for a run with two results (the last counts, the run counts once).
 */
@ExtendWith(KafkaExtension.class)
class StatusQueueIntegrationTest {

    private static String servers;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void createTopics(KafkaBackend kafka) {
        servers = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void statusSaysNoTrainerHasJoinedTheQueueYet() {
        Cli.Result r = Cli.run("status", "--group", "nobody-joined", "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.outLines().contains("queue: no trainer has joined the queue yet (share group nobody-joined on runs.requested)"),
                r::transcript);
        assertEquals("", r.err(), r::transcript);
    }

    @Test
    void statusReportsQueuedAndRunningRunsFromTheShareGroup() throws Exception {
        String group = TrainerQueue.GROUP;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 5; i++) {
            RunRequest q = RunRequest.newBuilder(SampleEvents.fullRunRequest()).setSweepId("queued").setRunId("queued-r" + i).build();
            send(Topics.RUNS_REQUESTED, q.getRunId(), q);
        }
        // A trainer as the share group sees it: one record at a time, acknowledged only when its run ends.
        try (KafkaShareConsumer<byte[], byte[]> trainer = new KafkaShareConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
                ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            trainer.subscribe(List.of(Topics.RUNS_REQUESTED.name()));

            // Nothing acknowledged yet: the group has no lag to report, the queue is read from the log.
            ConsumerRecord<byte[], byte[]> first = pollOne(trainer);
            heartbeat(first);
            awaitQueueLine(group, "queue: 4 run(s) queued, 1 running (share group trainers: lag 5 on runs.requested)");

            // One run done: the lag the group reports, which still counts the run in training.
            trainer.acknowledge(first, AcknowledgeType.ACCEPT);
            trainer.commitSync(Duration.ofSeconds(10));
            ConsumerRecord<byte[], byte[]> second = pollOne(trainer);
            heartbeat(second);
            awaitQueueLine(group, "queue: 3 run(s) queued, 1 running (share group trainers: lag 4 on runs.requested)");
        }
    }

    @Test
    void statusCountsARunWithTwoResultsOnceByItsLastResult() throws Exception {
        send(result("dup-status", "dup-status-r1", RunStatus.FAILED));
        send(result("dup-status", "dup-status-r2", RunStatus.FINISHED));
        send(result("dup-status", "dup-status-r1", RunStatus.FINISHED));
        String expected = "results of sweep dup-status: 2 run(s) (finished 2, stopped 0, diverged 0, failed 0)";

        Cli.Result all = Cli.run("status", "--bootstrap", servers);
        assertEquals(0, all.exitCode(), all::transcript);
        assertTrue(all.outLines().contains(expected), all::transcript);

        Cli.Result one = Cli.run("status", "--sweep", "dup-status", "--bootstrap", servers);
        assertEquals(0, one.exitCode(), one::transcript);
        assertTrue(one.outLines().contains(expected), one::transcript);
        assertTrue(one.out().startsWith("no summary of sweep dup-status yet"), one::transcript);
    }

    @Test
    void tailMarksAResultThatRepeatsAnEarlierResultOfTheSameRun() throws Exception {
        send(result("tail-repeat", "tail-repeat-r1", RunStatus.FINISHED));
        send(result("tail-repeat", "tail-repeat-r2", RunStatus.FINISHED));
        send(result("tail-repeat", "tail-repeat-r1", RunStatus.FINISHED));

        Cli.Result text = Cli.run("tail", "results", "--from-beginning", "--sweep", "tail-repeat", "--max", "3",
                "--idle-exit", "10", "--bootstrap", servers);

        // Partitions interleave; within a run (one key, one partition) the order is the topic's.
        String note = "(repeat: replaces the earlier result of this run)";
        assertEquals(0, text.exitCode(), text::transcript);
        assertEquals(3, text.outLines().size(), text::transcript);
        List<Boolean> r1 = text.outLines().stream().filter(l -> l.contains("tail-repeat-r1 ")).map(l -> l.endsWith(note)).toList();
        List<Boolean> r2 = text.outLines().stream().filter(l -> l.contains("tail-repeat-r2 ")).map(l -> l.contains("repeat:")).toList();
        assertEquals(List.of(false, true), r1, text::transcript);
        assertEquals(List.of(false), r2, text::transcript);

        Cli.Result json = Cli.run("tail", "results", "--from-beginning", "--sweep", "tail-repeat", "--max", "3", "--json",
                "--idle-exit", "10", "--bootstrap", servers);

        assertEquals(0, json.exitCode(), json::transcript);
        assertEquals(3, json.outLines().size(), json::transcript);
        ObjectMapper mapper = new ObjectMapper();
        Map<String, List<Boolean>> repeats = new TreeMap<>();
        for (String line : json.outLines()) {
            JsonNode object = mapper.readTree(line);
            repeats.computeIfAbsent(object.get("runId").asText(), k -> new ArrayList<>()).add(object.get("repeat").asBoolean());
        }
        assertEquals(Map.of("tail-repeat-r1", List.of(false, true), "tail-repeat-r2", List.of(false)), repeats, json::transcript);
    }

    @Test
    void tailFollowingNewResultsStillKnowsTheEarlierResultOfARun() throws Exception {
        send(result("tail-live", "tail-live-r1", RunStatus.FINISHED));
        // Repeat the run's result until tail has printed one: whichever copy tail prints first comes after
        // a result it did not print, so it must be marked.
        AtomicBoolean done = new AtomicBoolean();
        Thread repeater = new Thread(() -> {
            while (!done.get()) {
                try {
                    Thread.sleep(500);
                    send(result("tail-live", "tail-live-r1", RunStatus.FINISHED));
                } catch (Exception e) {
                    return;
                }
            }
        });
        repeater.start();
        Cli.Result r;
        try {
            r = Cli.run("tail", "results", "--sweep", "tail-live", "--max", "1", "--idle-exit", "10", "--bootstrap", servers);
        } finally {
            done.set(true);
            repeater.join();
        }

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals(1, r.outLines().size(), r::transcript);
        assertTrue(r.outLines().get(0).endsWith("(repeat: replaces the earlier result of this run)"), r::transcript);
    }

    /** Status until its queue line is {@code expected}: the group's state is written shortly after an acknowledgement. */
    private static void awaitQueueLine(String group, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Cli.Result r = Cli.run("status", "--group", group, "--bootstrap", servers);
            assertEquals(0, r.exitCode(), r::transcript);
            if (r.outLines().contains(expected)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("expected '" + expected + "'\n" + r.transcript());
            }
            Thread.sleep(500);
        }
    }

    /** The next record for the share consumer; a fresh share group takes about 6 s to deliver its first. */
    private static ConsumerRecord<byte[], byte[]> pollOne(KafkaShareConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                return r;
            }
        }
        return fail("no run request delivered to the share group within 30 s");
    }

    private static void heartbeat(ConsumerRecord<byte[], byte[]> request) throws Exception {
        RunRequest q = Topics.RUNS_REQUESTED.decode(request.partition(), request.offset(), request.value());
        long now = System.currentTimeMillis();
        WorkerStatus w = WorkerStatus.newBuilder().setWorkerId("status-test-trainer").setHost("localhost")
                .setState(WorkerState.TRAINING).setSweepId(q.getSweepId()).setRunId(q.getRunId()).setAttempt((int) request.deliveryCount().orElse((short) 1))
                .setEpoch(1).setEpochs(1).setProgress(0.5).setHeartbeatAtMs(now).setStartedAtMs(now).build();
        send(Topics.WORKERS_STATUS, w.getWorkerId(), w);
    }

    private static RunResult result(String sweepId, String runId, RunStatus status) {
        return RunResult.newBuilder(SampleEvents.fullRunResult()).setSweepId(sweepId).setRunId(runId).setStatus(status)
                .setError(null).setDivergedAtEpoch(null).setDivergedAtBatch(null).build();
    }

    private static void send(RunResult r) throws Exception {
        send(Topics.RUNS_RESULTS, r.getRunId(), r);
    }

    private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.encode(value))).get(30, TimeUnit.SECONDS);
    }
}
