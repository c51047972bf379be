package io.sweepstream.trainer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test-side access to the pipeline topics: publish requests, read back what the workers wrote. */
final class PipelineTopics {

    private final String bootstrap;

    PipelineTopics(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void createAll() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
    }

    void publish(RunRequest request) {
        send(Topics.RUNS_REQUESTED.name(), request.getRunId(), Topics.RUNS_REQUESTED.encode(request));
    }

    void publishRaw(String key, byte[] value) {
        send(Topics.RUNS_REQUESTED.name(), key, value);
    }

    void control(Control control) {
        String key = control.getRunId() != null ? control.getRunId() : control.getSweepId();
        send(Topics.RUNS_CONTROL.name(), key, Topics.RUNS_CONTROL.encode(control));
    }

    private void send(String topic, String key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every result of a sweep, in topic order (repeats included). */
    List<RunResult> results(String sweepId) {
        return readAll(Topics.RUNS_RESULTS, r -> r.getSweepId().equals(sweepId), Integer.MAX_VALUE, Duration.ofSeconds(2));
    }

    Map<String, RunResult> awaitResults(String sweepId, int count, Duration timeout) {
        List<RunResult> all = readAll(Topics.RUNS_RESULTS, r -> r.getSweepId().equals(sweepId), count, timeout);
        Map<String, RunResult> byRun = new LinkedHashMap<>();
        all.forEach(r -> byRun.putIfAbsent(r.getRunId(), r));
        if (byRun.size() < count) {
            throw new AssertionError("expected " + count + " results of " + sweepId + " within " + timeout + ", found " + byRun.keySet());
        }
        return byRun;
    }

    /** Waits until {@code runId} has a result and returns it. */
    RunResult awaitResult(String runId, Duration timeout) {
        List<RunResult> found = readAll(Topics.RUNS_RESULTS, r -> r.getRunId().equals(runId), 1, timeout);
        if (found.isEmpty()) {
            throw new AssertionError("no result of " + runId + " within " + timeout);
        }
        return found.get(0);
    }

    List<EpochMetric> metrics(String sweepId, int atLeast, Duration timeout) {
        return readAll(Topics.RUNS_METRICS, m -> m.getSweepId().equals(sweepId), atLeast, timeout);
    }

    List<DeadLetter> deadLetters(int atLeast, Duration timeout) {
        return readAll(Topics.RUNS_DLQ, d -> true, atLeast, timeout);
    }

    <V> List<V> readAll(Topic<?, V> topic, Predicate<V> filter, int enough, Duration timeout) {
        return TopicReader.read(bootstrap, topic, filter, enough, timeout);
    }
}
