package io.sweepstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import io.sweepstream.schemas.avro.Hyperparameters;

class HyperparameterTest {

    private static Hyperparameters defaults() {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, h.defaultValue());
        }
        return Hyperparameter.toAvro(values);
    }

    @Test
    void everyFieldOfTheWireRecordIsOneRowOfTheTableInTheSameOrder() {
        List<String> fields = Hyperparameters.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
        List<String> camelNames = Arrays.stream(Hyperparameter.values()).map(h -> camel(h.specName())).toList();
        assertEquals(fields, camelNames);
    }

    @Test
    void categoricalChoicesAreTheAvroSymbolsInLowerCase() {
        for (Hyperparameter h : Hyperparameter.values()) {
            Schema field = Hyperparameters.getClassSchema().getField(camel(h.specName())).schema();
            if (h.type() == Hyperparameter.Type.CATEGORICAL) {
                assertEquals(Schema.Type.ENUM, field.getType(), h.specName());
                assertEquals(field.getEnumSymbols().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(), h.choices());
                assertTrue(h.choices().contains((String) h.defaultValue()), h.specName());
            } else {
                assertEquals(h.type() == Hyperparameter.Type.INT ? Schema.Type.INT : Schema.Type.DOUBLE, field.getType(), h.specName());
                assertTrue(h.range().orElseThrow().contains(((Number) h.defaultValue()).doubleValue()), h.specName());
            }
        }
    }

    @Test
    void defaultsTheWireRecordDeclaresAreTheTablesDefaults() {
        for (Schema.Field f : Hyperparameters.getClassSchema().getFields()) {
            if (f.hasDefaultValue()) {
                Hyperparameter h = Hyperparameter.fromSpecName(snake(f.name())).orElseThrow();
                assertEquals(((Number) h.defaultValue()).doubleValue(), ((Number) f.defaultVal()).doubleValue(), f.name());
            }
        }
    }

    @Test
    void writesAndReadsEveryValueBackUnchanged() {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, switch (h.type()) {
                case INT -> 7 + h.ordinal();
                case REAL -> 0.5 / (1 + h.ordinal());
                case CATEGORICAL -> h.choices().get(h.choices().size() - 1);
            });
        }
        Hyperparameters wire = Hyperparameter.toAvro(values);
        for (Hyperparameter h : Hyperparameter.values()) {
            assertEquals(values.get(h), h.read(wire), h.specName());
        }
    }

    @Test
    void textIsWhatASpecWouldWrite() {
        Hyperparameters h = defaults();
        assertEquals("0.001", Hyperparameter.LEARNING_RATE.text(h));
        assertEquals("0.00000001", Hyperparameter.text(h, "epsilon"));
        assertEquals("0", Hyperparameter.text(h, "weight_decay"));
        assertEquals("xavier", Hyperparameter.text(h, "weight_init"));
        assertEquals("64", Hyperparameter.text(h, "hidden_size"));
    }

    @Test
    void anUnknownNameIsRejectedWithTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hyperparameter.text(defaults(), "lr"));
        assertTrue(e.getMessage().contains("allowed: epochs, batch_size"), e.getMessage());
    }

    @Test
    void requireNamesTheFieldTheDomainAndTheValueFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hyperparameter.LEARNING_RATE.require("learningRate", -0.5));
        assertEquals("learningRate must be > 0, found -0.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hyperparameter.MOMENTUM.require("momentum", 1.0));
        assertThrows(IllegalArgumentException.class, () -> Hyperparameter.EPSILON.require("epsilon", Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Hyperparameter.WEIGHT_DECAY.require("weightDecay", Double.NaN));
        assertEquals(0.0, Hyperparameter.MOMENTUM.require("momentum", 0.0));
        assertEquals(1, Hyperparameter.EPOCHS.require("epochs", 1));
    }

    @Test
    void categoricalsAreMatchedIgnoringCaseAndStoredInLowerCase() {
        assertEquals("relu", Hyperparameter.ACTIVATION.canonicalise("ReLU"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hyperparameter.OPTIMIZER.canonicalise("adamw"));
        assertEquals("unknown optimizer \"adamw\"; allowed: sgd, momentum, nag, rmsprop, adam, nadam", e.getMessage());
    }

    @Test
    void abbreviationsStartWithTheShortFlagAndNameOneParameterEach() {
        assertEquals(List.of("lr"), Hyperparameter.LEARNING_RATE.abbreviations());
        assertEquals(List.of("b", "bs"), Hyperparameter.BATCH_SIZE.abbreviations());
        assertEquals("-w_d/--weight_decay", Hyperparameter.WEIGHT_DECAY.flags());
        List<String> all = Arrays.stream(Hyperparameter.values()).flatMap(h -> h.abbreviations().stream()).toList();
        assertEquals(all.size(), all.stream().distinct().count(), all.toString());
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
