package io.sweepstream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.schemas.BrokerClients;
import io.sweepstream.schemas.testing.Bounded;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Bad record values, generated for every topic: valid encodings with bytes flipped, cut, added,
 * or a huge length or count spliced into the body; a valid header before random bytes; another
 * topic's record; random bytes. Decoding either returns a record or throws
 * {@link UndecodableRecordException} naming topic, partition and offset; never another exception,
 * never a hang, and never an allocation far beyond the record's size (a length or item count read
 * from a poisoned record must not be trusted).
 */
class AvroSerdePropertyTest {

    /** Each topic's full sample, encoded once: building the samples costs milliseconds. */
    private static final Map<String, byte[]> SAMPLES = new ConcurrentHashMap<>();
    /** Avro varints (zig-zag) for lengths and block counts a poisoned record might claim. */
    private static final List<byte[]> HUGE_VARINTS = List.of(
            varint(Integer.MAX_VALUE), varint(Integer.MAX_VALUE - 8), varint(1 << 28), varint(100_000_000),
            varint(Long.MAX_VALUE), varint(Long.MIN_VALUE), varint(-1), varint(-(1L << 30)), varint(Integer.MIN_VALUE),
            new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}); // a varint longer than 10 bytes

    @Property(tries = 1000)
    void aMutatedRecordDecodesOrIsUndecodable(@ForAll("topics") Topic<?, ?> topic, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] valid = encodedSample(topic);
        decodesOrIsUndecodable(topic, mutate(valid, random));
    }

    @Property(tries = 200)
    void aValidHeaderBeforeRandomBytesDecodesOrIsUndecodable(@ForAll("topics") Topic<?, ?> topic,
            @ForAll("bodies") byte[] body) {
        byte[] bytes = Arrays.copyOf(encodedSample(topic), 10 + body.length);
        System.arraycopy(body, 0, bytes, 10, body.length);
        decodesOrIsUndecodable(topic, bytes);
    }

    @Property(tries = 100)
    void randomBytesAreUndecodable(@ForAll("topics") Topic<?, ?> topic, @ForAll("bodies") byte[] bytes) {
        decodesOrIsUndecodable(topic, bytes);
    }

    @Property(tries = 100)
    void anotherTopicsRecordIsUndecodable(@ForAll("topics") Topic<?, ?> topic, @ForAll("topics") Topic<?, ?> other) {
        if (topic.valueSerde() != other.valueSerde()) {
            UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                    () -> decodeBounded(topic, encodedSample(other)));
            assertTrue(e.reason().startsWith("unknown schema fingerprint"), e.getMessage());
        }
    }

    @Example
    void aConfusionMatrixClaimingTwoBillionRowsIsUndecodableWithoutAllocatingThem() {
        // arrays and strings all over a RunResult (10 KB), told they hold Integer.MAX_VALUE items
        byte[] valid = encodedSample(Topics.RUNS_RESULTS);
        for (int at = 10; at < valid.length; at += 7) {
            byte[] bytes = splice(valid, at, varint(Integer.MAX_VALUE));
            decodesOrIsUndecodable(Topics.RUNS_RESULTS, bytes);
        }
    }

    // ---- the property ----------------------------------------------------------------------

    private static void decodesOrIsUndecodable(Topic<?, ?> topic, byte[] bytes) {
        try {
            decodeBounded(topic, bytes);
        } catch (UndecodableRecordException e) {
            assertTrue(e.getMessage().startsWith("Undecodable record at topic " + topic.name() + ", partition 3, offset 42: "),
                    e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
        }
        // the Kafka deserializer path says the same, without the position
        try {
            Bounded.call("deserializing " + bytes.length + " bytes", () -> topic.valueSerde().deserializer().deserialize(topic.name(), bytes));
        } catch (UndecodableRecordException e) {
            assertTrue(e.getMessage().startsWith("Undecodable record at topic " + topic.name() + ": "), e.getMessage());
        }
    }

    private static Object decodeBounded(Topic<?, ?> topic, byte[] bytes) {
        return Bounded.call("decoding " + bytes.length + " bytes", () -> topic.decode(3, 42L, bytes));
    }

    // ---- generators ------------------------------------------------------------------------

    @Provide
    Arbitrary<Topic<?, ?>> topics() {
        return Arbitraries.of(Topics.all());
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    private static byte[] encodedSample(Topic<?, ?> topic) {
        return SAMPLES.computeIfAbsent(topic.name(), name -> encode(topic)).clone();
    }

    private static <V> byte[] encode(Topic<?, V> topic) {
        return topic.encode(BrokerClients.fullSample(topic));
    }

    /** 1 to 3 edits of the body (the 10-byte header stays, so the body decoder is what is tested). */
    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && bytes.length > 10; i++) {
            int at = 10 + random.nextInt(bytes.length - 10);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> bytes = Arrays.copyOf(bytes, at); // cut short
                case 3 -> bytes = splice(bytes, at, new byte[] {(byte) random.nextInt(256)});
                default -> bytes = splice(bytes, at, HUGE_VARINTS.get(random.nextInt(HUGE_VARINTS.size())));
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }

    /** Avro's zig-zag variable-length encoding of {@code n}. */
    private static byte[] varint(long n) {
        long z = (n << 1) ^ (n >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }
}
