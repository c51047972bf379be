package io.sweepstream.schemas.role;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.DeadLetters;
import io.sweepstream.schemas.topic.ErrorKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;

/**
 * A role's sends, whose outcome the role settles on its own thread: what Kafka acknowledged says
 * Kafka answers; what it refused is kept, with the item it carried, for {@link #settle}. Poison
 * records go to {@code runs.dlq} from here, with their reason, and are sent again until Kafka has them.
 *
 * <p>Call order: {@link #send} and {@link #deadLetter} on the role's thread, {@link #acknowledged}
 * and {@link #settle} at the start of each round, {@link #close} at the end.
 *
 * @param <T> what a send of the role carries (a summary, a run request), handed back when it failed
 */
public final class TrackedSends<T> implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<byte[], byte[]> producer;
    private final String role;
    private final String consumerName;
    private final Logger log;
    private final AtomicBoolean acknowledged = new AtomicBoolean();
    private final Queue<FailedSend<T>> failedSends = new ConcurrentLinkedQueue<>();
    private final AtomicLong deadLettered = new AtomicLong();

    /** A send that failed: an item of the role, or a dead letter. */
    private record FailedSend<T>(T item, ProducerRecord<byte[], byte[]> deadLetter, Exception error) {
    }

    /**
     * @param role the role's name in the log, e.g. {@code evaluator}
     * @param consumerName who failed to read a record, in its dead letter, e.g. {@code evaluator}
     * @param log the role's logger, so its lines keep the role's name
     */
    public TrackedSends(Producer<byte[], byte[]> producer, String role, String consumerName, Logger log) {
        this.producer = producer;
        this.role = role;
        this.consumerName = consumerName;
        this.log = log;
    }

    /**
     * Sends {@code record}, which carries {@code item}. Once Kafka acknowledged it,
     * {@code onAcknowledged} runs on the producer's thread; if Kafka refused it, {@link #settle} hands
     * {@code item} back.
     */
    public void send(ProducerRecord<byte[], byte[]> record, T item, Consumer<T> onAcknowledged) {
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                onAcknowledged.accept(item);
                acknowledged.set(true);
            } else {
                failedSends.add(new FailedSend<>(item, null, error));
            }
        });
    }

    /** Sets aside a record that cannot be used: says so, counts it, and sends it to {@code runs.dlq} with {@code error}. */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, RuntimeException error) {
        log.warn("{} dead-letters {}-{}@{}: {}", role, record.topic(), record.partition(), record.offset(), error.getMessage());
        deadLettered.incrementAndGet();
        sendDeadLetter(DeadLetters.record(record, error, consumerName));
    }

    /** Records that went to {@code runs.dlq}. Any thread. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Whether Kafka acknowledged a send since the last call: it answers. */
    public boolean acknowledged() {
        return acknowledged.getAndSet(false);
    }

    /**
     * Sends each failed dead letter again and hands each item whose send failed retriably to
     * {@code retry}, then throws the error that stops the role, if any, else the first retriable one.
     */
    public void settle(Consumer<T> retry) {
        RuntimeException retriable = null;
        RuntimeException fatal = null;
        for (FailedSend<T> f; (f = failedSends.poll()) != null; ) {
            RuntimeException e = f.error() instanceof RuntimeException r ? r : new KafkaException(f.error());
            if (ErrorKind.of(e) != ErrorKind.RETRIABLE) {
                fatal = fatal == null ? e : fatal;
                continue;
            }
            retriable = retriable == null ? e : retriable;
            if (f.deadLetter() != null) {
                sendDeadLetter(f.deadLetter());
            } else {
                retry.accept(f.item());
            }
        }
        if (fatal != null) {
            throw fatal;
        }
        if (retriable != null) {
            throw retriable;
        }
    }

    private void sendDeadLetter(ProducerRecord<byte[], byte[]> letter) {
        producer.send(letter, (metadata, error) -> {
            if (error == null) {
                acknowledged.set(true);
            } else {
                failedSends.add(new FailedSend<>(null, letter, error));
            }
        });
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT); // bounded: the default waits for every pending send, forever if Kafka is away
    }

    /** The producer a role wants: idempotent, acks=all, raw keys and values. */
    public static KafkaProducer<byte[], byte[]> producer(KafkaConnection kafka, String clientId) {
        return new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // send() waits this long for metadata; the loop must not hang on it while Kafka is away
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000)),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}
