package io.sweepstream.cli;

import java.time.Duration;

import io.sweepstream.evaluator.kafka.EvaluatorService;
import io.sweepstream.schemas.client.KafkaConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep evaluator}: keeps every sweep's leaderboard and summary current. */
@Command(name = "evaluator", mixinStandardHelpOptions = true,
        description = "Reads the sweep topics from the beginning and publishes each sweep's summary (leaderboard, best run) to sweeps.summary.")
final class EvaluatorCommand implements Runnable {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--top", defaultValue = "10", description = "Leaderboard size. Default: ${DEFAULT-VALUE}.")
    int top;

    @Override
    public void run() {
        KafkaConnection connection = kafka.requireBroker();
        String servers = connection.bootstrapServers();
        EvaluatorService evaluator = new EvaluatorService(connection, top, Duration.ofMillis(500)).start();
        System.out.println("evaluator publishing summaries to sweeps.summary on " + servers + " (Ctrl-C to stop)");
        new RunningRole("evaluator", evaluator, evaluator::failure).runUntilStopped();
    }
}
