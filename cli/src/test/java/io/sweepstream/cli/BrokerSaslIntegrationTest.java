package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep broker --sasl-users FILE}: only the listed users get in, and no password is printed. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrokerSaslIntegrationTest {

    private static final String BROKER_PASSWORD = "Br0ker-own-Zt9";
    private static final String ALICE_PASSWORD = "Al1ce-pass-Wq4";

    @TempDir
    Path tmp;

    @Test
    void theBrokerLetsAListedUserInAndRefusesAWrongPassword() throws Exception {
        Path users = Files.writeString(tmp.resolve("users.properties"),
                "broker=" + BROKER_PASSWORD + "\nalice=" + ALICE_PASSWORD + "\n");
        Path alice = Files.writeString(tmp.resolve("alice.properties"), client("alice", ALICE_PASSWORD));
        Path wrong = Files.writeString(tmp.resolve("wrong.properties"), client("alice", "Wr0ng-pass-Hh2"));
        Path log = tmp.resolve("broker.log");
        Process broker = new ProcessBuilder(javaBinary(), "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SweepCommand.class.getName(), "broker", "--port", "0", "--sasl-users", users.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String bootstrap = awaitBootstrap(broker, log);

            Cli.Result ok = Cli.run("status", "--bootstrap", bootstrap, "--kafka-config", alice.toString());
            assertEquals(0, ok.exitCode(), ok::transcript);

            Cli.Result refused = Cli.run("status", "--bootstrap", bootstrap, "--kafka-config", wrong.toString());
            assertEquals(2, refused.exitCode(), refused::transcript);
            assertEquals(1, refused.errLines().size(), refused::transcript);
            assertTrue(refused.err().contains("refused this client"), refused::transcript);

            String printed = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(printed.contains("SCRAM-SHA-512 for users [alice]"), printed);
            for (String secret : List.of(BROKER_PASSWORD, ALICE_PASSWORD)) {
                assertFalse(printed.contains(secret) || ok.transcript().contains(secret), "a password was printed:\n" + printed);
            }
        } finally {
            broker.destroyForcibly();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aUsersFileWithoutTheBrokersOwnUserIsOneClearError() throws Exception {
        Path users = Files.writeString(tmp.resolve("users.properties"), "alice=" + ALICE_PASSWORD + "\n");

        Cli.Result r = Cli.run("broker", "--port", "0", "--sasl-users", users.toString());

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().contains("no 'broker=<password>' line"), r::transcript);
        assertFalse(r.transcript().contains(ALICE_PASSWORD), r::transcript);
    }

    private static String client(String user, String password) {
        return "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";\n";
    }

    private static String awaitBootstrap(Process broker, Path log) throws Exception {
        Pattern line = Pattern.compile("export SWEEP_BOOTSTRAP=(\\S+) .*");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = line.matcher(l);
                if (m.matches()) {
                    return m.group(1);
                }
            }
            if (!broker.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the broker printed no address:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
