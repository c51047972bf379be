package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code SWEEP_*} variables set the flags' defaults; a flag on the command line wins. */
class EnvDefaultsTest {

    @TempDir
    Path dir;

    /** Parses (without running) and returns the subcommand's object. */
    @SuppressWarnings("unchecked")
    private static <T> T parse(Map<String, String> env, String... args) {
        CommandLine.ParseResult parsed = SweepCommand.commandLine(env::get).parseArgs(args);
        return (T) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void anEnvironmentVariableBecomesTheFlagsDefault() {
        TrainerCommand t = parse(Map.of("SWEEP_BOOTSTRAP", "kafka:9092", "SWEEP_THREADS", "3", "SWEEP_WORKER_ID", "pod-7",
                "SWEEP_KAFKA_CONFIG", "/etc/sweep/kafka.properties"), "trainer");

        assertEquals("kafka:9092", t.kafka.bootstrapServers());
        assertEquals(3, t.threads);
        assertEquals("pod-7", t.workerId);
        assertEquals(Path.of("/etc/sweep/kafka.properties"), t.kafka.kafkaConfig);
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariable() {
        TrainerCommand t = parse(Map.of("SWEEP_BOOTSTRAP", "kafka:9092", "SWEEP_THREADS", "3"),
                "trainer", "--bootstrap", "other:9092", "--threads", "2");

        assertEquals("other:9092", t.kafka.bootstrapServers());
        assertEquals(2, t.threads);
    }

    @Test
    void withNeitherTheBuiltInDefaultsHold() {
        TrainerCommand t = parse(Map.of(), "trainer");

        assertEquals("localhost:9092", t.kafka.bootstrapServers());
        assertEquals(1, t.threads);
        assertNull(t.workerId);
        assertNull(t.kafka.kafkaConfig);
    }

    @Test
    void dashboardVariablesSetTheDashboardOnlyNotTheBrokersSameNamedFlags() {
        Map<String, String> env = Map.of("SWEEP_DASHBOARD_HOST", "0.0.0.0", "SWEEP_DASHBOARD_PORT", "8081",
                "SWEEP_DASHBOARD_TOKEN", "t0k");
        DashboardCommand d = parse(env, "dashboard");
        BrokerCommand b = parse(env, "broker");

        assertEquals("0.0.0.0", d.host);
        assertEquals(8081, d.port);
        assertEquals("t0k", d.token);
        assertEquals("localhost", b.host);
        assertEquals(9092, b.port);
    }

    @Test
    void topicsTakesItsReplicationFactorAndTheBootstrapFromTheEnvironment() {
        TopicsCommand t = parse(Map.of("SWEEP_TOPIC_REPLICATION", "3", "SWEEP_BOOTSTRAP", "kafka:9092"), "topics");

        assertEquals(3, t.replicationFactor);
        assertEquals("kafka:9092", t.kafka.bootstrapServers());
    }

    @Test
    void everyVariableWithAFlagNamesAFlagThatExistsOnEachOfItsCommands() {
        CommandLine root = SweepCommand.commandLine(name -> null);
        Set<String> names = new HashSet<>();
        for (EnvDefaults.Var v : EnvDefaults.VARIABLES) {
            assertTrue(v.name().startsWith("SWEEP_") && names.add(v.name()), () -> "one row per variable: " + v.name());
            for (String command : v.commands()) {
                CommandLine sub = root.getSubcommands().get(command);
                assertNotNull(sub, () -> v.name() + ": no subcommand " + command);
                assertNotNull(sub.getCommandSpec().findOption(v.flag()), () -> v.name() + ": sweep " + command + " has no " + v.flag());
            }
        }
    }

    @Test
    void everySubcommandWithKafkaOptionsTakesTheKafkaVariables() {
        SweepCommand.commandLine().getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().findOption("--bootstrap") != null) {
                assertTrue(EnvDefaults.KAFKA_COMMANDS.contains(name), () -> "sweep " + name + " has --bootstrap but ignores $SWEEP_BOOTSTRAP");
            }
        });
    }

    @Test
    void theReadmesTableNamesEveryVariable() throws Exception {
        String readme = Files.readString(Cli.repositoryRoot().resolve("README.md"));
        for (EnvDefaults.Var v : EnvDefaults.VARIABLES) {
            assertTrue(readme.contains("| `" + v.name() + "` |"), () -> "README's configuration table has a row for " + v.name());
        }
    }

    @Test
    void theKafkaPropertiesFileReachesTheKafkaClients() throws Exception {
        // An invalid value is refused by the admin client's own config check: proof the file got there.
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "security.protocol=NOT_A_PROTOCOL\n");

        Cli.Result r = Cli.run("status", "--bootstrap", "localhost:1", "--kafka-config", file.toString());

        assertEquals(2, r.exitCode(), r::transcript);
        assertTrue(r.err().contains("security.protocol") || r.err().contains("NOT_A_PROTOCOL"), r::transcript);
    }
}
