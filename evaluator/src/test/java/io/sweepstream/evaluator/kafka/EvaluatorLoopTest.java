package io.sweepstream.evaluator.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sweepstream.evaluator.leaderboard.SweepAggregator;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.testing.MockClients;
import io.sweepstream.schemas.topic.ErrorKind;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluator's loop without a broker: catch-up, acknowledged publishing, dead letters. */
class EvaluatorLoopTest {

    private static final byte[] GARBAGE = {1, 2, 3};

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install(); // the sample events are copied with newBuilder(other)
    }

    private MockClients clients;
    private EvaluatorLoop loop;

    /** Starts a loop on inputs holding {@code ends} records per topic (none: caught up at once). */
    private void start(Map<String, Long> ends) {
        start(ends, Duration.ZERO);
    }

    private void start(Map<String, Long> ends, Duration publishInterval) {
        clients = new MockClients(EvaluatorLoop.INPUTS, ends);
        loop = new EvaluatorLoop(clients.consumer, clients.producer, new SweepAggregator(3), publishInterval);
        loop.step(0);
    }

    @Test
    void publishesAtMostOncePerIntervalButASweepsLastResultAtOnce() {
        start(Map.of(), Duration.ofSeconds(60));
        clients.add(Topics.SWEEPS, "sw", definition("val_accuracy", 2));
        loop.step(1);
        assertEquals(1, clients.sentTo(Topics.SWEEPS_SUMMARY).size(), "the first summary goes out at once");

        clients.add(Topics.RUNS_RESULTS, "r1", result("r1", 0.8));
        loop.step(2);
        assertEquals(1, clients.sentTo(Topics.SWEEPS_SUMMARY).size(), "a change within the interval waits for it");

        clients.add(Topics.RUNS_RESULTS, "r2", result("r2", 0.9));
        loop.step(3);
        List<ProducerRecord<byte[], byte[]>> sent = clients.sentTo(Topics.SWEEPS_SUMMARY);
        assertEquals(2, sent.size(), "the result that ends the sweep is published without waiting for the interval");
        SweepSummary last = Topics.SWEEPS_SUMMARY.decode(0, 0, sent.get(1).value());
        assertEquals(SweepStatus.FINISHED, last.getStatus());
        assertEquals(2, last.getCounts().getFinished());
    }

    @Test
    void publishesNothingUntilItHasReadTheInputsUpToTheirEndAtStart() {
        start(Map.of(Topics.SWEEPS.name(), 1L, Topics.RUNS_RESULTS.name(), 2L));
        clients.add(Topics.SWEEPS, "sw", definition("val_accuracy", 2));
        clients.add(Topics.RUNS_RESULTS, "r1", result("r1", 0.8));

        for (long t = 1; t <= 20_000; t += 1_000) { // well past the stall warning: it keeps waiting
            loop.step(t);
        }
        assertFalse(loop.caughtUp());
        assertEquals(List.of(), clients.sentTo(Topics.SWEEPS_SUMMARY), "a half-built view is not published");

        clients.add(Topics.RUNS_RESULTS, "r2", result("r2", 0.9));
        loop.step(20_001);

        assertTrue(loop.caughtUp());
        List<ProducerRecord<byte[], byte[]>> sent = clients.sentTo(Topics.SWEEPS_SUMMARY);
        assertEquals(1, sent.size());
        SweepSummary s = Topics.SWEEPS_SUMMARY.decode(0, 0, sent.get(0).value());
        assertEquals(2, s.getCounts().getFinished());
        assertEquals(SweepStatus.FINISHED, s.getStatus());
        assertArrayEquals("sw".getBytes(StandardCharsets.UTF_8), sent.get(0).key());
    }

    @Test
    void aSummaryCountsAsPublishedOnlyWhenKafkaAcknowledgedItAndAFailedOneIsSentAgain() {
        start(Map.of());
        clients.add(Topics.SWEEPS, "sw", definition("val_accuracy", 1));
        loop.step(1);
        assertEquals(1, clients.sentTo(Topics.SWEEPS_SUMMARY).size());
        assertNull(loop.latest("sw"), "sent, not yet acknowledged");

        clients.producer.errorNext(new TimeoutException("broker away"));
        assertThrows(TimeoutException.class, () -> loop.step(2), "retriable: the caller waits and retries");
        assertNull(loop.latest("sw"), "a failed send is not a published summary");

        loop.step(3);
        List<ProducerRecord<byte[], byte[]>> sent = clients.sentTo(Topics.SWEEPS_SUMMARY);
        assertEquals(2, sent.size(), "the failed summary is sent again on the next round");
        clients.producer.completeNext();
        assertEquals(Topics.SWEEPS_SUMMARY.decode(0, 0, sent.get(1).value()), loop.latest("sw"));

        loop.step(4);
        assertEquals(2, clients.sentTo(Topics.SWEEPS_SUMMARY).size(), "an acknowledged summary is not sent again");
    }

    @Test
    void poisonOnEachInputGoesToTheDeadLetterTopicWithItsReasonAndTheReplayGoesOn() {
        start(Map.of());
        for (String topic : EvaluatorLoop.INPUTS) {
            clients.addBytes(topic, ("key-" + topic).getBytes(StandardCharsets.UTF_8), GARBAGE);
        }
        clients.add(Topics.SWEEPS, "sw", definition("val_accuracy", 1));
        clients.add(Topics.RUNS_RESULTS, "r1", result("r1", 0.8));

        loop.step(1);

        List<ProducerRecord<byte[], byte[]>> letters = clients.sentTo(Topics.RUNS_DLQ);
        Set<String> topics = new HashSet<>();
        for (ProducerRecord<byte[], byte[]> letter : letters) {
            DeadLetter d = Topics.RUNS_DLQ.decode(0, 0, letter.value());
            topics.add(d.getTopic());
            assertEquals(0L, d.getOffset());
            assertEquals(UndecodableRecordException.class.getName(), d.getExceptionClass());
            assertTrue(d.getError().contains("not Avro single-object encoding"), d.getError());
            assertEquals("evaluator", d.getConsumer());
            assertArrayEquals(("key-" + d.getTopic()).getBytes(StandardCharsets.UTF_8), letter.key(), "keyed by the original key bytes");
        }
        assertEquals(Set.copyOf(EvaluatorLoop.INPUTS), topics, "one dead letter per input topic");
        assertEquals(EvaluatorLoop.INPUTS.size(), loop.deadLettered());
        SweepSummary s = Topics.SWEEPS_SUMMARY.decode(0, 0, clients.sentTo(Topics.SWEEPS_SUMMARY).get(0).value());
        assertEquals(1, s.getCounts().getFinished(), "the good records after the poison are read");
    }

    @Test
    void aDefinitionNoSummaryCanBeBuiltFromIsDeadLetteredAndTheEvaluatorGoesOn() {
        start(Map.of());
        clients.add(Topics.SWEEPS, "bad", SweepDefinition.newBuilder(definition("f1_score", 1)).setSweepId("bad").build());
        clients.add(Topics.SWEEPS, "sw", definition("val_accuracy", 1));

        loop.step(1);

        DeadLetter d = Topics.RUNS_DLQ.decode(0, 0, clients.sentTo(Topics.RUNS_DLQ).get(0).value());
        assertTrue(d.getError().contains("unknown metric \"f1_score\""), d.getError());
        assertEquals(1, clients.sentTo(Topics.SWEEPS_SUMMARY).size(), "only the good sweep has a summary");
    }

    @Test
    void aDeadLetterThatFailedToSendIsSentAgain() {
        start(Map.of());
        clients.addBytes(Topics.RUNS_METRICS.name(), null, GARBAGE);
        loop.step(1);

        clients.producer.errorNext(new TimeoutException("broker away"));
        assertThrows(TimeoutException.class, () -> loop.step(2));

        assertEquals(2, clients.sentTo(Topics.RUNS_DLQ).size());
        assertEquals(1, loop.deadLettered(), "one poison record, sent twice");
    }

    @Test
    void aSendKafkaRefusesForGoodIsThrownAsIs() {
        start(Map.of());
        clients.add(Topics.SWEEPS, "sw", definition("val_accuracy", 1));
        loop.step(1);

        clients.producer.errorNext(new TopicAuthorizationException(Set.of(Topics.SWEEPS_SUMMARY.name())));

        assertThrows(TopicAuthorizationException.class, () -> loop.step(2));
    }

    @Test
    void aMissingInputTopicIsWaitedForNotReplayedWithout() {
        String missing = Topics.RUNS_RESULTS.name();
        List<String> others = EvaluatorLoop.INPUTS.stream().filter(t -> !t.equals(missing)).toList();
        clients = new MockClients(others, Map.of());
        loop = new EvaluatorLoop(clients.consumer, clients.producer, new SweepAggregator(3), Duration.ZERO);

        UnknownTopicOrPartitionException e = assertThrows(UnknownTopicOrPartitionException.class, () -> loop.step(0));
        assertTrue(e.getMessage().contains(missing), e.getMessage());
        assertEquals(ErrorKind.RETRIABLE, ErrorKind.of(e));

        TopicPartition tp = new TopicPartition(missing, 0);
        clients.consumer.updatePartitions(missing, List.of(new PartitionInfo(missing, 0, null, null, null)));
        clients.consumer.updateBeginningOffsets(Map.of(tp, 0L));
        clients.consumer.updateEndOffsets(Map.of(tp, 0L));
        loop.step(1);
        assertTrue(loop.caughtUp());
    }

    static SweepDefinition definition(String metric, int totalRuns) {
        return SweepDefinition.newBuilder(SampleEvents.fullSweepDefinition())
                .setSweepId("sw").setMetricName(metric).setMetricGoal(MetricGoal.MAXIMIZE)
                .setTotalRuns(totalRuns).setStatus(SweepStatus.ACTIVE).setParameters(List.of())
                .build();
    }

    static RunResult result(String runId, double valAccuracy) {
        return RunResult.newBuilder(SampleEvents.fullRunResult())
                .setSweepId("sw").setRunId(runId).setStatus(RunStatus.FINISHED).setBestValAccuracy(valAccuracy)
                .build();
    }
}
