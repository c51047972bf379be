package io.sweepstream.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.sweepstream.cli.SweepProcesses;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@code sweep broker} JVM for the fault scenarios that leave the broker alone, handed to their tests as a
 * {@link Broker} parameter: started by the first test that asks, killed when the test JVM's tests are done. A
 * broker start is the slowest part of a scenario's setup; the scenarios keep apart by their own sweep ids and
 * trainer ids, and each starts and kills its own roles. Scenarios that kill or restart the broker start their own.
 */
final class SharedBroker implements ParameterResolver {

    /** The shared broker's address, and its output for a failure message. */
    record Broker(String bootstrap, SweepProcesses process) {
        String log() {
            return process.logs();
        }
    }

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBroker.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Broker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // the root store lives as long as the test JVM's run, across test classes
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("broker", key -> Running.start(), Running.class).broker();
    }

    /** Lets JUnit kill the broker and delete its data when the root store is closed. */
    record Running(Broker broker, Path dir) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static Running start() {
            try {
                Path dir = Files.createTempDirectory("sweep-shared-broker-");
                SweepProcesses process = new SweepProcesses(dir);
                try {
                    return new Running(new Broker(process.startBroker(dir.resolve("kafka"), STARTUP), process), dir);
                } catch (RuntimeException | Error e) {
                    process.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            broker.process().close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
