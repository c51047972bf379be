package io.sweepstream.producer.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.avro.ControllerStatus;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's heartbeat on {@code controllers.status}, so that {@code submit} and {@code status} can tell
 * a sweep that needs a controller whether it has one ({@link #alive}).
 *
 * <p>It beats from the controller's loop thread ({@link ControllerLoop#step}), so a loop that hangs or died
 * stops beating; it beats while the loop retries a broker outage too, since the controller is still there.
 * A clean stop writes a tombstone, so readers see the controller gone at once; a killed controller leaves
 * its last beat, which readers take as gone after {@link #MISSED_BEATS} intervals. A failed beat is only
 * logged: the next one follows an interval later.
 *
 * <p>Call order, on the loop's thread: {@link #beatIfDue} every round, {@link #close} once.
 */
public final class ControllerHeartbeat implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofSeconds(2);
    /** Beats a reader may miss before it takes a controller as gone: late delivery, a busy machine, clock skew. */
    static final int MISSED_BEATS = 3;
    private static final Logger log = LoggerFactory.getLogger(ControllerHeartbeat.class);

    private final Producer<String, byte[]> producer;
    private final String controllerId;
    private final String host;
    private final Duration interval;
    private final long startedAtMs;
    private long nextAtMs = Long.MIN_VALUE;
    private boolean lastCaughtUp;

    ControllerHeartbeat(Producer<String, byte[]> producer, String controllerId, String host, Duration interval, long startedAtMs) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms, found " + interval);
        }
        this.producer = producer;
        this.controllerId = controllerId;
        this.host = host;
        this.interval = interval;
        this.startedAtMs = startedAtMs;
    }

    /** A heartbeat with its own producer; the id names the host and is unique per start. */
    static ControllerHeartbeat create(KafkaConnection kafka) {
        String host = hostName();
        String id = "controller-" + host + "-" + UUID.randomUUID().toString().substring(0, 6);
        Producer<String, byte[]> producer = new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, id,
                // send() runs on the loop's thread: it must not wait long for metadata (a cluster without the topic)
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500)),
                new StringSerializer(), new ByteArraySerializer());
        return new ControllerHeartbeat(producer, id, host, INTERVAL, System.currentTimeMillis());
    }

    String controllerId() {
        return controllerId;
    }

    /** Beats when an interval has passed since the last beat, or at once when the controller has just caught up. */
    void beatIfDue(long nowMs, boolean caughtUp) {
        if (nowMs < nextAtMs && caughtUp == lastCaughtUp) {
            return;
        }
        ControllerStatus status = ControllerStatus.newBuilder()
                .setControllerId(controllerId).setHost(host).setCaughtUp(caughtUp)
                .setIntervalMs(interval.toMillis()).setHeartbeatAtMs(nowMs).setStartedAtMs(startedAtMs)
                .build();
        send(Topics.CONTROLLERS_STATUS.encode(status));
        nextAtMs = nowMs + interval.toMillis();
        lastCaughtUp = caughtUp;
    }

    /**
     * Whether the controller that wrote {@code status} is running at {@code nowMs}: its last beat is at most
     * {@link #MISSED_BEATS} of its intervals old, and never judged by less than that many {@link #INTERVAL}s
     * (readers lag by a poll or two). A tombstone (a clean stop) is not a status: the reader drops the key.
     */
    public static boolean alive(ControllerStatus status, long nowMs) {
        return nowMs - status.getHeartbeatAtMs() <= MISSED_BEATS * Math.max(status.getIntervalMs(), INTERVAL.toMillis());
    }

    /** Writes the tombstone of a clean stop and closes the producer, waiting at most a few seconds. */
    @Override
    public void close() {
        try {
            send(null);
        } finally {
            producer.close(Duration.ofSeconds(2));
        }
    }

    private void send(byte[] value) {
        producer.send(new ProducerRecord<>(Topics.CONTROLLERS_STATUS.name(), controllerId, value), (meta, e) -> {
            if (e != null) {
                log.debug("controller heartbeat not written: {}", e.toString());
            }
        });
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
