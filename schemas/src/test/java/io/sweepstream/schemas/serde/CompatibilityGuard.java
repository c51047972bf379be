package io.sweepstream.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Checks a schema change the way our topics need it: full (backward and forward) compatibility.
 * Backward: a consumer with the new schema reads records written with an old one (replaying a
 * topic from the beginning). Forward: a consumer still on an old schema reads records from an
 * already upgraded producer (rolling upgrades, in any order).
 */
final class CompatibilityGuard {

    private CompatibilityGuard() {}

    /** Every incompatibility between {@code current} and each earlier version; empty if none. */
    static List<String> problems(Schema current, List<Schema> earlier) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < earlier.size(); i++) {
            String name = current.getName() + " v" + (i + 1);
            problems.addAll(check("backward (current reads " + name + ")", current, earlier.get(i)));
            problems.addAll(check("forward (" + name + " reads current)", earlier.get(i), current));
        }
        return problems;
    }

    private static List<String> check(String direction, Schema reader, Schema writer) {
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult().getIncompatibilities()) {
            problems.add(direction + ": field " + fieldPath(reader, incompatibility.getLocation()) + ": "
                    + incompatibility.getType() + " " + incompatibility.getMessage());
        }
        return problems;
    }

    /**
     * Turns Avro's location ("/fields/3/type", a path into the reader schema) into field names
     * ("epoch"; "hyperparameters.learningRate" when nested), which is what a reviewer needs.
     */
    static String fieldPath(Schema reader, String location) {
        List<String> names = new ArrayList<>();
        Schema schema = reader;
        String[] steps = location.split("/");
        try {
            for (int i = 0; i < steps.length; i++) {
                switch (steps[i]) {
                    case "fields" -> {
                        Schema.Field field = schema.getFields().get(Integer.parseInt(steps[++i]));
                        names.add(field.name());
                        schema = field.schema();
                    }
                    case "items" -> schema = schema.getElementType();
                    case "values" -> schema = schema.getValueType();
                    default -> {
                        if (!steps[i].isEmpty() && steps[i].chars().allMatch(Character::isDigit)) {
                            schema = schema.getTypes().get(Integer.parseInt(steps[i])); // union branch
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // an unexpected location shape: fall back to what we resolved, plus the raw location
        }
        return (names.isEmpty() ? "(record)" : String.join(".", names)) + " at " + location;
    }
}
