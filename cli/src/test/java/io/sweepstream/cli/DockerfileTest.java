package io.sweepstream.cli;

import static io.sweepstream.cli.DeploymentFiles.DOCKERFILE;
import static io.sweepstream.cli.DeploymentFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The Dockerfile, read as text: two stages, a non-root user, the entrypoint script, what it copies exists. */
class DockerfileTest {

    private final List<String> lines = Files.readAllLines(DOCKERFILE).stream().map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

    DockerfileTest() throws IOException {
    }

    private List<String> instructions(String keyword) {
        return lines.stream().filter(l -> l.startsWith(keyword + " ")).toList();
    }

    @Test
    void buildsOnAJdkAndRunsOnAJre() {
        List<String> from = instructions("FROM");
        assertEquals(2, from.size(), () -> "two stages: " + from);
        assertTrue(from.get(0).contains("-jdk") && from.get(0).endsWith(" AS build"), from.get(0));
        assertTrue(from.get(1).contains("-jre"), from.get(1));
    }

    @Test
    void runsAsANonRootUserThroughTheEntrypointScript() throws IOException {
        List<String> user = instructions("USER");
        assertEquals(1, user.size());
        String who = user.get(0).substring(5).split(":")[0];
        assertFalse(who.equals("root") || who.equals("0"), "non-root: " + who);

        assertEquals(List.of("ENTRYPOINT [\"" + DeploymentFiles.ENTRYPOINT + "\"]"), instructions("ENTRYPOINT"));
        Path script = ROOT.resolve("docker/entrypoint.sh");
        assertTrue(Files.isExecutable(script), "docker/entrypoint.sh is executable");
        String text = Files.readString(script);
        assertTrue(text.contains("java-opts.sh") && text.contains("OPENBLAS_NUM_THREADS") && text.contains("exec java"),
                "the script passes ./sweep's JVM flags (JavaOptionsTest compares them) and replaces itself with java (signals reach the JVM)");
    }

    @Test
    void copiesOnlyWhatExistsAndInstallsOpenBlas() {
        for (String copy : instructions("COPY")) {
            if (copy.contains("--from=")) {
                continue;
            }
            String[] parts = copy.split("\\s+");
            for (int i = 1; i < parts.length - 1; i++) {
                Path source = ROOT.resolve(parts[i]);
                assertTrue(Files.exists(source), () -> copy + ": " + source + " exists");
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("libopenblas0-pthread")), "native BLAS for the blas backend");
        assertTrue(lines.stream().anyMatch(l -> l.contains("SWEEP_DATA_DIR=/data")), "datasets live in the /data volume");
    }

    @Test
    void theDockerignoreKeepsBuildOutputAndGitOut() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertTrue(ignored.contains("**/target/") && ignored.contains(".git/"), () -> "ignored: " + ignored);
    }

    @Test
    void theDockerignoreKeepsKeyAndTrustStoresOut() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        for (String store : List.of("**/*.p12", "**/*.jks", "**/*.pfx", "**/*.pem", "**/*.key")) {
            assertTrue(ignored.contains(store), () -> store + " is not ignored: " + ignored);
        }
    }
}
