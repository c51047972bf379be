package io.sweepstream.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sweepstream.broker.BrokerSettings;
import io.sweepstream.broker.EmbeddedBroker;
import io.sweepstream.dashboard.Dashboard;
import io.sweepstream.dashboard.report.ReportFormat;
import io.sweepstream.evaluator.kafka.EvaluatorService;
import io.sweepstream.producer.kafka.ControllerNeed;
import io.sweepstream.producer.kafka.FollowupSweep;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.Followup;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.ParameterBest;
import io.sweepstream.schemas.avro.RunCounts;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.Datasets;
import io.sweepstream.trainer.data.LoadedDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sweep local}: the whole pipeline in this process — an embedded Kafka broker, N trainer
 * workers, the evaluator and, for a sweep that needs one, the controller — with live progress (redrawn
 * on a terminal, plain lines in a file) and, at the end, the leaderboard and the best run's confusion
 * matrix. Ctrl-C stops it and says what was stopped and what was kept ({@link StopReport}).
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

    @Option(names = "--report", paramLabel = "FILE",
            description = "When the sweep is done, write its report to FILE (html, md, csv or json, by the extension; see 'sweep report').")
    Path report;

    /** The controller publishes the follow-up once it has read the sweep's last result: seconds. */
    private static final Duration FOLLOWUP_PUBLISH_TIMEOUT = Duration.ofSeconds(60);

    /** The sweep's runs as last shown, for the Ctrl-C report; null until the sweep is published. */
    private volatile ProgressCounts latest;
    /** Set by Ctrl-C: the watch loop stops showing progress and leaves the rest to the shutdown hook. */
    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        if (trainers < 1 || trainers > 64) {
            throw new IllegalArgumentException("--trainers must be in 1..64, found " + trainers);
        }
        Flags.atLeast("--top", top, 1);
        Flags.port("--port", port);
        Flags.port("--dashboard-port", dashboardPort);
        Path reportDir = report == null ? null : report.toAbsolutePath().getParent();
        if (reportDir != null && !Files.isDirectory(reportDir)) {
            throw new IllegalArgumentException("--report " + report + ": directory " + reportDir + " does not exist");
        }
        SweepSpec spec = SpecFiles.read(file);
        OptionalInt total = SearchStrategy.create(spec.method()).totalRuns(spec);
        if (total.isEmpty()) {
            throw new IllegalArgumentException("run_cap: sweep local runs bounded sweeps; set run_cap in " + file);
        }
        DatasetPreflight.require(spec, dataDir); // the dataset first: no broker starts without it
        if (spec.followup().isPresent()) {
            DatasetPreflight.require(DatasetKind.parse(spec.followup().get().dataset().specName()), dataDir); // and the follow-up's
        }
        PrintStream out = System.out;
        boolean terminal = ProgressDisplay.stdoutIsTerminal();
        long t0 = System.nanoTime();
        long startMs = System.currentTimeMillis(); // plain progress lines count from here, as "ready in" and "finished in" do
        // The broker takes seconds to start, much of it waiting on itself: start it first, and measure the
        // engine for the estimate and load the dataset meanwhile.
        CompletableFuture<EmbeddedBroker> starting = CompletableFuture.supplyAsync(
                () -> EmbeddedBroker.start(BrokerSettings.temporary().withPort(port).withDataDir(brokerDir)));
        LoadedDataset data;
        try {
            SweepEstimate.print(spec, out, System.err);
            DatasetKind kind = DatasetKind.parse(spec.dataset().specName());
            data = Datasets.load(kind, dataDir);
            out.printf(Locale.ROOT, "%s: %,d train / %,d test images from %s%n", kind.id(), data.train().count(), data.test().count(), data.directory());
        } catch (RuntimeException e) {
            starting.thenAccept(EmbeddedBroker::close);
            throw e;
        }

        LocalRoles running = new LocalRoles();
        Thread onStop = new Thread(() -> stop(running, out, terminal), "local-shutdown");
        Runtime.getRuntime().addShutdownHook(onStop);
        try {
            EmbeddedBroker broker = joinBroker(starting);
            running.broker(new RunningRole("broker", broker, () -> null));
            String servers = broker.bootstrapServers();
            TopicSetup.createAll(servers, null);
            out.printf(Locale.ROOT, "embedded Kafka broker at %s (ready in %.1f s)%n", servers, (System.nanoTime() - t0) / 1e9);
            // Trainers first: joining the share group takes a few heartbeats, which the other roles' start covers.
            for (int i = 1; i <= trainers; i++) {
                running.add(TrainerCommand.role(TrainerCommand.newWorker(servers, "local-" + i, dataDir).start()));
            }
            EvaluatorService evaluator = new EvaluatorService(servers, top, Duration.ofMillis(500)).start();
            running.add(new RunningRole("evaluator", evaluator, evaluator::failure));
            Optional<String> needsController = ControllerNeed.of(spec);
            if (needsController.isPresent() || ControllerNeed.atEnd(spec).isPresent()) {
                SweepController controller = new SweepController(servers).start();
                running.add(new RunningRole("controller", controller, controller::failure));
            }
            String sweepId = SpecFiles.newSweepId(spec);
            SweepController.submit(servers, spec, sweepId);
            latest = new ProgressCounts(total.getAsInt(), 0, 0, total.getAsInt(), 0, 0);
            out.printf(Locale.ROOT, "sweep %s: %d %s run(s), %d trainer(s)%s%n", sweepId, total.getAsInt(), spec.method().specName(),
                    trainers, needsController.map(reason -> "; " + reason).orElse(""));
            ControllerNeed.atEnd(spec).ifPresent(reason -> out.println("  " + reason));
            // After the submit: the trainers take their first runs while the page starts (about a second);
            // it reads the topics from their beginning, so it shows the sweep all the same.
            Dashboard dashboard = noDashboard ? null : DashboardCommand.startBeside(servers, dashboardPort, out);
            if (dashboard != null) {
                running.add(new RunningRole("dashboard", dashboard, dashboard::failure));
            }

            SweepSummary last;
            try {
                last = watch(servers, sweepId, total.getAsInt(), running,
                        ProgressDisplay.of(out, terminal, startMs));
            } catch (RuntimeException e) {
                if (stopping.get()) {
                    return awaitShutdown(); // the broker went away under Ctrl-C: not an error
                }
                throw e;
            }
            if (last == null) {
                return awaitShutdown();
            }
            out.printf(Locale.ROOT, "%nsweep finished in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
            printReport(last, out);
            if (spec.followup().isPresent() && !runFollowup(servers, spec, sweepId, last, running, ProgressDisplay.of(out, terminal, startMs), out)) {
                return awaitShutdown();
            }
            if (report != null) {
                ReportFormat format = ReportCommand.formatOf(report);
                ReportCommand.write(report, format.render(ReportCommand.take(KafkaConnection.plaintext(servers), sweepId)).getBytes(StandardCharsets.UTF_8));
                out.println();
                out.println("report (" + format.extension() + ") written to " + report);
            }
            if (dashboard != null) {
                DashboardCommand.keepUpUntilCtrlC(dashboard, terminal, out);
            }
            return 0;
        } finally {
            if (!stopping.get()) {
                running.closeAll();
                removeQuietly(onStop);
            }
        }
    }

    /**
     * Shows progress until every run has its result and the evaluator's summary has them all; returns that
     * summary, or null when Ctrl-C stopped the sweep. The counts come from the results and the trainers'
     * heartbeats ({@link SweepProgressTracker}), never from the summary, which lags behind them.
     */
    private SweepSummary watch(String servers, String sweepId, int total, LocalRoles running, ProgressDisplay display) {
        SweepProgressTracker tracker = new SweepProgressTracker(sweepId, total);
        SweepWatcher.Listener feed = new SweepWatcher.Listener() {
            @Override
            public void heartbeat(WorkerStatus w) {
                tracker.onHeartbeat(w);
            }

            @Override
            public void result(RunResult r) {
                tracker.onResult(r);
            }
        };
        try (SweepWatcher watcher = new SweepWatcher(KafkaConnection.plaintext(servers), List.of(Topics.SWEEPS_SUMMARY, Topics.WORKERS_STATUS, Topics.RUNS_RESULTS), feed)) {
            while (!stopping.get()) {
                watcher.poll(Duration.ofMillis(500));
                if (stopping.get()) {
                    break;
                }
                running.requireAlive();
                long now = System.currentTimeMillis();
                ProgressCounts counts = tracker.counts(now);
                latest = counts;
                SweepSummary s = watcher.summary(sweepId);
                display.show(new ProgressFrame(counts, best(s), tracker.training(now)), now);
                if (counts.finished() && s != null && done(s.getCounts()) >= total) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * Waits for the follow-up the controller publishes when the sweep ends, shows its progress, then its
     * leaderboard and each of its runs beside the original run of the same configuration. False when
     * Ctrl-C stopped it.
     */
    private boolean runFollowup(String servers, SweepSpec spec, String sweepId, SweepSummary original, LocalRoles running,
                                ProgressDisplay display, PrintStream out) {
        Followup followup = spec.followup().get();
        long t0 = System.nanoTime(); // from the original's end: the follow-up's runs may start before its definition is read here
        if (original.getCounts().getFinished() == 0) {
            out.println();
            out.println("no run finished: no follow-up on " + followup.dataset().specName());
            return true;
        }
        String id = FollowupSweep.idOf(sweepId, followup.dataset());
        List<SweepDefinition> published = TopicReader.read(servers, Topics.SWEEPS, d -> d.getSweepId().equals(id), 1, FOLLOWUP_PUBLISH_TIMEOUT);
        running.requireAlive();
        if (published.isEmpty()) {
            throw new IllegalStateException("the controller published no follow-up " + id + " within " + FOLLOWUP_PUBLISH_TIMEOUT.toSeconds() + " s");
        }
        int total = published.get(0).getTotalRuns();
        out.printf(Locale.ROOT, "%nfollow-up %s: the top %d configuration(s) of %s on %s%n", id, total, sweepId, followup.dataset().specName());
        latest = new ProgressCounts(total, 0, 0, total, 0, 0);
        SweepSummary last;
        try {
            last = watch(servers, id, total, running, display);
        } catch (RuntimeException e) {
            if (stopping.get()) {
                return false;
            }
            throw e;
        }
        if (last == null) {
            return false;
        }
        out.printf(Locale.ROOT, "%nfollow-up finished in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
        printReport(last, out);
        out.println();
        out.println("the same configurations on " + spec.dataset().specName() + " and on " + followup.dataset().specName() + ":");
        out.print(EventFormat.sideBySide(original, spec.dataset().specName(), last, followup.dataset().specName()));
        return true;
    }

    private static String best(SweepSummary s) {
        return s == null || s.getBest() == null ? "" : String.format(Locale.ROOT, "best %s %.4f (%s)",
                s.getMetricName(), s.getBest().getMetricValue(), s.getBest().getRunId());
    }

    /** Ctrl-C: stop every role (trainers release their runs), then say what was stopped and what was kept. */
    private void stop(LocalRoles running, PrintStream out, boolean terminal) {
        stopping.set(true);
        ProgressCounts at = latest;
        running.closeAll();
        // On a terminal the ^C echo sits where the next frame would start.
        out.println((terminal ? "\n" : "") + StopReport.message(at, brokerDir));
        out.flush();
    }

    private static EmbeddedBroker joinBroker(CompletableFuture<EmbeddedBroker> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Lets the shutdown hook finish its report; the JVM ends when it has. */
    private static int awaitShutdown() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
        return 130;
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
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
}
