package io.sweepstream.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final byte[] KEY = {(byte) 0xFF, 'k', 0}; // not UTF-8: must arrive unchanged
    private static final byte[] VALUE = {(byte) 0xC3, 0x01, 9};

    @Test
    void aDeadLetterCarriesThePositionTheBytesAndTheReason() {
        UndecodableRecordException e = new UndecodableRecordException("runs.results", 4, 17L, "truncated record", null);
        long before = System.currentTimeMillis();

        DeadLetter d = DeadLetters.of(new ConsumerRecord<>("runs.results", 4, 17L, KEY, VALUE), e, "evaluator");

        assertEquals("runs.results", d.getTopic());
        assertEquals(4, d.getPartition());
        assertEquals(17L, d.getOffset());
        assertArrayEquals(KEY, bytes(d.getKey()));
        assertArrayEquals(VALUE, bytes(d.getValue()));
        assertEquals("Undecodable record at topic runs.results, partition 4, offset 17: truncated record", d.getError());
        assertEquals(UndecodableRecordException.class.getName(), d.getExceptionClass());
        assertEquals("evaluator", d.getConsumer());
        assertTrue(d.getFailedAtMs() >= before && d.getFailedAtMs() <= System.currentTimeMillis());
    }

    @Test
    void aRecordWithoutKeyOrValueOrMessageStillMakesADeadLetter() {
        DeadLetter d = DeadLetters.of(new ConsumerRecord<byte[], byte[]>("sweeps", 0, 3L, null, null), new IllegalStateException(), "c");

        assertNull(d.getKey());
        assertNull(d.getValue());
        assertEquals("java.lang.IllegalStateException", d.getError(), "no message: the exception names itself");
    }

    @Test
    void theDlqRecordIsKeyedByTheOriginalKeyBytesAndDecodes() {
        ProducerRecord<byte[], byte[]> r = DeadLetters.record(
                new ConsumerRecord<>("runs.metrics", 1, 2L, KEY, VALUE), new IllegalArgumentException("bad"), "controller");

        assertEquals(Topics.RUNS_DLQ.name(), r.topic());
        assertArrayEquals(KEY, r.key());
        DeadLetter d = Topics.RUNS_DLQ.decode(0, 0, r.value());
        assertEquals("runs.metrics", d.getTopic());
        assertEquals("bad", d.getError());
        assertEquals("controller", d.getConsumer());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
