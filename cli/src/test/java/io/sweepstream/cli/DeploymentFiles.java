package io.sweepstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** What the deployment tests share: the files, parsed, and the checks that a command is a real {@code sweep} command. */
final class DeploymentFiles {

    static final Path ROOT = Cli.repositoryRoot();
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    static final Path K8S = ROOT.resolve("deploy/k8s");
    /** The image's entrypoint script: what comes after it is the sweep command line. */
    static final String ENTRYPOINT = "/opt/sweep/entrypoint.sh";

    /**
     * The queue gauges the dashboard serves at {@code /metrics}, which KEDA scales trainers on. One place
     * until the dashboard's metrics land; then these become its constants.
     */
    static final List<String> QUEUE_METRICS = List.of("sweepstream_queue_runs_waiting", "sweepstream_queue_runs_running");

    private DeploymentFiles() {
    }

    /** Every YAML document in {@code file}. */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                if (doc != null) {
                    docs.add(map(doc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }

    /**
     * Parses {@code args} as the sweep command line (without running it, with no environment) and returns
     * the subcommand's name; fails with picocli's message when they are not a valid command.
     */
    static String parseAsSweepCommand(List<String> args) {
        var parsed = SweepCommand.commandLine(name -> null).parseArgs(args.toArray(String[]::new));
        if (!parsed.hasSubcommand()) {
            throw new AssertionError("not a subcommand of sweep: " + args);
        }
        String name = parsed.subcommand().commandSpec().name();
        if (name.equals("help") || parsed.subcommand().isUsageHelpRequested()) {
            throw new AssertionError("a role must run something, not print help: " + args);
        }
        return name;
    }

    /** The names of every environment variable the CLI reads, from its one table. */
    static Set<String> variablesTheCliReads() {
        return EnvDefaults.VARIABLES.stream().map(EnvDefaults.Var::name).collect(Collectors.toSet());
    }
}
