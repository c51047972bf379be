package io.sweepstream.trainer.kafka;

import java.util.List;

import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a worker writes instead of an outcome that Kafka refused as too large (over the producer's
 * {@code max.request.size} or the broker's {@code message.max.bytes}, 1 MB by default). Retrying the same
 * record can never succeed, and stopping the worker would only hand the run to the next trainer, which
 * would stop the same way: so the outcome is cut down to what always fits, and says why.
 *
 * <ul>
 *   <li>a result becomes FAILED, without its confusion matrix, with its text fields cut to {@link #KEEP}
 *       characters and the reason {@code result too large for Kafka (N bytes): ...};</li>
 *   <li>a dead letter keeps its position and reason but leaves out the original bytes.</li>
 * </ul>
 */
final class OversizedOutputs {

    /** Characters kept of each text field of a cut-down record: enough to tell what went wrong. */
    static final int KEEP = 2_000;

    static {
        AvroClassTrust.install(); // copying a generated record checks that its classes are trusted
    }

    private OversizedOutputs() {
    }

    /** The cut-down record for {@code refused}; throws if it is of no topic this worker writes outcomes to. */
    static ProducerRecord<byte[], byte[]> shrink(ProducerRecord<byte[], byte[]> refused, Exception why) {
        int size = refused.value() == null ? 0 : refused.value().length;
        if (refused.topic().equals(Topics.RUNS_RESULTS.name())) {
            RunResult r = Topics.RUNS_RESULTS.decode(0, 0, refused.value());
            RunResult small = RunResult.newBuilder(r)
                    .setStatus(RunStatus.FAILED)
                    .setDataset(cut(r.getDataset()))
                    .setConfusionMatrix(null)
                    .setClassNames(List.of())
                    .setError(cut("result too large for Kafka (" + size + " bytes; " + why.getMessage() + "), so only this was kept; "
                            + (r.getError() == null ? "the run ended " + r.getStatus() : "its reason began: " + r.getError())))
                    .build();
            return ResultPublisher.resultRecord(small);
        }
        if (refused.topic().equals(Topics.RUNS_DLQ.name())) {
            DeadLetter d = Topics.RUNS_DLQ.decode(0, 0, refused.value());
            DeadLetter small = DeadLetter.newBuilder(d)
                    .setKey(null)
                    .setValue(null)
                    .setError(cut("the record's bytes are left out: its dead letter was too large for Kafka (" + size + " bytes); "
                            + d.getError()))
                    .build();
            return new ProducerRecord<>(Topics.RUNS_DLQ.name(), refused.key() != null && refused.key().length <= KEEP ? refused.key() : null,
                    Topics.RUNS_DLQ.encode(small));
        }
        throw new IllegalArgumentException("no smaller form for a record of topic " + refused.topic());
    }

    private static String cut(CharSequence text) {
        String s = text.toString();
        return s.length() <= KEEP ? s : s.substring(0, KEEP) + "... (" + (s.length() - KEEP) + " more characters)";
    }
}
