package io.sweepstream.cli;

import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.schemas.client.KafkaConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sweep controller}: keeps sweeps with a {@code parallelism} fed with runs. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Publishes the next runs of each sweep as results come in (for specs that set parallelism). Restart it at any time.")
final class ControllerCommand implements Runnable {

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        KafkaConnection connection = kafka.requireBroker();
        SweepController controller = new SweepController(connection).start();
        System.out.println("sweep controller running on " + connection.bootstrapServers() + " (Ctrl-C to stop)");
        new RunningRole("controller", controller, controller::failure).runUntilStopped();
    }
}
