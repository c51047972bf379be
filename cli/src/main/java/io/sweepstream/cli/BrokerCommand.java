package io.sweepstream.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.BrokerSettings;
import io.sweepstream.broker.EmbeddedBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sweep broker}: a real Kafka broker in this process, with every Sweepstream topic. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Starts an embedded Apache Kafka broker (KRaft, one node) with every Sweepstream topic.",
                "Prints the bootstrap address and runs until Ctrl-C."})
final class BrokerCommand implements Runnable {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (0 = a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "localhost", description = "Interface to listen on and advertise. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--data-dir", description = "Where the broker keeps its logs; kept across restarts. Default: a temporary directory, deleted on exit.")
    Path dataDir;

    @Override
    public void run() {
        Flags.port("--port", port);
        long t0 = System.nanoTime();
        BrokerSettings settings = BrokerSettings.temporary().withHost(host).withPort(port).withDataDir(dataDir);
        EmbeddedBroker broker = EmbeddedBroker.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the broker...");
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        try {
            TopicSetup.createAll(broker.bootstrapServers(), System.out);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        System.out.printf("Kafka broker ready in %.1f s at %s (data: %s)%n",
                (System.nanoTime() - t0) / 1e9, broker.bootstrapServers(), broker.dataDir());
        System.out.println("export SWEEP_BOOTSTRAP=" + broker.bootstrapServers() + "   # Ctrl-C stops the broker");
        try {
            stopped.await(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
