package io.sweepstream.cli;

import static io.sweepstream.cli.DeploymentFiles.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options of each role have one source, docker/java-opts.sh: {@code ./sweep --print-java-opts ROLE} and the
 * image's entrypoint (run here as it is in the image, with {@code sh}) must give a role the same ones. The {@code java}
 * both find is a stand-in that prints its arguments, in a JDK directory whose release file the test writes, so no
 * JVM starts and the JDK's version and modules are the test's to choose.
 */
class JavaOptionsTest {

    private static final List<String> ROLES = List.of("trainer", "local", "train", "bench", "validate", "submit",
            "evaluator", "controller", "dashboard", "broker", "topics", "status", "tail", "report", "help");
    /** The one option only the image adds: an orchestrator restarts a role that ran out of memory (a trainer goes on). */
    private static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    @TempDir
    Path tmp;

    @Test
    void theLauncherAndTheImageGiveEveryRoleTheSameOptions() throws Exception {
        Path jdk = fakeJdk("17.0.15", "java.base jdk.incubator.vector java.sql");
        for (String role : ROLES) {
            List<String> launcher = launcherOptions(jdk, role, null);
            List<String> image = entrypointCommand(jdk, role, null);
            assertEquals(List.of("-jar", "/opt/sweep/sweep.jar", role, "--some-flag"), image.subList(image.indexOf("-jar"), image.size()),
                    () -> role + ": " + image);
            List<String> imageOptions = new ArrayList<>(image.subList(0, image.indexOf("-jar")));
            assertEquals(!role.equals("trainer"), imageOptions.remove(EXIT_ON_OOM), () -> role + ": " + image);
            assertEquals(launcher, imageOptions, role + ": ./sweep and docker/entrypoint.sh disagree");
            assertTrue(launcher.contains("-XX:CompileThresholdScaling=5"), () -> role + ": " + launcher);
        }
        // the role decides: the Vector API for the commands that train, a heap cap for a trainer
        assertEquals(List.of("--add-modules", "jdk.incubator.vector", "-Xmx512m"), launcherOptions(jdk, "trainer", null).subList(0, 3));
        assertEquals(List.of("--add-modules", "jdk.incubator.vector"), launcherOptions(jdk, "local", null).subList(0, 2));
        List<String> evaluator = launcherOptions(jdk, "evaluator", null);
        assertFalse(evaluator.contains("--add-modules") || evaluator.contains("-Xmx512m"), evaluator::toString);
        assertFalse(evaluator.contains("--enable-native-access=ALL-UNNAMED"), "JDK 17 has no native-access option");
    }

    @Test
    void theUsersOptionsComeLastAndTheirHeapReplacesTheTrainersCap() throws Exception {
        Path jdk = fakeJdk("17.0.15", "java.base jdk.incubator.vector");
        String user = "-Xmx2g -Dsweep.example=1";
        List<String> launcher = launcherOptions(jdk, "trainer", user);
        List<String> image = entrypointCommand(jdk, "trainer", user);
        assertFalse(launcher.contains("-Xmx512m"), launcher::toString);
        List<String> expected = new ArrayList<>(launcher);
        expected.addAll(List.of("-Xmx2g", "-Dsweep.example=1", "-jar"));
        assertEquals(expected, image.subList(0, image.indexOf("-jar") + 1));
    }

    @Test
    void aNewerJdkWithoutTheVectorModuleGetsNativeAccessAndNoIncubator() throws Exception {
        Path jdk = fakeJdk("22.0.2", "java.base java.sql");
        for (String role : List.of("trainer", "evaluator")) {
            List<String> launcher = launcherOptions(jdk, role, null);
            assertTrue(launcher.contains("--enable-native-access=ALL-UNNAMED"), launcher::toString);
            assertFalse(launcher.contains("--add-modules"), launcher::toString);
            List<String> image = entrypointCommand(jdk, role, null);
            List<String> imageOptions = new ArrayList<>(image.subList(0, image.indexOf("-jar")));
            imageOptions.remove(EXIT_ON_OOM);
            assertEquals(launcher, imageOptions, role);
        }
    }

    @Test
    void theImageCopiesTheOptionsBesideItsEntrypoint() throws IOException {
        String dockerfile = Files.readString(DeploymentFiles.DOCKERFILE);
        assertTrue(dockerfile.contains("COPY docker/entrypoint.sh docker/java-opts.sh /opt/sweep/"), "the entrypoint sources java-opts.sh from its own directory");
        assertTrue(Files.readString(ROOT.resolve("docker/entrypoint.sh")).contains(". \"$(dirname \"$0\")/java-opts.sh\""));
    }

    /** A JDK directory whose {@code bin/java} prints its arguments, one a line, and whose release file names a version and modules. */
    private Path fakeJdk(String version, String modules) throws IOException {
        Path jdk = Files.createDirectories(tmp.resolve("jdk-" + version));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"" + version + "\"\nMODULES=\"" + modules + "\"\n");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jdk;
    }

    private static List<String> launcherOptions(Path jdk, String role, String userOptions) throws Exception {
        return run(jdk, userOptions, "bash", ROOT.resolve("sweep").toString(), "--print-java-opts", role);
    }

    /** The java command line the entrypoint runs for {@code ROLE --some-flag}. */
    private static List<String> entrypointCommand(Path jdk, String role, String userOptions) throws Exception {
        List<String> command = run(jdk, userOptions, "sh", ROOT.resolve("docker/entrypoint.sh").toString(), role, "--some-flag");
        assertTrue(command.contains("-jar"), command::toString);
        return command;
    }

    private static List<String> run(Path jdk, String userOptions, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("PATH", jdk.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.remove("SWEEP_JAVA_OPTS");
        if (userOptions != null) {
            env.put("SWEEP_JAVA_OPTS", userOptions);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> String.join(" ", command) + " did not end");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed: " + out);
        return out.lines().toList();
    }
}
