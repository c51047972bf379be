package io.sweepstream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;

/** Reads a spec file with errors a user can act on. */
final class SpecFiles {

    private SpecFiles() {
    }

    static SweepSpec read(Path file) {
        try {
            return SpecParser.parse(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("spec file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read spec file " + file + ": " + e.getMessage());
        }
    }

    /** A new sweep id: the spec's name and a short random suffix, safe in topic keys and file names. */
    static String newSweepId(SweepSpec spec) {
        String base = spec.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (base.isEmpty()) {
            base = "sweep";
        }
        return base + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create " + dir + ": " + e.getMessage());
        }
    }
}
