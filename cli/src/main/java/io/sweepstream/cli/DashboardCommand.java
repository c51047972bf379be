package io.sweepstream.cli;

import java.io.PrintStream;

import io.sweepstream.dashboard.Dashboard;
import io.sweepstream.dashboard.http.DashboardServer;
import io.sweepstream.schemas.client.KafkaConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep dashboard}: the live web page of every sweep on a running Kafka. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serves the live web page of every sweep: progress, curves, runs, leaderboard, confusion matrix, workers.",
                "It rebuilds them from the topics, replayed from the beginning and then followed."})
final class DashboardCommand implements Runnable {

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (0: any free one). Default: $SWEEP_DASHBOARD_PORT, else 8080.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: $SWEEP_DASHBOARD_HOST, else 127.0.0.1 (this machine only). Any other address makes the "
                    + "stop and cancel buttons need a token (--token, or a random one printed at start).")
    String host;

    @Option(names = "--token", description = "Token the stop and cancel commands need. Default: $SWEEP_DASHBOARD_TOKEN, else none on 127.0.0.1, a random one elsewhere.")
    String token;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be within 0 and 65535, found " + port);
        }
        boolean loopback = DashboardServer.isLoopback(host); // an unknown host fails here, naming --host
        KafkaConnection connection = kafka.requireBroker();
        TopicSetup.createAll(connection, null); // idempotent: a dashboard started first waits for no one
        Dashboard dashboard = Dashboard.start(new Dashboard.Settings(connection, host, port, token));
        System.out.println("dashboard at " + dashboard.url() + " reading " + connection.bootstrapServers() + " (Ctrl-C to stop)");
        if (!loopback) {
            System.out.println("listening beyond this machine: the stop and cancel buttons need the token in that address");
        }
        new RunningRole("dashboard", dashboard, dashboard::failure).runUntilStopped();
    }

    /**
     * For {@code sweep local}: the dashboard on 127.0.0.1:{@code port}, or on a free port when that one
     * is taken (another sweep's page, say); prints its address.
     */
    static Dashboard startBeside(String servers, int port, PrintStream out) {
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(new Dashboard.Settings(servers, "127.0.0.1", port, null));
        } catch (IllegalStateException e) {
            dashboard = Dashboard.start(new Dashboard.Settings(servers, "127.0.0.1", 0, null));
            out.println("port " + port + " is taken, so the dashboard took another");
        }
        out.println("dashboard at " + dashboard.url());
        return dashboard;
    }

    /**
     * For {@code sweep local}, after the sweep: on a terminal, keeps the page up until Ctrl-C and says so;
     * without one (scripts, CI) returns at once, and the command exits as before.
     */
    static void keepUpUntilCtrlC(Dashboard dashboard, boolean terminal, PrintStream out) {
        if (!terminal) {
            return;
        }
        out.println("the dashboard stays up at " + dashboard.url() + " until Ctrl-C");
        new RunningRole("dashboard", dashboard, dashboard::failure).runUntilStopped();
    }
}
