package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.EarlyTermination;
import io.sweepstream.schemas.avro.EarlyTerminationType;
import io.sweepstream.schemas.avro.SweepDefinition;
import org.junit.jupiter.api.Test;

class SweepRecordsTest {

    @Test
    void definitionCarriesTheEarlyTerminationBlockWithItsMilestones() {
        SweepDefinition d = SweepRecords.definition("s1", SpecParser.parse("""
                method: random
                run_cap: 4
                early_terminate: {type: hyperband, max_iter: 27, s: 2, strict: true}
                parameters: {epochs: {value: 27}}
                """), 4, 0);

        assertEquals(EarlyTermination.newBuilder().setType(EarlyTerminationType.HYPERBAND).setEta(3.0)
                .setMaxIter(27).setS(2).setStrict(true).setMilestones(List.of(3, 9)).build(), d.getEarlyTermination());
    }

    @Test
    void definitionWithoutEarlyTerminateHasNone() {
        SweepDefinition d = SweepRecords.definition("s2", SpecParser.parse("method: grid\nparameters: {epochs: {value: 1}}\n"), 1, 0);

        assertNull(d.getEarlyTermination());
    }
}
