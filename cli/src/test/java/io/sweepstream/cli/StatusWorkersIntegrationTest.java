package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code sweep status} on a real broker: lost workers are shown as lost with where their run went; gone and tombstoned ones are not listed. */
@ExtendWith(KafkaExtension.class)
class StatusWorkersIntegrationTest {

    private static String servers;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void createTopics(KafkaBackend kafka) {
        servers = kafka.bootstrapServers();
        TopicSetup.createAll(servers, null);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aSilentTrainerIsListedAsLostWithItsRunsResultAndAGoneOrTombstonedOneIsNotListed() throws Exception {
        long now = System.currentTimeMillis();
        heartbeat("doomed", WorkerState.TRAINING, now - 65_000, "probe-r0010", 1);
        heartbeat("rescuer", WorkerState.IDLE, now, null, 0);
        send(Topics.RUNS_RESULTS.name(), "probe-r0010", Topics.RUNS_RESULTS.encode(RunResult.newBuilder(SampleEvents.fullRunResult())
                .setSweepId("probe").setRunId("probe-r0010").setWorkerId("rescuer").setAttempt(2).setStatus(RunStatus.FINISHED)
                .setError(null).setDivergedAtEpoch(null).setDivergedAtBatch(null).build()));
        heartbeat("long-gone", WorkerState.TRAINING, now - 600_000, "probe-r0003", 1);
        heartbeat("removed", WorkerState.TRAINING, now - 30_000, "probe-r0004", 1);
        send(Topics.WORKERS_STATUS.name(), "removed", null); // a trainer's tombstone

        Cli.Result r = Cli.run("status", "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        List<String> doomed = r.outLines().stream().filter(l -> l.contains("worker doomed@")).toList();
        assertEquals(1, doomed.size(), r::transcript);
        assertTrue(doomed.get(0).matches(".* worker doomed@\\S+ LOST: no heartbeat for 6\\d s; it was training probe-r0010 \\(attempt 1, epoch 2/2\\); "
                + "that run FINISHED on rescuer \\(attempt 2\\)"), r::transcript);
        assertFalse(r.out().contains("TRAINING probe-r0010"), () -> "never shown as training\n" + r.transcript());
        assertTrue(r.outLines().stream().anyMatch(l -> l.matches(".* worker rescuer@\\S+ IDLE")), r::transcript);
        assertFalse(r.out().contains("long-gone"), r::transcript);
        assertFalse(r.out().contains("worker removed@"), r::transcript);
        assertTrue(r.outLines().contains("(1 worker(s) silent for over 5 min not listed; live trainers remove them from workers.status)"), r::transcript);
    }

    private static void heartbeat(String workerId, WorkerState state, long atMs, String runId, int attempt) throws Exception {
        WorkerStatus w = WorkerStatus.newBuilder().setWorkerId(workerId).setHost("box").setState(state)
                .setSweepId(runId == null ? null : "probe").setRunId(runId).setAttempt(runId == null ? null : attempt)
                .setEpoch(runId == null ? null : 2).setEpochs(runId == null ? null : 2).setProgress(runId == null ? 0 : 0.57)
                .setHeartbeatAtMs(atMs).setStartedAtMs(atMs - 60_000).build();
        send(Topics.WORKERS_STATUS.name(), workerId, Topics.WORKERS_STATUS.encode(w));
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
}
