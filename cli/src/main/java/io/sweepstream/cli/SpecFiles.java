package io.sweepstream.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

import io.sweepstream.producer.spec.SpecException;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;

/** Reads a spec file with errors a user can act on. */
final class SpecFiles {

    private SpecFiles() {
    }

    /** Every problem of a spec, one per line with its field path, as validate, submit and local print them. */
    static String describe(Path file, SpecException e) {
        StringBuilder out = new StringBuilder(file + ": " + e.problems().size() + " problem(s):");
        e.problems().forEach(p -> out.append(System.lineSeparator()).append("  ").append(p.path()).append(": ").append(p.message()));
        return out.toString();
    }

    /** Reads and validates a spec; an invalid one throws with every problem listed (exit code 2). */
    static SweepSpec read(Path file) {
        SweepSpec spec;
        try {
            spec = SpecParser.parse(file);
        } catch (SpecException e) {
            throw new IllegalArgumentException(describe(file, e), e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("spec file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("spec file " + file + " is not a UTF-8 text file; a sweep spec is YAML or JSON text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read spec file " + file + ": " + e.getMessage());
        }
        return spec;
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
