package io.sweepstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sweepstream.dashboard.kafka.DashboardFeed;
import io.sweepstream.dashboard.kafka.ViewSnapshot;
import io.sweepstream.dashboard.report.ReportFormat;
import io.sweepstream.dashboard.report.SweepReport;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.dashboard.view.SweepRow;
import io.sweepstream.schemas.client.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep report}: one sweep as an HTML, Markdown, CSV or JSON file, rebuilt from the topics. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a report of one sweep: the spec, runs by status, the leaderboard, curves of the top runs, "
                + "parallel coordinates, parameter importance, the best run's confusion matrix, the best run per value "
                + "of each categorical parameter, and follow-up sweeps.",
                "It replays the topics as the dashboard does. HTML is one file that opens offline (charts as inline SVG); "
                + "md has the tables; csv has one row per run; json is the whole report."})
final class ReportCommand implements Runnable {

    /** The replay reads the whole history; a large sweep's takes seconds (docs: 3 to 6 s for 10,000 runs). */
    static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(120);

    @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep's id ('sweep status' lists them).")
    String sweepId;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "html, md, csv or json. Default: the extension of -o, else html.")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        ReportFormat chosen = format != null ? format : formatOf(output);
        KafkaConnection connection = kafka.requireBroker();
        if (!hasTopics(connection)) {
            throw unknown(sweepId, connection.bootstrapServers(), List.of());
        }
        SweepReport report = take(connection, sweepId);
        byte[] text = chosen.render(report).getBytes(StandardCharsets.UTF_8);
        if (output == null) {
            System.out.write(text, 0, text.length); // UTF-8 whatever the platform's default
            System.out.flush();
            return;
        }
        write(output, text);
        System.out.println("wrote the " + chosen.extension() + " report of sweep " + sweepId + " (" + report.runs().size()
                + " runs) to " + output);
    }

    /** The report of a sweep as the topics have it now; an unknown sweep is a user error. */
    static SweepReport take(KafkaConnection kafka, String sweepId) {
        DashboardView view = ViewSnapshot.read(kafka, REPLAY_TIMEOUT);
        long now = System.currentTimeMillis();
        return SweepReport.of(view, sweepId, now).orElseThrow(() -> unknown(sweepId, kafka.bootstrapServers(), view.sweeps(now)));
    }

    /** The format a file's extension names, else HTML. */
    static ReportFormat formatOf(Path file) {
        return file == null ? ReportFormat.HTML : ReportFormat.ofFileName(file.getFileName().toString()).orElse(ReportFormat.HTML);
    }

    static void write(Path file, byte[] text) {
        try {
            Files.write(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** No such sweep: one line that says how to find the ids, with the newest few. */
    private static IllegalArgumentException unknown(String sweepId, String servers, List<SweepRow> sweeps) {
        String known = sweeps.isEmpty() ? "there is no sweep there yet"
                : "newest: " + String.join(", ", sweeps.stream().limit(5).map(SweepRow::sweepId).toList()) + (sweeps.size() > 5 ? ", ..." : "");
        return new IllegalArgumentException("no sweep " + sweepId + " on " + servers + " (" + known + "); 'sweep status --bootstrap "
                + servers + "' lists every sweep with its id");
    }

    /** Whether the topics the report replays exist: a broker no sweep ever ran on has none, and nothing to wait for. */
    private static boolean hasTopics(KafkaConnection kafka) {
        try (Admin admin = Admin.create(kafka.config(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            return names.containsAll(DashboardFeed.TOPICS);
        } catch (ExecutionException | TimeoutException e) {
            return true; // the replay will say what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
