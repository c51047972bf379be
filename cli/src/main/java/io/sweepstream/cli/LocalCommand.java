package io.sweepstream.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import io.sweepstream.broker.BrokerSettings;
import io.sweepstream.broker.EmbeddedBroker;
import io.sweepstream.dashboard.Dashboard;
import io.sweepstream.evaluator.kafka.EvaluatorService;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.ParameterBest;
import io.sweepstream.schemas.avro.RunCounts;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.Datasets;
import io.sweepstream.trainer.data.LoadedDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sweep local}: the whole pipeline in this process — an embedded Kafka broker, the
 * controller, N trainer workers and the evaluator — with a live progress display and, at the end,
 * the leaderboard and the best run's confusion matrix.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs a sweep on this machine: embedded Kafka broker, trainer workers and evaluator in one process.",
                "Shows live progress, then the leaderboard and the best run's confusion matrix."})
final class LocalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec file (YAML or JSON, W&B format), e.g. examples/quick.yaml.")
    Path file;

    @Option(names = "--trainers", defaultValue = "2", description = "Trainer workers (threads). Default: ${DEFAULT-VALUE}.")
    int trainers;

    @Option(names = "--data-dir", description = "Directory with the IDX files (else $SWEEP_DATA_DIR, the user cache, Debian's package, a download).")
    Path dataDir;

    @Option(names = "--broker-dir", description = "Keep the broker's data here (default: a temporary directory, deleted at the end).")
    Path brokerDir;

    @Option(names = "--port", defaultValue = "0", description = "Broker port, to follow along with 'sweep tail --bootstrap localhost:PORT'. Default: a free one.")
    int port;

    @Option(names = "--top", defaultValue = "10", description = "Leaderboard size. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--no-dashboard", description = "Do not start the live web page (by default at http://127.0.0.1:8080/; kept up after the sweep on a terminal until Ctrl-C).")
    boolean noDashboard;

    @Option(names = "--dashboard-port", defaultValue = "8080", description = "Port of the live web page (a free one if taken). Default: ${DEFAULT-VALUE}.")
    int dashboardPort;

    @Override
    public Integer call() throws Exception {
        if (trainers < 1 || trainers > 64) {
            throw new IllegalArgumentException("--trainers must be in 1..64, found " + trainers);
        }
        SweepSpec spec = SpecFiles.read(file);
        OptionalInt total = SearchStrategy.create(spec.method()).totalRuns(spec);
        if (total.isEmpty()) {
            throw new IllegalArgumentException("run_cap: sweep local runs bounded sweeps; set run_cap in " + file);
        }
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        DatasetKind kind = DatasetKind.parse(spec.dataset().specName());
        LoadedDataset data = Datasets.load(kind, dataDir);
        out.printf(Locale.ROOT, "%s: %,d train / %,d test images from %s%n", kind.id(), data.train().count(), data.test().count(), data.directory());

        List<RunningRole> running = new ArrayList<>();
        Thread cleanup = new Thread(() -> closeAll(running), "local-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.temporary().withPort(port).withDataDir(brokerDir));
            running.add(new RunningRole("broker", broker, () -> null));
            String servers = broker.bootstrapServers();
            TopicSetup.createAll(servers, null);
            out.printf(Locale.ROOT, "embedded Kafka broker at %s (ready in %.1f s)%n", servers, (System.nanoTime() - t0) / 1e9);
            Dashboard dashboard = noDashboard ? null : DashboardCommand.startBeside(servers, dashboardPort, out);
            if (dashboard != null) {
                running.add(new RunningRole("dashboard", dashboard, dashboard::failure));
            }

            EvaluatorService evaluator = new EvaluatorService(servers, top, Duration.ofMillis(500)).start();
            running.add(new RunningRole("evaluator", evaluator, evaluator::failure));
            for (int i = 1; i <= trainers; i++) {
                running.add(TrainerCommand.role(TrainerCommand.newWorker(servers, "local-" + i, dataDir).start()));
            }
            if (spec.parallelism().isPresent()) {
                SweepController controller = new SweepController(servers).start();
                running.add(new RunningRole("controller", controller, controller::failure));
            }
            String sweepId = SpecFiles.newSweepId(spec);
            SweepController.submit(servers, spec, sweepId);
            out.printf(Locale.ROOT, "sweep %s: %d %s run(s), %d trainer(s)%s%n", sweepId, total.getAsInt(), spec.method().specName(),
                    trainers, spec.parallelism().map(p -> ", " + p + " in flight").orElse(""));

            SweepSummary last = watch(servers, sweepId, total.getAsInt(), running, out);
            out.printf(Locale.ROOT, "%nsweep finished in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
            printReport(last, out);
            if (dashboard != null) {
                DashboardCommand.keepUpUntilCtrlC(dashboard, out);
            }
            return 0;
        } finally {
            closeAll(running);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /** Shows progress until every run has its result; returns the final summary. */
    private static SweepSummary watch(String servers, String sweepId, int total, List<RunningRole> running, PrintStream out) {
        boolean terminal = System.console() != null;
        int drawnLines = 0;
        String lastLine = "";
        try (SweepWatcher watcher = new SweepWatcher(servers)) {
            while (true) {
                watcher.poll(Duration.ofMillis(500));
                running.forEach(RunningRole::requireAlive);
                SweepSummary s = watcher.summary(sweepId);
                List<String> workerLines = new ArrayList<>();
                for (WorkerStatus w : watcher.workers().values()) {
                    if (w.getState() == WorkerState.TRAINING && sweepId.equals(w.getSweepId())) {
                        workerLines.add("  " + EventFormat.worker(w));
                    }
                }
                List<String> lines = new ArrayList<>();
                lines.add(progressLine(s, total, workerLines.size()));
                lines.addAll(workerLines);
                if (terminal) {
                    // Move up over the previous frame and redraw it in place.
                    StringBuilder frame = new StringBuilder();
                    if (drawnLines > 0) {
                        frame.append("\033[").append(drawnLines).append('F');
                    }
                    for (String line : lines) {
                        frame.append("\033[2K").append(line).append('\n');
                    }
                    for (int i = lines.size(); i < drawnLines; i++) {
                        frame.append("\033[2K\n");
                    }
                    out.print(frame);
                    out.flush();
                    drawnLines = Math.max(lines.size(), drawnLines);
                } else if (!lines.get(0).equals(lastLine)) {
                    out.println(lines.get(0));
                    lastLine = lines.get(0);
                }
                if (s != null && done(s.getCounts()) >= total) {
                    return s;
                }
            }
        }
    }

    /** Runs in training come from the workers' heartbeats: a run reports no metric before its first epoch ends. */
    private static String progressLine(SweepSummary s, int total, int training) {
        if (s == null) {
            return String.format(Locale.ROOT, "[%s] 0/%d done, %d running, waiting for the first results...", ".".repeat(24), total, training);
        }
        RunCounts c = s.getCounts();
        int done = done(c);
        int running = Math.min(training, total - done);
        int width = 24;
        int filled = total == 0 ? width : Math.min(width, done * width / total);
        String best = s.getBest() == null ? "" : String.format(Locale.ROOT, "  best %s %.4f (%s)",
                s.getMetricName(), s.getBest().getMetricValue(), s.getBest().getRunId());
        return String.format(Locale.ROOT, "[%s%s] %d/%d done, %d running, %d queued%s%s", "#".repeat(filled), ".".repeat(width - filled),
                done, total, running, Math.max(0, total - done - running),
                c.getDiverged() + c.getFailed() > 0 ? String.format(Locale.ROOT, " (%d diverged, %d failed)", c.getDiverged(), c.getFailed()) : "",
                best);
    }

    static int done(RunCounts c) {
        return c.getFinished() + c.getStopped() + c.getStoppedEarly() + c.getDiverged() + c.getFailed();
    }

    /** The end-of-sweep report: counts, leaderboard, best run's confusion matrix, best per parameter value. */
    static void printReport(SweepSummary s, PrintStream out) {
        out.println(EventFormat.summary(s));
        out.println();
        out.println("leaderboard (by " + s.getMetricName() + ", " + s.getMetricGoal().name().toLowerCase(Locale.ROOT) + "):");
        out.print(EventFormat.leaderboard(s));
        if (s.getBest() != null && s.getBestConfusionMatrix() != null) {
            out.println();
            out.println("best run " + s.getBest().getRunId() + ": confusion matrix on the test set (rows: true class, columns: predicted)");
            out.print(EventFormat.confusionMatrix(s.getBestConfusionMatrix(), s.getClassNames()));
        }
        if (!s.getBestPerParameterValue().isEmpty()) {
            out.println();
            out.println("best run for each value of each swept parameter:");
            for (ParameterBest b : s.getBestPerParameterValue()) {
                out.printf(Locale.ROOT, "  %-14s %-20s %.4f  %s%n", b.getParameter(), b.getValue(), b.getMetricValue(), b.getRunId());
            }
        }
    }

    private static void closeAll(List<RunningRole> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }
}
