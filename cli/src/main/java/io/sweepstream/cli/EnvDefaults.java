package io.sweepstream.cli;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every {@code SWEEP_*} environment variable, in one table, and the picocli default-value provider that
 * makes a variable the default of its flag: a flag given on the command line wins over the variable,
 * the variable over the flag's built-in default. Containers and Kubernetes configure the roles this way.
 *
 * <p>A few variables are read where they are used instead ({@link Var#flagDefault()} false): the data
 * directory (the dataset locator treats it more leniently than {@code --data-dir}: a directory without
 * the files is skipped, not an error), the backend (so messages say it was forced by the variable), and
 * those of the {@code ./sweep} script and the error handler. They are in the table so that it is complete.
 */
final class EnvDefaults implements CommandLine.IDefaultValueProvider {

    /** Subcommands that talk to a running Kafka (those with {@link KafkaOptions}). */
    static final Set<String> KAFKA_COMMANDS = Set.of("trainer", "evaluator", "controller", "dashboard", "submit", "status",
            "stop", "pause", "resume", "cancel", "extend", "followup", "tail", "topics", "report");

    /**
     * One environment variable.
     *
     * @param name         the variable
     * @param flag         the flag it stands for, or null when it has none
     * @param commands     the subcommands whose flag it sets (empty: the flag does not exist, or the variable is read elsewhere)
     * @param defaultText  the default when neither is given, as the README says it
     * @param meaning      what it sets
     * @param flagDefault  whether this provider makes it the flag's default (else it is read where it is used)
     */
    record Var(String name, String flag, Set<String> commands, String defaultText, String meaning, boolean flagDefault) {
        Var {
            Objects.requireNonNull(name);
            commands = Set.copyOf(commands);
        }
    }

    static final List<Var> VARIABLES = List.of(
            new Var("SWEEP_BOOTSTRAP", "--bootstrap", KAFKA_COMMANDS, "localhost:9092",
                    "Kafka bootstrap servers", true),
            new Var("SWEEP_KAFKA_CONFIG", "--kafka-config", KAFKA_COMMANDS, "none",
                    "Kafka client properties file (security.protocol, sasl.*, ssl.*) merged into every Kafka client", true),
            new Var("SWEEP_WORKER_ID", "--id", Set.of("trainer"), "trainer-<random>",
                    "the trainer's worker id (on Kubernetes: the pod name)", true),
            new Var("SWEEP_THREADS", "--threads", Set.of("trainer", "train"), "1",
                    "threads per run for the matrix products", true),
            new Var("SWEEP_BACKEND", "--backend", Set.of("trainer", "train"), "auto",
                    "matrix-multiply backend: auto, blas, vector, ejml (read by the engine)", false),
            new Var("SWEEP_DATA_DIR", "--data-dir", Set.of("trainer", "train", "local", "bench", "dataset"), "none",
                    "directory with the IDX files, searched before the user cache (read by the dataset locator; a directory "
                            + "without the files is skipped, where --data-dir is an error)", false),
            new Var("SWEEP_DASHBOARD_HOST", "--host", Set.of("dashboard"), "127.0.0.1",
                    "address the dashboard listens on (0.0.0.0 in a container)", true),
            new Var("SWEEP_DASHBOARD_PORT", "--port", Set.of("dashboard"), "8080",
                    "port the dashboard listens on", true),
            new Var("SWEEP_DASHBOARD_TOKEN", "--token", Set.of("dashboard"), "random beyond loopback",
                    "token the dashboard's stop and cancel buttons need", true),
            new Var("SWEEP_TOPIC_REPLICATION", "--replication-factor", Set.of("topics"), "1",
                    "replicas of each topic partition that 'sweep topics' creates", true),
            new Var("SWEEP_JAVA_OPTS", null, Set.of(), "none",
                    "extra JVM options (./sweep and the container image)", false),
            new Var("SWEEP_DEBUG", null, Set.of(), "unset",
                    "1 prints stack traces with command errors", false));

    private final Function<String, String> env;

    /** @param env reads one environment variable, null when unset ({@code System::getenv}) */
    EnvDefaults(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || arg.command() == null) {
            return null;
        }
        String command = arg.command().name();
        for (Var v : VARIABLES) {
            if (v.flagDefault() && v.commands().contains(command) && option.longestName().equals(v.flag())) {
                String value = env.apply(v.name());
                return value == null || value.isBlank() ? null : value.trim();
            }
        }
        return null;
    }
}
