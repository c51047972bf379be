package io.sweepstream.dashboard.kafka;

import java.util.function.Supplier;

import io.sweepstream.dashboard.http.Commands;
import io.sweepstream.dashboard.http.Commands.CommandFailedException;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.command.SweepCommands;

/**
 * The page's commands, published by {@link SweepCommands} exactly as {@code sweep stop|pause|resume|cancel}
 * publish them. A command counts once Kafka acknowledged it.
 */
public final class KafkaCommands implements Commands, AutoCloseable {

    private final SweepCommands commands;

    public KafkaCommands(KafkaConnection kafka) {
        commands = new SweepCommands(kafka, "dashboard-commands");
    }

    @Override
    public void stopRun(String runId, String sweepId, String reason) {
        taken(() -> {
            commands.stopRun(runId, sweepId, reason);
            return null;
        });
    }

    @Override
    public void cancelSweep(SweepDefinition latest, String reason) {
        taken(() -> {
            commands.cancel(latest, reason);
            return null;
        });
    }

    @Override
    public void pauseSweep(SweepDefinition latest, String reason) {
        taken(() -> {
            commands.pause(latest, reason);
            return null;
        });
    }

    @Override
    public void resumeSweep(SweepDefinition latest, String reason) {
        taken(() -> commands.resume(latest, reason));
    }

    private static <T> T taken(Supplier<T> command) {
        try {
            return command.get();
        } catch (SweepCommands.CommandNotTakenException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        commands.close();
    }
}
