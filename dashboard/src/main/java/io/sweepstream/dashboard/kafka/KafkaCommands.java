package io.sweepstream.dashboard.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.dashboard.http.Commands;
import io.sweepstream.dashboard.http.Commands.CommandFailedException;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The page's two commands, published as {@code sweep stop} publishes them: a {@code STOP_RUN} keyed by
 * run id; a {@code CANCEL_SWEEP} keyed by sweep id followed by the sweep's definition with status
 * CANCELLED (so the controller publishes no more runs and every view shows it). A command counts once
 * Kafka acknowledged it.
 */
public final class KafkaCommands implements Commands, AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<String, byte[]> producer;

    public KafkaCommands(KafkaConnection kafka) {
        producer = new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "dashboard-commands",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis())),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void stopRun(String runId, String sweepId, String reason) {
        Control stop = Control.newBuilder().setType(ControlType.STOP_RUN).setRunId(runId).setSweepId(sweepId)
                .setReason(reason).setIssuedAtMs(System.currentTimeMillis()).build();
        send(Topics.RUNS_CONTROL.name(), runId, Topics.RUNS_CONTROL.encode(stop));
    }

    @Override
    public void cancelSweep(SweepDefinition latest, String reason) {
        String sweepId = latest.getSweepId();
        Control cancel = Control.newBuilder().setType(ControlType.CANCEL_SWEEP).setSweepId(sweepId)
                .setReason(reason).setIssuedAtMs(System.currentTimeMillis()).build();
        send(Topics.RUNS_CONTROL.name(), sweepId, Topics.RUNS_CONTROL.encode(cancel));
        SweepDefinition cancelled = SweepDefinition.newBuilder(latest).setStatus(SweepStatus.CANCELLED).build();
        send(Topics.SWEEPS.name(), sweepId, Topics.SWEEPS.encode(cancelled));
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CommandFailedException("Kafka refused the command: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CommandFailedException("Kafka did not acknowledge the command within " + SEND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while sending the command", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
