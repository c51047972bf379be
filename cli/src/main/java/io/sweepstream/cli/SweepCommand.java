package io.sweepstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sweep} command. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = SweepCommand.Version.class,
        description = "Hyperparameter sweeps for from-scratch Java neural networks, on Apache Kafka.",
        subcommands = {
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
            CommandLine.HelpCommand.class
        })
public final class SweepCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failure, 2 bad usage. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(System::getenv);
    }

    /** The command line with its flags' defaults taken from {@code env} ({@link EnvDefaults}). */
    static CommandLine commandLine(Function<String, String> env) {
        CommandLine cli = new CommandLine(new SweepCommand());
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setPosixClusteredShortOptionsAllowed(false); // -lr is one flag, not -l r
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setParameterExceptionHandler(UserErrorHandler::badUsage);
        return cli;
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
