package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.sweepstream.schemas.Hyperparameter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Pins {@code sweep train}'s flags to the hyperparameter table: picocli wants the names, help texts and defaults as
 * annotation constants, so this test is what keeps them equal to the table's names, short flags and domains.
 */
class TrainCommandOptionsTest {

    private final CommandLine.Model.CommandSpec spec = new CommandLine(new TrainCommand()).getCommandSpec();

    @Test
    void everyHyperparameterIsAFlagNamedByTheTableInTheTablesOrder() {
        List<String> hyperparameterFlags = spec.options().stream().map(OptionSpec::longestName)
                .filter(n -> Hyperparameter.fromSpecName(n.substring(2)).isPresent()).toList();
        assertEquals(Hyperparameter.NAMES.stream().map(n -> "--" + n).toList(), hyperparameterFlags);
        for (Hyperparameter h : Hyperparameter.values()) {
            OptionSpec option = spec.findOption("--" + h.specName());
            assertNotNull(option, h.specName());
            assertEquals(List.of("-" + h.flag(), "--" + h.specName()), Arrays.asList(option.names()), h.specName());
        }
    }

    @Test
    void everyHelpTextStatesTheTablesDomain() {
        for (Hyperparameter h : Hyperparameter.values()) {
            String help = String.join(" ", spec.findOption("--" + h.specName()).description()).toLowerCase(Locale.ROOT);
            if (h.type() == Hyperparameter.Type.CATEGORICAL) {
                h.choices().forEach(choice -> assertTrue(help.contains(choice), () -> h.specName() + " help names " + choice + ": " + help));
            } else {
                String range = h.range().orElseThrow().toString();
                assertTrue(help.contains(range), () -> h.specName() + " help states " + range + ": " + help);
            }
        }
    }

    @Test
    void everyDefaultLiesInTheTablesDomain() {
        for (Hyperparameter h : Hyperparameter.values()) {
            OptionSpec option = spec.findOption("--" + h.specName());
            Object value = switch (h.type()) {
                case INT -> Integer.valueOf(option.defaultValue());
                case REAL -> Double.valueOf(option.defaultValue());
                case CATEGORICAL -> option.defaultValue();
            };
            h.canonicalise(value); // throws naming the value if the default is outside the domain
        }
    }
}
