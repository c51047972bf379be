package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.worker.WorkerEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A live trainer removes the records of workers silent for too long from workers.status, and only those. */
@ExtendWith(KafkaExtension.class)
class GoneWorkersIntegrationTest {

    @Test
    void aLiveTrainerTombstonesWorkersSilentPastGoneAfterAndKeepsTheOthers(KafkaBackend kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        new PipelineTopics(bootstrap).createAll();
        long now = System.currentTimeMillis();
        heartbeat(bootstrap, "ghost-training", WorkerState.TRAINING, now - Duration.ofMinutes(10).toMillis());
        heartbeat(bootstrap, "ghost-stopped", WorkerState.STOPPED, now - Duration.ofMinutes(6).toMillis());
        heartbeat(bootstrap, "lost-a-minute-ago", WorkerState.TRAINING, now - Duration.ofMinutes(1).toMillis());
        heartbeat(bootstrap, "stopped-just-now", WorkerState.STOPPED, now - Duration.ofSeconds(5).toMillis());
        List<WorkerEvent.GoneWorkerRemoved> removed = new CopyOnWriteArrayList<>();

        TrainerWorker janitor = new TrainerWorker(WorkerSettings.of(bootstrap, "janitor"),
                new EngineRunExecutor(name -> TinyRuns.dataset(), new Trainer()), e -> {
                    if (e instanceof WorkerEvent.GoneWorkerRemoved g) {
                        removed.add(g);
                    }
                }).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (removed.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(2000); // a later check would remove more, if it wrongly did

            Set<String> removedIds = new TreeSet<>();
            removed.forEach(r -> removedIds.add(r.goneWorkerId()));
            assertEquals(Set.of("ghost-stopped", "ghost-training"), removedIds, removed::toString);
            WorkerEvent.GoneWorkerRemoved ghost = removed.stream().filter(r -> r.goneWorkerId().equals("ghost-training")).findFirst().orElseThrow();
            assertEquals("janitor", ghost.workerId());
            assertTrue(ghost.silentFor().compareTo(Duration.ofMinutes(10)) >= 0, ghost::toString);

            Map<String, Boolean> tombstoned = latestIsTombstone(bootstrap);
            assertEquals(true, tombstoned.get("ghost-training"), tombstoned::toString);
            assertEquals(true, tombstoned.get("ghost-stopped"), tombstoned::toString);
            assertEquals(false, tombstoned.get("lost-a-minute-ago"), "lost, not gone yet: still listed");
            assertEquals(false, tombstoned.get("stopped-just-now"));
            assertEquals(false, tombstoned.get("janitor"), "a trainer does not remove itself");
        } finally {
            janitor.close();
        }
    }

    private static void heartbeat(String bootstrap, String workerId, WorkerState state, long atMs) throws Exception {
        WorkerStatus w = WorkerStatus.newBuilder(SampleEvents.minimalWorkerStatus()).setWorkerId(workerId).setState(state)
                .setHeartbeatAtMs(atMs).setStartedAtMs(atMs - 60_000).build();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.WORKERS_STATUS.name(), workerId, Topics.WORKERS_STATUS.encode(w))).get(30, TimeUnit.SECONDS);
        }
    }

    /** For each worker id on workers.status: whether its latest record is a tombstone. */
    private static Map<String, Boolean> latestIsTombstone(String bootstrap) {
        Map<String, Boolean> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = TopicReplay.assignAll(c, List.of(Topics.WORKERS_STATUS.name()));
            c.seekToBeginning(partitions);
            var end = c.endOffsets(partitions);
            while (!TopicReplay.caughtUp(c, end)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value() == null);
                }
            }
        }
        return latest;
    }
}
