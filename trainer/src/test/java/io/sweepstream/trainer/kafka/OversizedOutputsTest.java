package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class OversizedOutputsTest {

    static {
        AvroClassTrust.install();
    }

    private static final RecordTooLargeException REFUSED = new RecordTooLargeException("The message is 1200332 bytes when serialized");

    @Test
    void aResultTooLargeBecomesAFailedResultThatSaysWhyAndFits() {
        RunResult huge = RunResult.newBuilder(SampleEvents.fullRunResult()).setStatus(RunStatus.FAILED)
                .setDataset("d".repeat(600_000)).setError("unknown dataset '" + "d".repeat(600_000) + "'").build();
        ProducerRecord<byte[], byte[]> small = OversizedOutputs.shrink(ResultPublisher.resultRecord(huge), REFUSED);

        assertEquals(Topics.RUNS_RESULTS.name(), small.topic());
        assertTrue(small.value().length < 10_000, "fits easily: " + small.value().length);
        RunResult r = Topics.RUNS_RESULTS.decode(0, 0, small.value());
        assertEquals(RunStatus.FAILED, r.getStatus());
        assertEquals(huge.getRunId(), r.getRunId());
        assertEquals(huge.getAttempt(), r.getAttempt());
        assertNull(r.getConfusionMatrix());
        assertTrue(r.getError().startsWith("result too large for Kafka ("), r.getError());
        assertTrue(r.getError().contains("its reason began: unknown dataset 'ddd"), r.getError());
    }

    @Test
    void aFinishedResultTooLargeSaysHowItEnded() {
        RunResult finished = RunResult.newBuilder(SampleEvents.fullRunResult()).setStatus(RunStatus.FINISHED).setError(null).build();
        RunResult r = Topics.RUNS_RESULTS.decode(0, 0, OversizedOutputs.shrink(ResultPublisher.resultRecord(finished), REFUSED).value());
        assertEquals(RunStatus.FAILED, r.getStatus());
        assertTrue(r.getError().endsWith("the run ended FINISHED"), r.getError());
    }

    @Test
    void aDeadLetterTooLargeKeepsItsPositionAndReasonButNotTheBytes() {
        DeadLetter huge = DeadLetter.newBuilder(SampleEvents.fullDeadLetter()).setValue(ByteBuffer.wrap(new byte[1_000_000]))
                .setError("cannot decode: bad magic").build();
        ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>(Topics.RUNS_DLQ.name(), "k".getBytes(), Topics.RUNS_DLQ.encode(huge));
        ProducerRecord<byte[], byte[]> small = OversizedOutputs.shrink(refused, REFUSED);

        DeadLetter d = Topics.RUNS_DLQ.decode(0, 0, small.value());
        assertNull(d.getValue());
        assertEquals(huge.getTopic(), d.getTopic());
        assertEquals(huge.getOffset(), d.getOffset());
        assertTrue(d.getError().toString().startsWith("the record's bytes are left out"), d.getError().toString());
        assertTrue(d.getError().toString().endsWith(huge.getError().toString()), d.getError().toString());
    }

    @Test
    void refusesRecordsOfOtherTopics() {
        assertThrows(IllegalArgumentException.class,
                () -> OversizedOutputs.shrink(new ProducerRecord<>(Topics.RUNS_METRICS.name(), new byte[0], new byte[10]), REFUSED));
    }
}
