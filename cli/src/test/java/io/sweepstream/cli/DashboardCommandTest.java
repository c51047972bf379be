package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code sweep dashboard}'s options, checked before it looks for a broker. */
class DashboardCommandTest {

    @Test
    void helpNamesTheHostPortAndTokenOptions() {
        Cli.Result r = Cli.run("dashboard", "--help");

        assertEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.out().startsWith("Usage: sweep dashboard"), r::transcript);
        for (String option : new String[] {"--port", "--host", "--token", "--bootstrap"}) {
            assertTrue(r.out().contains(option), () -> option + "\n" + r.transcript());
        }
    }

    @Test
    void aPortOutOfRangeIsAUserErrorNamingTheFlag() {
        Cli.Result r = Cli.run("dashboard", "--port", "70000", "--bootstrap", "127.0.0.1:1");

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().contains("--port must be within 0 and 65535, found 70000"), r::transcript);
    }

    @Test
    void anUnknownHostIsAUserErrorNamingTheFlag() {
        Cli.Result r = Cli.run("dashboard", "--host", "no-such-host.invalid", "--bootstrap", "127.0.0.1:1");

        assertEquals(2, r.exitCode(), r::transcript);
        assertTrue(r.err().contains("--host no-such-host.invalid"), r::transcript);
    }

    @Test
    void localOffersToSkipTheDashboardOrMoveItsPort() {
        Cli.Result r = Cli.run("local", "--help");

        assertEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.out().contains("--no-dashboard"), r::transcript);
        assertTrue(r.out().contains("--dashboard-port"), r::transcript);
    }
}
