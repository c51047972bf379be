package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The top-level {@code sweep} command: version, help, unknown subcommands. */
class SweepCommandTest {

    private static final List<String> SUBCOMMANDS = List.of(
            "local", "train", "validate", "submit", "trainer", "evaluator", "controller", "status", "tail", "broker");

    @Test
    void versionPrintsSweepAndTheBuildVersionAndExits0() {
        Cli.Result r = Cli.run("--version");

        assertEquals(0, r.exitCode(), r::transcript);
        String first = r.outLines().get(0);
        assertTrue(first.matches("sweep \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                () -> "first line is 'sweep <version>' with the version the build filtered in, found: " + first);
        assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("Java ")), r::transcript);
        assertEquals("", r.err());
    }

    @Test
    void helpListsEverySubcommandAndExits0() {
        Cli.Result r = Cli.run("--help");

        assertEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.out().startsWith("Usage: sweep"), r::transcript);
        for (String name : SUBCOMMANDS) {
            assertTrue(r.outLines().stream().anyMatch(l -> l.matches("\\s+" + name + "(\\s.*)?")),
                    () -> "--help lists the subcommand '" + name + "' on a line of its own:\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @Test
    void theCommandListShowsEveryDescriptionAsAWholeSentence() {
        // The list shows only the first line of a description: it must not stop mid-sentence.
        SweepCommand.commandLine().getSubcommands().forEach((name, sub) -> {
            String[] description = sub.getCommandSpec().usageMessage().description();
            if (!name.equals("help")) {
                assertTrue(description.length > 0 && description[0].endsWith("."),
                        () -> name + ": first description line ends a sentence: " + String.join(" | ", description));
            }
        });
    }

    @Test
    void aCommandLineThatNamesOneSubcommandBuildsOnlyItAndBehavesAsTheWholeTree() {
        // run() builds only the named subcommand (start-up time); its help and its errors must not change.
        assertEquals(new java.util.ArrayList<>(SweepCommand.commandLine().getSubcommands().keySet()),
                new java.util.ArrayList<>(SweepCommand.SUBCOMMANDS.keySet()), "one list of subcommands, in --help's order");
        SweepCommand.commandLine().getSubcommands().forEach((name, whole) -> {
            if (name.equals("help")) {
                return;
            }
            java.io.StringWriter expected = new java.io.StringWriter();
            whole.setOut(new java.io.PrintWriter(expected));
            whole.usage(whole.getOut());

            Cli.Result r = Cli.run(name, "--help");

            assertEquals(0, r.exitCode(), r::transcript);
            assertEquals(expected.toString(), r.out(), name + " --help");
        });
        Cli.Result unknown = Cli.run("status", "--no-such-flag");
        assertEquals(2, unknown.exitCode(), unknown::transcript);
        assertTrue(unknown.err().startsWith("sweep status: "), unknown::transcript);
    }

    @Test
    void noArgumentsPrintsTheUsageAndExits0() {
        Cli.Result r = Cli.run();

        assertEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.out().startsWith("Usage: sweep"), r::transcript);
    }

    @Test
    void everySubcommandHasItsOwnHelp() {
        for (String name : SUBCOMMANDS) {
            Cli.Result r = Cli.run(name, "--help");
            assertEquals(0, r.exitCode(), () -> name + " --help\n" + r.transcript());
            assertTrue(r.out().startsWith("Usage: sweep " + name), () -> name + " --help\n" + r.transcript());
            assertEquals("", r.err(), () -> name + " --help");
        }
    }

    @Test
    void anUnknownSubcommandExits2WithOneLineOnStderr() {
        Cli.Result r = Cli.run("frobnicate");

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().contains("frobnicate"), r::transcript);
        assertFalse(Cli.hasStackTrace(r.err()), r::transcript);
        assertEquals("", r.out());
    }
}
