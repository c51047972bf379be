package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.search.SearchState;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.testing.MockClients;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The controller's loop without a broker: catch-up, a run with two results, dead letters, refused sends. */
class ControllerLoopTest {

    static final SweepSpec SPEC = SpecParser.parse("""
            name: paced
            method: grid
            parallelism: 2
            parameters:
              hidden_size: {values: [8, 16, 32, 64, 128]}
            """);
    private static final byte[] GARBAGE = {1, 2, 3};

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    private MockClients clients;
    private ControllerLoop loop;

    private void start(Map<String, Long> ends) {
        clients = new MockClients(ControllerLoop.INPUTS, ends);
        loop = new ControllerLoop(clients.consumer, clients.producer);
        loop.step(0);
    }

    @Test
    void decidesNothingBeforeItHasReadTheInputsUpToTheirEndAtStart() {
        start(Map.of(Topics.SWEEPS.name(), 1L, Topics.RUNS_REQUESTED.name(), 2L));
        clients.add(Topics.SWEEPS, "sw", SweepRecords.definition("sw", SPEC, 5, 0));
        for (int t = 1; t <= 5; t++) {
            loop.step(t);
        }
        assertFalse(loop.caughtUp());
        assertEquals(List.of(), clients.sentTo(Topics.RUNS_REQUESTED), "the two runs it published before a restart are not read yet");

        clients.add(Topics.RUNS_REQUESTED, "sw-r0000", request(0));
        clients.add(Topics.RUNS_REQUESTED, "sw-r0001", request(1));
        loop.step(6);

        assertTrue(loop.caughtUp());
        assertEquals(List.of(), clients.sentTo(Topics.RUNS_REQUESTED), "two runs in flight: no room");
    }

    @Test
    void aRunWithTwoResultsFreesOneSlot() {
        start(Map.of());
        clients.add(Topics.SWEEPS, "sw", SweepRecords.definition("sw", SPEC, 5, 0));
        loop.step(1);
        assertEquals(List.of(0, 1), indexes());

        clients.add(Topics.RUNS_RESULTS, "sw-r0000", result(0, 0.5));
        clients.add(Topics.RUNS_RESULTS, "sw-r0000", result(0, 0.5));
        loop.step(2);
        loop.step(3);

        assertEquals(List.of(0, 1, 2), indexes(), "one run finished, one slot freed");
    }

    @Test
    void poisonOnEachInputGoesToTheDeadLetterTopicWithItsReasonAndTheControllerGoesOn() {
        start(Map.of());
        for (String topic : ControllerLoop.INPUTS) {
            clients.addBytes(topic, ("key-" + topic).getBytes(StandardCharsets.UTF_8), GARBAGE);
        }
        clients.add(Topics.SWEEPS, "sw", SweepRecords.definition("sw", SPEC, 5, 0));

        loop.step(1);

        Set<String> topics = new HashSet<>();
        for (ProducerRecord<byte[], byte[]> letter : clients.sentTo(Topics.RUNS_DLQ)) {
            DeadLetter d = Topics.RUNS_DLQ.decode(0, 0, letter.value());
            topics.add(d.getTopic());
            assertEquals(UndecodableRecordException.class.getName(), d.getExceptionClass());
            assertTrue(d.getError().contains("not Avro single-object encoding"), d.getError());
            assertEquals("sweep-controller", d.getConsumer());
            assertArrayEquals(("key-" + d.getTopic()).getBytes(StandardCharsets.UTF_8), letter.key(), "keyed by the original key bytes");
        }
        assertEquals(Set.copyOf(ControllerLoop.INPUTS), topics, "one dead letter per input topic");
        assertEquals(3, loop.deadLettered());
        assertEquals(List.of(0, 1), indexes(), "the sweep is fed all the same");
    }

    @Test
    void aRunKafkaRefusedIsSentAgainAsItWasAndStillCountsAsInFlight() {
        start(Map.of());
        clients.add(Topics.SWEEPS, "sw", SweepRecords.definition("sw", SPEC, 5, 0));
        loop.step(1);
        byte[] first = clients.sentTo(Topics.RUNS_REQUESTED).get(0).value();

        clients.producer.errorNext(new TimeoutException("broker away"));
        assertThrows(TimeoutException.class, () -> loop.step(2), "retriable: the caller waits and retries");
        loop.step(3);

        List<ProducerRecord<byte[], byte[]>> sent = clients.sentTo(Topics.RUNS_REQUESTED);
        assertEquals(3, sent.size(), "run 0 sent again, and no third run: it is still in flight");
        assertArrayEquals(first, sent.get(2).value(), "the same request, not a new plan");
    }

    @Test
    void aSendKafkaRefusesForGoodIsThrownAsIs() {
        start(Map.of());
        clients.add(Topics.SWEEPS, "sw", SweepRecords.definition("sw", SPEC, 5, 0));
        loop.step(1);

        clients.producer.errorNext(new TopicAuthorizationException(Set.of(Topics.RUNS_REQUESTED.name())));

        assertThrows(TopicAuthorizationException.class, () -> loop.step(2));
    }

    private static final SweepSpec WITH_FOLLOWUP = SpecParser.parse("""
            name: fu
            method: grid
            followup: {dataset: mnist, top_k: 2}
            parameters:
              hidden_size: {values: [8, 16]}
            """);

    private static RunResult followupResult(int index) {
        PlannedRun run = SearchStrategy.create(WITH_FOLLOWUP.method()).next(WITH_FOLLOWUP, index, SearchState.EMPTY, 1).get(0);
        RunRequest q = SweepRecords.request("fu", WITH_FOLLOWUP, run, 0);
        return RunResult.newBuilder(result(0, 0.5 + index * 0.1)).setSweepId("fu").setRunId(q.getRunId())
                .setHyperparameters(q.getHyperparameters()).setSeed(q.getSeed()).build();
    }

    @Test
    void anEndedSweepsFollowupGoesOutOnceItsRunsFirstAndItsDefinitionWhenKafkaHasThemAll() {
        start(Map.of());
        clients.add(Topics.SWEEPS, "fu", SweepRecords.definition("fu", WITH_FOLLOWUP, 2, 0));
        clients.add(Topics.RUNS_RESULTS, "fu-r0000", followupResult(0));
        loop.step(1);
        assertEquals(List.of(), clients.sentTo(Topics.RUNS_REQUESTED), "one of two runs has a result: not ended");

        clients.add(Topics.RUNS_RESULTS, "fu-r0001", followupResult(1));
        loop.step(2);
        List<RunRequest> runs = clients.sentTo(Topics.RUNS_REQUESTED).stream().map(r -> Topics.RUNS_REQUESTED.decode(0, 0, r.value())).toList();
        assertEquals(List.of("fu-followup-mnist-r0000", "fu-followup-mnist-r0001"), runs.stream().map(RunRequest::getRunId).toList());
        assertEquals(16, runs.get(0).getHyperparameters().getHiddenSize(), "the best first");
        assertEquals(List.of(), clients.sentTo(Topics.SWEEPS), "no definition before Kafka has the runs");

        loop.step(3);
        clients.producer.completeNext();
        loop.step(4);
        assertEquals(List.of(), clients.sentTo(Topics.SWEEPS), "one run acknowledged of two");
        clients.producer.completeNext();
        loop.step(5);
        List<ProducerRecord<byte[], byte[]>> definitions = clients.sentTo(Topics.SWEEPS);
        assertEquals(1, definitions.size());
        SweepDefinition followup = Topics.SWEEPS.decode(0, 0, definitions.get(0).value());
        assertEquals("fu", followup.getFollowupOf());

        clients.add(Topics.SWEEPS, followup.getSweepId(), followup);     // read back
        clients.add(Topics.RUNS_RESULTS, "fu-r0001", followupResult(1)); // the original changes again
        loop.step(6);
        loop.step(7);
        assertEquals(2, clients.sentTo(Topics.RUNS_REQUESTED).size(), "published once");
        assertEquals(1, clients.sentTo(Topics.SWEEPS).size());
    }

    @Test
    void aFollowupRunKafkaRefusedPublishesTheSameFollowupAgain() {
        start(Map.of());
        clients.add(Topics.SWEEPS, "fu", SweepRecords.definition("fu", WITH_FOLLOWUP, 2, 0));
        clients.add(Topics.RUNS_RESULTS, "fu-r0000", followupResult(0));
        clients.add(Topics.RUNS_RESULTS, "fu-r0001", followupResult(1));
        loop.step(1);
        byte[] first = clients.sentTo(Topics.RUNS_REQUESTED).get(0).value();

        clients.producer.errorNext(new TimeoutException("broker away"));
        assertThrows(TimeoutException.class, () -> loop.step(2));
        loop.step(3);

        List<ProducerRecord<byte[], byte[]>> sent = clients.sentTo(Topics.RUNS_REQUESTED);
        assertEquals(4, sent.size(), "both runs again");
        assertEquals(Topics.RUNS_REQUESTED.decode(0, 0, first).getHyperparameters(), Topics.RUNS_REQUESTED.decode(0, 0, sent.get(2).value()).getHyperparameters());
        assertEquals(Topics.RUNS_REQUESTED.decode(0, 0, first).getRunId(), Topics.RUNS_REQUESTED.decode(0, 0, sent.get(2).value()).getRunId(), "same run ids: one run each");
        assertEquals(List.of(), clients.sentTo(Topics.SWEEPS));
    }

    private List<Integer> indexes() {
        return clients.sentTo(Topics.RUNS_REQUESTED).stream()
                .map(r -> Topics.RUNS_REQUESTED.decode(0, 0, r.value()).getRunIndex())
                .collect(Collectors.toList());
    }

    static RunRequest request(int index) {
        PlannedRun run = SearchStrategy.create(SPEC.method()).next(SPEC, index, SearchState.EMPTY, 1).get(0);
        return SweepRecords.request("sw", SPEC, run, 0);
    }

    static RunResult result(int index, double valAccuracy) {
        RunRequest q = request(index);
        return RunResult.newBuilder()
                .setSweepId(q.getSweepId()).setRunId(q.getRunId()).setStatus(RunStatus.FINISHED)
                .setHyperparameters(q.getHyperparameters()).setDataset(q.getDataset()).setSeed(q.getSeed())
                .setBestValAccuracy(valAccuracy).setEpochsCompleted(1).setDurationMs(10).setWorkerId("test").setFinishedAtMs(1)
                .build();
    }
}
