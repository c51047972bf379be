package io.sweepstream.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep stop}: stops one run, or with {@code --sweep} cancels a whole sweep. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stops a run between two batches (its result: STOPPED), or cancels a sweep.",
                "With --sweep, the sweep's running runs stop, its queued runs are skipped, and no new run is published."})
final class StopCommand implements Runnable {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run to stop.")
    String runId;

    @Option(names = "--sweep", paramLabel = "SWEEP_ID", description = "Cancel this sweep instead.")
    String sweepId;

    @Option(names = "--reason", defaultValue = "stopped from the command line", description = "Why, for the record.")
    String reason;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        if ((runId == null) == (sweepId == null)) {
            throw new IllegalArgumentException("give a RUN_ID to stop a run, or --sweep SWEEP_ID to cancel a sweep (one of the two)");
        }
        KafkaConnection connection = kafka.requireBroker();
        String servers = connection.bootstrapServers();
        TopicSetup.createAll(connection, null);
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(connection.config(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(), new ByteArraySerializer())) {
            if (runId != null) {
                Control stop = Control.newBuilder().setType(ControlType.STOP_RUN).setRunId(runId).setReason(reason).setIssuedAtMs(now).build();
                send(producer, Topics.RUNS_CONTROL.name(), runId, Topics.RUNS_CONTROL.encode(stop));
                System.out.println("asked the trainers to stop run " + runId);
                return;
            }
            List<SweepDefinition> definitions = TopicReader.read(connection, Topics.SWEEPS, d -> d.getSweepId().equals(sweepId),
                    Integer.MAX_VALUE, Duration.ofSeconds(2));
            if (definitions.isEmpty()) {
                throw new IllegalArgumentException("no sweep " + sweepId + " on " + servers);
            }
            Control cancel = Control.newBuilder().setType(ControlType.CANCEL_SWEEP).setSweepId(sweepId).setReason(reason).setIssuedAtMs(now).build();
            send(producer, Topics.RUNS_CONTROL.name(), sweepId, Topics.RUNS_CONTROL.encode(cancel));
            // The sweep's own record says so too, for the controller (publish no more) and every view.
            SweepDefinition cancelled = SweepDefinition.newBuilder(definitions.get(definitions.size() - 1)).setStatus(SweepStatus.CANCELLED).build();
            send(producer, Topics.SWEEPS.name(), sweepId, Topics.SWEEPS.encode(cancelled));
            System.out.println("cancelled sweep " + sweepId + ": its runs stop, queued ones are skipped");
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the control record: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
