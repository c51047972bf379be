package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every subcommand, with missing, malformed and out-of-range arguments: exit code 2, exactly one
 * line on stderr, no stack trace, nothing on stdout (nothing started). The subcommands, their
 * options and the options' types come from the command model, so a new subcommand or flag is
 * covered without touching this test; only the values that are out of range for a numeric flag,
 * and the fixed choices of a text flag, are listed here.
 */
class BadArgumentsTest {

    /** The command model, read-only here: built once, since building it takes a few hundred ms (the run itself builds its own). */
    private static final CommandLine COMMANDS = SweepCommand.commandLine();
    /** Nothing listens on port 1: a command that wrongly goes on to Kafka fails differently (exit 1), never waits on a real broker. */
    private static final String NOBODY = "localhost:1";
    private static final String SPEC = Cli.repositoryRoot().resolve("examples/quick.yaml").toString();
    /** Numeric flags where a negative number means something. */
    private static final Set<String> NEGATIVE_ALLOWED = Set.of("--seed");
    /** Numeric flags where 0 is out of range too (0 is a valid port, --show 0 shows none, ...). */
    private static final Set<String> ZERO_OUT_OF_RANGE = Set.of(
            "--trainers", "--top", "--threads", "--epochs", "--batch_size", "--num_layers", "--hidden_size",
            "--learning_rate", "--epsilon", "--repeats", "--max", "--idle-exit", "--replication-factor", "--runs");
    /** Text flags and parameters with a fixed set of values (their type is String, so the model cannot say). */
    private static final Map<String, Set<String>> CHOICES = Map.of(
            "dataset", Set.of("NAME"),
            "train", Set.of("--dataset", "--loss", "--optimizer", "--weight_init", "--activation", "--backend"),
            "trainer", Set.of("--backend"),
            "bench", Set.of("--configs", "--backends", "--peer-dtype"));

    @ParameterizedTest(name = "sweep {0}: {1}")
    @MethodSource("badArguments")
    void exitsWith2AndOneClearLine(String command, String what, List<String> args) {
        Cli.Result r = Cli.run(args.toArray(String[]::new));

        String context = "sweep " + String.join(" ", args) + "\n" + r.transcript();
        assertEquals(2, r.exitCode(), context);
        assertEquals(1, r.errLines().size(), context);
        // "sweep COMMAND: what is wrong"; picocli's help command speaks as "sweep: Unknown subcommand ..."
        String prefix = COMMANDS.getSubcommands().get(command).getCommandSpec().helpCommand()
                ? "sweep: " : "sweep " + command + ": ";
        assertTrue(r.errLines().get(0).startsWith(prefix), context);
        assertTrue(r.errLines().get(0).length() > prefix.length() + 10, context);
        assertFalse(Cli.hasStackTrace(r.err()), context);
        assertEquals("", r.out(), context);
    }

    @Test
    void everySubcommandHasCases() {
        Set<String> covered = new java.util.TreeSet<>();
        badArguments().forEach(a -> covered.add((String) a.get()[0]));
        assertEquals(new java.util.TreeSet<>(COMMANDS.getSubcommands().keySet()), covered);
    }

    static Stream<Arguments> badArguments() {
        List<Arguments> cases = new ArrayList<>();
        COMMANDS.getSubcommands().forEach((name, sub) -> {
            CommandSpec spec = sub.getCommandSpec();
            List<String> valid = validPositionals(spec);
            List<String> base = new ArrayList<>(List.of(name));
            base.addAll(valid);
            if (spec.findOption("--bootstrap") != null) {
                base.addAll(List.of("--bootstrap", NOBODY));
            }
            if (!spec.helpCommand()) {
                // picocli's help command prints the usage whatever flags follow it, as help should
                cases.add(bad(name, "unknown flag", base, "--no-such-flag"));
            }
            boolean takesAnyPositional = spec.positionalParameters().stream().anyMatch(p -> p.arity().max() > 1);
            if (!takesAnyPositional) {
                List<String> full = new ArrayList<>(List.of(name));
                full.addAll(positionals(spec, false));
                full.addAll(base.subList(1 + valid.size(), base.size()));
                cases.add(bad(name, "an argument too many", full, "unexpected-extra"));
            }
            if (!valid.isEmpty()) {
                List<String> without = new ArrayList<>(base);
                without.removeAll(valid);
                cases.add(bad(name, "missing " + spec.positionalParameters().get(0).paramLabel(), without));
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.type() == Path.class && p.required()) {
                    List<String> missingFile = new ArrayList<>(base);
                    missingFile.set(missingFile.indexOf(SPEC), "/nonexistent/spec.yaml");
                    cases.add(bad(name, "nonexistent " + p.paramLabel() + " file", missingFile));
                }
                if (p.type().isEnum() || CHOICES.getOrDefault(name, Set.of()).contains(p.paramLabel())) {
                    List<String> args = new ArrayList<>(List.of(name, "no_such_value"));
                    args.addAll(base.subList(1, base.size()));
                    cases.add(bad(name, "unknown " + p.paramLabel(), args));
                }
            }
            for (OptionSpec o : spec.options()) {
                String flag = o.longestName();
                if (o.usageHelp() || o.versionHelp() || flag.equals("--bootstrap")) {
                    continue;
                }
                if (isNumeric(o)) {
                    cases.add(bad(name, flag + " malformed", base, flag, "twelve"));
                    if (!NEGATIVE_ALLOWED.contains(flag)) {
                        cases.add(bad(name, flag + " negative", base, flag, "-1"));
                    }
                    if (ZERO_OUT_OF_RANGE.contains(flag)) {
                        cases.add(bad(name, flag + " zero", base, flag, "0"));
                    }
                    if (o.type() == int.class || o.type() == Integer.class || o.type() == short.class || o.type() == Short.class) {
                        cases.add(bad(name, flag + " beyond its type", base, flag, "99999999999"));
                    }
                }
                if (o.type().isEnum() || CHOICES.getOrDefault(name, Set.of()).contains(flag)) {
                    cases.add(bad(name, flag + " unknown value", base, flag, "no_such_value"));
                }
            }
        });
        return cases.stream();
    }

    private static Arguments bad(String command, String what, List<String> base, String... extra) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(extra));
        return Arguments.of(command, what, args);
    }

    /** Valid values for the required positional parameters, so that a case gets as far as its bad value. */
    private static List<String> validPositionals(CommandSpec spec) {
        return positionals(spec, true);
    }

    /** Valid values for the positional parameters, the required ones only or all. */
    private static List<String> positionals(CommandSpec spec, boolean requiredOnly) {
        List<String> values = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (requiredOnly && !p.required()) {
                continue;
            }
            if (p.type() == Path.class) {
                values.add(SPEC);
            } else if (p.type().isEnum()) {
                values.add(p.type().getEnumConstants()[0].toString());
            } else if (p.type() == String.class) {
                values.add("some-id");
            } else {
                throw new IllegalStateException(spec.qualifiedName() + " " + p.paramLabel() + ": add a valid value for this type here");
            }
        }
        return values;
    }

    private static boolean isNumeric(ArgSpec a) {
        Class<?> t = a.type();
        return t == short.class || t == Short.class || t == int.class || t == Integer.class || t == long.class || t == Long.class
                || t == double.class || t == Double.class;
    }
}
