package io.sweepstream.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.client.KafkaConnection;
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

    @Option(names = "--max", description = "Stop after this many events (it waits for them; with --exit-at-end it also stops at the end).")
    Integer max;

    @Option(names = "--exit-at-end", description = "Stop at the last event there was when tail started, like kcat -e.")
    boolean exitAtEnd;

    @Option(names = "--idle-exit", paramLabel = "SECONDS", description = "Stop after this many seconds without a new event.")
    Integer idleExitSeconds;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        KafkaConnection servers = kafka.requireBroker();
        TopicSetup.createAll(servers, null); // a fresh broker has no topics yet: wait for events, do not fail
        switch (stream) {
            case metrics -> follow(servers, Topics.RUNS_METRICS, m -> match(m.getSweepId(), m.getRunId()), text(EventFormat::metric), null);
            case results -> followResults(servers);
            case workers -> follow(servers, Topics.WORKERS_STATUS, w -> match(w.getSweepId(), w.getRunId()), text(EventFormat::worker), null);
            case summary -> follow(servers, Topics.SWEEPS_SUMMARY, s -> match(s.getSweepId(), null), text(EventFormat::summary), null);
            case dlq -> follow(servers, Topics.RUNS_DLQ, d -> sweepId == null && runId == null, text(EventFormat::deadLetter), null);
            default -> throw new IllegalArgumentException("unknown stream " + stream);
        }
    }

    /**
     * Every result is printed, and a repeat of a run that already had one is marked, by the rule every reader
     * shares ({@link RunResultsByRun}: the last one counts). To know the earlier results, the topic is read from
     * its beginning even without --from-beginning; what came before the start is remembered, not printed.
     */
    private void followResults(KafkaConnection servers) {
        RunResultsByRun seen = new RunResultsByRun(); // compacted by run id: about one entry per run
        follow(servers, Topics.RUNS_RESULTS, r -> match(r.getSweepId(), r.getRunId()), r -> {
            boolean repeat = seen.put(r) != null;
            return json ? withField(r.toString(), "repeat", repeat) : EventFormat.result(r) + (repeat ? EventFormat.REPEAT_NOTE : "");
        }, seen::put);
    }

    /** One line per event: Avro's JSON with --json, else the readable line. */
    private <V> Function<V, String> text(Function<V, String> readable) {
        return v -> json ? v.toString() : readable.apply(v);
    }

    /** Adds a field to the JSON object Avro's toString writes (always one object, closed by its last brace). */
    static String withField(String jsonObject, String name, boolean value) {
        int end = jsonObject.lastIndexOf('}');
        return jsonObject.substring(0, end) + ", \"" + name + "\": " + value + jsonObject.substring(end);
    }

    private boolean match(String eventSweep, String eventRun) {
        return (sweepId == null || sweepId.equals(eventSweep)) && (runId == null || runId.equals(eventRun));
    }

    /**
     * Prints the events that pass {@code filter}, one {@code line} each. With a {@code history}, the topic is read from
     * its beginning and the events before the start position go to {@code history} instead of the screen.
     */
    private <V> void follow(KafkaConnection servers, Topic<?, V> topic, Function<V, Boolean> filter, Function<V, String> line,
                            Consumer<V> history) {
        AtomicBoolean stop = new AtomicBoolean();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(servers.config(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "sweep-tail",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Thread ctrlC = new Thread(() -> {
                stop.set(true);
                consumer.wakeup();
            });
            Runtime.getRuntime().addShutdownHook(ctrlC);
            try {
                print(consumer, topic, filter, line, history, stop);
            } finally {
                removeHook(ctrlC);
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // Ctrl-C
        }
    }

    private <V> void print(KafkaConsumer<byte[], byte[]> consumer, Topic<?, V> topic, Function<V, Boolean> filter,
                           Function<V, String> line, Consumer<V> history, AtomicBoolean stop) {
        List<TopicPartition> partitions = TopicReplay.assignAll(consumer, List.of(topic.name()));
        // With a history, events before these offsets are only remembered; from them on, each is printed.
        Map<TopicPartition, Long> printFrom = history != null && !fromBeginning ? consumer.endOffsets(partitions) : Map.of();
        if (fromBeginning || history != null) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position); // resolve the start offsets before the idle clock starts
        Map<TopicPartition, Long> end = exitAtEnd ? consumer.endOffsets(partitions) : Map.of();
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
                if (r.offset() < printFrom.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
                    history.accept(event);
                    continue;
                }
                System.out.println(line.apply(event));
                if (max != null && ++printed >= max) {
                    return;
                }
            }
            if (idleExitSeconds != null && System.currentTimeMillis() - lastEvent > idleExitSeconds * 1000L) {
                return;
            }
            if (exitAtEnd && reached(consumer, end)) {
                return;
            }
        }
    }

    /** Whether every partition has been read up to {@code end} (the end offsets when tail started). */
    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running
        }
    }
}
