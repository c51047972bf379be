package io.sweepstream.evaluator.kafka;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sweepstream.evaluator.leaderboard.SweepAggregator;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sweep evaluator}: keeps every sweep's summary current. Holds no state a restart would
 * lose: it reads {@code sweeps}, {@code runs.requested}, {@code runs.metrics} and {@code runs.results}
 * from the beginning, outside any consumer group, and publishes a summary when it changed, at most
 * once per {@code publishInterval} per sweep.
 */
public final class EvaluatorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EvaluatorService.class);
    private static final List<String> INPUTS = List.of(
            Topics.SWEEPS.name(), Topics.RUNS_REQUESTED.name(), Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name());

    private final String bootstrapServers;
    private final Duration publishInterval;
    private final SweepAggregator aggregator;
    private final Map<String, SweepSummary> published = new ConcurrentHashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Throwable failure;
    private volatile long skippedRecords;

    public EvaluatorService(String bootstrapServers, int leaderboardSize, Duration publishInterval) {
        this.bootstrapServers = bootstrapServers;
        this.publishInterval = publishInterval;
        this.aggregator = new SweepAggregator(leaderboardSize);
        this.thread = new Thread(this::loop, "evaluator");
        this.thread.setDaemon(true);
    }

    public EvaluatorService start() {
        thread.start();
        return this;
    }

    public Throwable failure() {
        return failure;
    }

    /** The summary of a sweep this evaluator last published, or null. */
    public SweepSummary latest(String sweepId) {
        return published.get(sweepId);
    }

    /** Records in the input topics that could not be decoded (logged and skipped). */
    public long skippedRecords() {
        return skippedRecords;
    }

    private void loop() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            consumer = c;
            c.seekToBeginning(TopicReplay.assignAll(c, INPUTS));
            long nextPublish = 0;
            while (!closed.get()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    apply(r);
                }
                long now = System.currentTimeMillis();
                if (now >= nextPublish && !dirty.isEmpty()) {
                    publish(producer);
                    nextPublish = now + publishInterval.toMillis();
                }
            }
            publish(producer);
        } catch (WakeupException e) {
            if (!closed.get()) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("evaluator stopped: {}", e.toString(), e);
        } finally {
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            String topic = r.topic();
            String sweepId;
            if (topic.equals(Topics.SWEEPS.name())) {
                sweepId = aggregator.onDefinition(Topics.SWEEPS.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.RUNS_REQUESTED.name())) {
                sweepId = aggregator.onRequest(Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.RUNS_METRICS.name())) {
                sweepId = aggregator.onMetric(Topics.RUNS_METRICS.decode(r.partition(), r.offset(), r.value()));
            } else {
                sweepId = aggregator.onResult(Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value()));
            }
            dirty.add(sweepId);
        } catch (RuntimeException e) {
            // Trainers dead-letter poison requests; here the record is just not part of any view.
            skippedRecords++;
            log.warn("evaluator skips unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private void publish(KafkaProducer<String, byte[]> producer) {
        for (String sweepId : dirty) {
            SweepSummary summary = aggregator.summary(sweepId);
            if (summary != null && !summary.equals(published.get(sweepId))) {
                producer.send(new ProducerRecord<>(Topics.SWEEPS_SUMMARY.name(), sweepId, Topics.SWEEPS_SUMMARY.encode(summary)));
                published.put(sweepId, summary);
            }
        }
        dirty.clear();
        producer.flush();
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "evaluator",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "evaluator",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Override
    public void close() {
        closed.set(true);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
