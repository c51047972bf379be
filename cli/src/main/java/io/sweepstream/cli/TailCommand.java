package io.sweepstream.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep tail}: decodes a Sweepstream topic and prints one line (or JSON object) per event. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Prints the events of a topic as they arrive: metrics, results, workers, summary or dlq.")
final class TailCommand implements Runnable {

    enum Stream { metrics, results, workers, summary, dlq }

    @Parameters(index = "0", defaultValue = "metrics", description = "What to follow: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Stream stream;

    @Option(names = "--sweep", description = "Only events of this sweep.")
    String sweepId;

    @Option(names = "--run", description = "Only events of this run.")
    String runId;

    @Option(names = "--from-beginning", description = "Start at the oldest event kept, not at new ones.")
    boolean fromBeginning;

    @Option(names = "--json", description = "One JSON object per line (for jq).")
    boolean json;

    @Option(names = "--max", description = "Stop after this many events.")
    Integer max;

    @Option(names = "--idle-exit", paramLabel = "SECONDS", description = "Stop after this many seconds without a new event.")
    Integer idleExitSeconds;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        String servers = kafka.requireBroker();
        TopicSetup.createAll(servers, null); // a fresh broker has no topics yet: wait for events, do not fail
        switch (stream) {
            case metrics -> follow(servers, Topics.RUNS_METRICS, m -> match(m.getSweepId(), m.getRunId()), EventFormat::metric);
            case results -> follow(servers, Topics.RUNS_RESULTS, r -> match(r.getSweepId(), r.getRunId()), EventFormat::result);
            case workers -> follow(servers, Topics.WORKERS_STATUS, w -> match(w.getSweepId(), w.getRunId()), EventFormat::worker);
            case summary -> follow(servers, Topics.SWEEPS_SUMMARY, s -> match(s.getSweepId(), null), EventFormat::summary);
            case dlq -> follow(servers, Topics.RUNS_DLQ, d -> sweepId == null && runId == null, EventFormat::deadLetter);
            default -> throw new IllegalArgumentException("unknown stream " + stream);
        }
    }

    private boolean match(String eventSweep, String eventRun) {
        return (sweepId == null || sweepId.equals(eventSweep)) && (runId == null || runId.equals(eventRun));
    }

    private <V> void follow(String servers, Topic<?, V> topic, Function<V, Boolean> filter, Function<V, String> format) {
        AtomicBoolean stop = new AtomicBoolean();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.CLIENT_ID_CONFIG, "sweep-tail",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Thread ctrlC = new Thread(() -> {
                stop.set(true);
                consumer.wakeup();
            });
            Runtime.getRuntime().addShutdownHook(ctrlC);
            try {
                print(consumer, topic, filter, format, stop);
            } finally {
                removeHook(ctrlC);
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // Ctrl-C
        }
    }

    private <V> void print(KafkaConsumer<byte[], byte[]> consumer, Topic<?, V> topic, Function<V, Boolean> filter,
                           Function<V, String> format, AtomicBoolean stop) {
        List<TopicPartition> partitions = TopicReplay.assignAll(consumer, List.of(topic.name()));
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position); // resolve the start offsets before the idle clock starts
        int printed = 0;
        long lastEvent = System.currentTimeMillis();
        while (!stop.get()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                lastEvent = System.currentTimeMillis();
                if (r.value() == null) {
                    continue;
                }
                V event;
                try {
                    event = topic.decode(r.partition(), r.offset(), r.value());
                } catch (RuntimeException e) {
                    System.err.println("unreadable event " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
                    continue;
                }
                if (!filter.apply(event)) {
                    continue;
                }
                System.out.println(json ? event.toString() : format.apply(event));
                if (max != null && ++printed >= max) {
                    return;
                }
            }
            if (idleExitSeconds != null && System.currentTimeMillis() - lastEvent > idleExitSeconds * 1000L) {
                return;
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running
        }
    }
}
