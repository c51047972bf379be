package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;

import io.sweepstream.dashboard.http.Commands;
import io.sweepstream.dashboard.http.DashboardServer;
import io.sweepstream.dashboard.metrics.DashboardMetrics;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.avro.SweepDefinition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sweep dashboard}'s options, checked before it looks for a broker. */
class DashboardCommandTest {

    @Test
    void bindsToLoopbackOnlyByDefault() throws Exception {
        DashboardCommand command = new DashboardCommand();
        new CommandLine(command).parseArgs();
        assertEquals("127.0.0.1", command.host, "the default --host");

        DashboardView view = new DashboardView();
        Commands none = new Commands() {
            @Override
            public void stopRun(String runId, String sweepId, String reason) {
            }

            @Override
            public void cancelSweep(SweepDefinition latest, String reason) {
            }
        };
        try (DashboardServer server = new DashboardServer(view, new DashboardMetrics(view, () -> null), none, command.host, 0, null,
                Duration.ofSeconds(1)).start()) {
            try (Socket loopback = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                assertTrue(loopback.isConnected());
            }
            InetAddress outside = nonLoopbackAddress();
            Assumptions.assumeTrue(outside != null, "this machine has no other interface to try");
            try (Socket s = new Socket()) {
                assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(outside, server.port()), 2000),
                        "the dashboard must not answer on " + outside);
            }
        }
    }

    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof Inet4Address && nic.isUp()) {
                    return a;
                }
            }
        }
        return null;
    }

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
