package io.sweepstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sweep} command. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = SweepCommand.Version.class,
        description = "Hyperparameter sweeps for from-scratch Java neural networks, on Apache Kafka.")
public final class SweepCommand implements Runnable {

    /**
     * Every subcommand by its name, in the order {@code sweep --help} lists them. A command line that names
     * one gets only that one: building picocli's model of all of them took more than a second of a
     * trainer's start-up (reflection over every option of every command), for nothing.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            LocalCommand.class,
            TrainCommand.class,
            io.sweepstream.bench.BenchCommand.class,
            ValidateCommand.class,
            SubmitCommand.class,
            TrainerCommand.class,
            EvaluatorCommand.class,
            ControllerCommand.class,
            StatusCommand.class,
            StopCommand.class,
            DashboardCommand.class,
            TailCommand.class,
            ReportCommand.class,
            FollowupCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            DatasetCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 bad usage. */
    public static int run(String... args) {
        Class<?> named = args.length > 0 && !"help".equals(args[0]) ? SUBCOMMANDS.get(args[0]) : null;
        CommandLine cli = named != null ? commandLine(System::getenv, List.of(named)) : commandLine();
        return cli.execute(args);
    }

    /** The whole command line, every subcommand. */
    static CommandLine commandLine() {
        return commandLine(System::getenv);
    }

    /** The whole command line with its flags' defaults taken from {@code env} ({@link EnvDefaults}). */
    static CommandLine commandLine(Function<String, String> env) {
        return commandLine(env, SUBCOMMANDS.values());
    }

    private static CommandLine commandLine(Function<String, String> env, Collection<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new SweepCommand());
        for (Class<?> sub : subcommands) {
            cli.addSubcommand(sub);
        }
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setPosixClusteredShortOptionsAllowed(false); // -lr is one flag, not -l r
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setParameterExceptionHandler(UserErrorHandler::badUsage);
        return cli;
    }

    private static Map<String, Class<?>> subcommands(Class<?>... commands) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : commands) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = SweepCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {
                "sweep " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
