package io.sweepstream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema history in src/main/resources/schema-history is the single source of truth for both
 * decoding (it ships in the jar) and this compatibility guard. Fixtures that are not real history
 * (an imagined v0, deliberately incompatible schemas) live apart, under test resources fixtures/,
 * so they can never be mistaken for published versions or shadow them on the classpath.
 */
class SchemaHistoryTest {

    static Stream<Schema> currentSchemas() {
        return Topics.all().stream().map(Topic::valueSerde).map(serde -> ((AvroSerde<?>) serde).schema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void currentSchemaIsTheLatestRecordedVersion(Schema current) {
        List<Schema> versions = SchemaHistory.versions(current.getName());
        Schema latest = versions.get(versions.size() - 1);

        // Schema.equals compares names, types, defaults and order, not docs: a doc-only edit
        // needs no new version, anything else does
        assertEquals(latest, current, () -> current.getName() + " differs from its latest recorded version v"
                + versions.size() + ": copy the new schema to "
                + SchemaHistory.resource(current.getName(), versions.size() + 1)
                + " (Schema.toString(true) of the generated class)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void currentSchemaIsBackwardAndForwardCompatibleWithEveryRecordedVersion(Schema current) {
        List<Schema> versions = SchemaHistory.versions(current.getName());

        List<String> problems = CompatibilityGuard.problems(current, versions);

        assertTrue(problems.isEmpty(), () -> "incompatible schema change:\n  " + String.join("\n  ", problems));
    }

    @Test
    void guardAcceptsAddingAFieldWithADefault() {
        Schema current = Topics.RUNS_METRICS.valueSerde() instanceof AvroSerde<?> serde ? serde.schema() : null;

        assertEquals(List.of(), CompatibilityGuard.problems(current, List.of(Fixtures.schema("EpochMetric-v0.avsc"))));
    }

    @Test
    void guardRejectsRenamingARequiredFieldAndNamesIt() {
        Schema v1 = SchemaHistory.versions("EpochMetric").get(0);
        Schema renamed = Fixtures.schema("incompatible/EpochMetric-renamed-field.avsc");

        List<String> problems = CompatibilityGuard.problems(renamed, List.of(v1));

        assertFalse(problems.isEmpty());
        String report = String.join("\n", problems);
        // backward: the new reader has validationAccuracy but no default for it
        assertTrue(report.contains("backward") && report.contains("field validationAccuracy"), report);
        // forward: the old reader still wants valAccuracy, which new records lack
        assertTrue(report.contains("forward") && report.contains("field valAccuracy"), report);
    }

    @Test
    void guardRejectsChangingAFieldTypeAndNamesIt() {
        Schema v1 = SchemaHistory.versions("EpochMetric").get(0);
        Schema changed = Fixtures.schema("incompatible/EpochMetric-changed-type.avsc");

        List<String> problems = CompatibilityGuard.problems(changed, List.of(v1));

        assertEquals(2, problems.size(), String.join("\n", problems)); // int -> string fails both ways
        assertTrue(problems.stream().allMatch(p -> p.contains("field epoch at /fields/3")), String.join("\n", problems));
    }

    @Test
    void historyHasNoVersionOneForAnUnknownRecord() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SchemaHistory.versions("NoSuch"));

        assertTrue(e.getMessage().contains("schema-history/NoSuch/v1.avsc"), e.getMessage());
    }
}
