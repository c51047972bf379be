package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker compose config} accepts docker-compose.yml: run where the Docker CLI with Compose exists, skipped elsewhere. */
class ComposeConfigTest {

    @TempDir
    Path tmp;

    /** Runs a command in the repository; null when it cannot start (no such program). */
    private Process run(Path output, String... command) {
        try {
            return new ProcessBuilder(command).directory(DeploymentFiles.ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            return null;
        }
    }

    private boolean composeAvailable() throws InterruptedException {
        Process p = run(tmp.resolve("version.txt"), "docker", "compose", "version");
        return p != null && p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void dockerComposeAcceptsTheFileWithItsToolsProfile() throws Exception {
        assumeTrue(composeAvailable(), "skipped: no 'docker compose' on this machine (the Docker CLI with the Compose plugin)");

        Path out = tmp.resolve("config.txt");
        Process p = run(out, "docker", "compose", "--profile", "tools", "config", "--services");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "docker compose config finished");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        List<String> services = text.lines().map(String::strip).toList();
        assertTrue(services.containsAll(List.of("kafka", "topics", "dataset", "trainer", "evaluator", "controller", "dashboard",
                "submit", "kafka-ui")), text);
    }
}
