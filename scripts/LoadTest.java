import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.role.ProgressGroups;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.schemas.topic.TrainerQueue;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.SyntheticDataset;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Load test (issue 14): a sweep of many tiny runs through a broker, N trainers, the evaluator and the dashboard,
 * each its own JVM started as {@code ./sweep ROLE} starts it, with the dashboard watched during the sweep as a
 * browser would (its JSON polled every second, and a headless Chromium page open on it when Chromium is installed).
 *
 * <p>Run through {@code scripts/load_test.sh}, which builds the jar and gives this file the jar as its classpath:
 * {@code java -cp cli/target/sweep.jar scripts/LoadTest.java --runs 1000 --out docs/bench/load-1000.json --doc docs/reliability.md}.
 *
 * <p>Measures, from the topics and /proc, not from any role's own view: time from submit to the last run's result
 * (drain); results/s and events/s (records on runs.metrics + runs.results, from end offsets); the evaluator's
 * consumer lag sampled every second (its committed group offsets against the end offsets, on runs.metrics and
 * runs.results); the time until its summary counts every run; resident memory (VmRSS, peak VmHWM) and CPU time of
 * every role; the dashboard's response times; and that every requested run has exactly one result.
 */
public final class LoadTest {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String USAGE = "usage: LoadTest [--runs N] [--trainers N] [--epochs N] [--train-images N] [--timeout-s S]"
            + " [--jar PATH] [--launcher PATH (./sweep, which gives each role its JVM options)] [--out FILE] [--doc FILE] [--no-browser]";
    private static final Pattern BOOTSTRAP_LINE = Pattern.compile("export SWEEP_BOOTSTRAP=(\\S+) .*");
    private static final Pattern ENDED = Pattern.compile("\"status\"\\s*:\\s*\"(FINISHED|STOPPED|STOPPED_EARLY|DIVERGED|FAILED)\"");
    private static final List<String> EVENT_TOPICS = List.of(Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name());

    // options
    private int runs = 1000;
    private int trainers = 3;
    private int epochs = 1;
    private int trainImages = 300;
    private int testImages = 100;
    private Duration timeout = Duration.ofMinutes(30);
    private Path jar = Path.of("cli/target/sweep.jar");
    private Path launcher = Path.of("sweep");
    private Path out;
    private Path doc;
    private boolean browser = true;
    private String command = "scripts/load_test.sh";

    private final Map<String, Process> roles = new LinkedHashMap<>();
    /** Per role, the JVM options ./sweep gives it: asked once, reported with the results. */
    private final Map<String, List<String>> roleJavaOptions = new LinkedHashMap<>();
    private Path dir;
    private Process chromium;
    private Path chromiumProfile;

    public static void main(String[] args) throws Exception {
        LoadTest t = new LoadTest();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--runs" -> { t.runs = Integer.parseInt(v); i++; }
                case "--trainers" -> { t.trainers = Integer.parseInt(v); i++; }
                case "--epochs" -> { t.epochs = Integer.parseInt(v); i++; }
                case "--train-images" -> { t.trainImages = Integer.parseInt(v); i++; }
                case "--timeout-s" -> { t.timeout = Duration.ofSeconds(Long.parseLong(v)); i++; }
                case "--jar" -> { t.jar = Path.of(v); i++; }
                case "--launcher" -> { t.launcher = Path.of(v); i++; }
                case "--out" -> { t.out = Path.of(v); i++; }
                case "--doc" -> { t.doc = Path.of(v); i++; }
                case "--command" -> { t.command = v; i++; }
                case "--no-browser" -> t.browser = false;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> {
                    System.err.println("LoadTest: unknown argument " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        if (t.runs < 1 || t.trainers < 1 || t.epochs < 1) {
            System.err.println("LoadTest: --runs, --trainers and --epochs must be >= 1");
            System.exit(2);
        }
        int exit;
        try {
            exit = t.run();
        } finally {
            t.stopAll();
        }
        System.exit(exit);
    }

    /** The sweep: random search (all runs queued at submit, no controller), tiny networks, a spread of optimizers and activations. */
    String spec() {
        return """
                name: load
                method: random
                metric: {name: val_accuracy, goal: maximize}
                dataset: mnist
                seed: 14
                run_cap: %d
                parameters:
                  epochs: {value: %d}
                  num_layers: {value: 1}
                  hidden_size: {values: [4, 8, 16]}
                  batch_size: {values: [32, 64]}
                  learning_rate: {distribution: log_uniform_values, min: 1e-3, max: 1e-1}
                  optimizer: {values: [sgd, momentum, adam, nadam]}
                  activation: {values: [relu, tanh, sigmoid]}
                """.formatted(runs, epochs);
    }

    int run() throws Exception {
        long wallStart = System.nanoTime();
        dir = Files.createTempDirectory("sweep-load-");
        say("working directory " + dir + " (logs of every role: ROLE.log)");
        Path data = dir.resolve("data");
        IdxWriter.writeDirectory(data, SyntheticDataset.blobs("train", trainImages, 28, 28, 10, 1),
                SyntheticDataset.blobs("test", testImages, 28, 28, 10, 2), true);

        startRole("broker", "broker", "--port", "0", "--data-dir", dir.resolve("kafka").toString());
        String bootstrap = awaitLine("broker", BOOTSTRAP_LINE, STARTUP).group(1);
        say("broker at " + bootstrap);
        // One role at a time, each until it says it is ready: on a loaded machine several JVMs starting at once
        // can each miss the 8 s a role gives the broker to answer.
        List<String> trainerIds = new ArrayList<>();
        for (int i = 1; i <= trainers; i++) {
            String id = "t" + i;
            trainerIds.add(id);
            startReady(id, "waiting for runs", "trainer", "--id", id, "--bootstrap", bootstrap, "--data-dir", data.toString());
        }
        startReady("evaluator", "evaluator publishing summaries", "evaluator", "--bootstrap", bootstrap);
        int port = freePort();
        startReady("dashboard", "dashboard at ", "dashboard", "--bootstrap", bootstrap, "--port", Integer.toString(port));
        String dashboard = "http://127.0.0.1:" + port;

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            awaitTrainersInQueue(admin, trainerIds);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitHttp(http, dashboard + "/api/status");
            if (browser) {
                openBrowser(dashboard);
            }
            long startupMs = (System.nanoTime() - wallStart) / 1_000_000;
            say("all roles up after " + startupMs / 1000.0 + " s; submitting " + runs + " runs");

            String sweepId = "load-" + runs;
            Sampler sampler = new Sampler(admin, bootstrap);
            DashboardWatcher watcher = new DashboardWatcher(http, dashboard, sweepId);
            ResultCounter results = new ResultCounter(bootstrap, sweepId, runs);
            Thread resultsThread = daemon("results", results);
            resultsThread.start();
            long submitNs = System.nanoTime();
            long submitMs = System.currentTimeMillis();
            sampler.origin = submitNs;
            watcher.origin = submitNs;
            Thread samplerThread = daemon("sampler", sampler);
            Thread watcherThread = daemon("dashboard-watcher", watcher);
            samplerThread.start();
            watcherThread.start();
            SweepController.Submitted submitted = SweepController.submit(bootstrap, SpecParser.parse(spec()), sweepId);
            long submitReturnedMs = (System.nanoTime() - submitNs) / 1_000_000;
            say("submitted " + submitted.runsPublished() + " runs in " + submitReturnedMs + " ms");

            long deadline = submitNs + timeout.toNanos();
            int lastSaid = -1;
            while (results.drainedNs == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not drained within " + timeout + ": " + results.distinct() + " of " + runs + " results");
                }
                checkAlive();
                int n = results.distinct();
                if (n / 100 != lastSaid / 100) {
                    lastSaid = n;
                    say(n + " results after " + secondsSince(submitNs) + " s, evaluator lag " + sampler.lastLag() + " records");
                }
                Thread.sleep(200);
            }
            double drainS = (results.drainedNs - submitNs) / 1e9;
            say("drained: " + runs + " results " + String.format(Locale.ROOT, "%.1f", drainS) + " s after submit");

            // The evaluator has taken it all in when its summary counts every run, and its committed lag is 0.
            SweepSummary summary = awaitSummary(bootstrap, sweepId, deadline);
            double summaryS = (System.nanoTime() - submitNs) / 1e9;
            long lagZeroDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (sampler.lastLag() != 0 && System.nanoTime() < lagZeroDeadline) {
                Thread.sleep(200);
            }
            // The dashboard has taken it all in when its runs list shows every run ended.
            double dashboardS = -1;
            long dashboardDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int dashboardEnded = 0;
            while (System.nanoTime() < dashboardDeadline) {
                dashboardEnded = watcher.endedRuns();
                if (dashboardEnded >= runs) {
                    dashboardS = (System.nanoTime() - submitNs) / 1e9;
                    break;
                }
                Thread.sleep(200);
            }
            Thread.sleep(2000); // two more samples of the idle state
            sampler.stop = true;
            watcher.stop = true;
            samplerThread.join(10_000);
            watcherThread.join(10_000);

            // Exactly one result per requested run, counted on the topics.
            Set<String> requested = TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, (RunRequest r) -> r.getSweepId().equals(sweepId),
                    runs, Duration.ofSeconds(60)).stream().map(RunRequest::getRunId).collect(Collectors.toSet());
            results.stop = true;
            resultsThread.join(10_000);
            Map<String, Integer> perRun = results.perRun();
            long lost = requested.stream().filter(r -> !perRun.containsKey(r)).count();
            long duplicated = perRun.values().stream().filter(c -> c > 1).count();
            Map<String, Integer> statuses = results.statuses();

            Map<String, Long> endOffsets = sampler.endOffsets(List.of(Topics.RUNS_REQUESTED.name(), Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name()));
            Sample atDrain = sampler.at(results.drainedNs);
            long eventsAtDrain = atDrain.metrics + atDrain.results;
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("command", command);
            report.put("date", Instant.now().toString());
            report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "load_average_start", loadStart,
                    "load_average_end", loadAverage()));
            String page = browserPage(http);
            report.put("setup", ordered("runs", runs, "trainers", trainers, "epochs_per_run", epochs,
                    "dataset", "synthetic MNIST-shaped IDX, " + trainImages + " train / " + testImages + " test images",
                    "network", "1 hidden layer of 4-16 units", "spec", spec(), "browser_open", chromium != null && chromium.isAlive(), "browser_page", page,
                    "jvm_options", jvmOptionsSummary()));
            report.put("startup_s", round(startupMs / 1000.0, 1));
            report.put("submit_ms", submitReturnedMs);
            report.put("drain_s", round(drainS, 2));
            report.put("summary_complete_s", round(summaryS, 2));
            report.put("summary_after_last_result_s", round(summaryS - drainS, 2));
            report.put("results_per_s", round(runs / drainS, 1));
            report.put("events_at_drain", ordered("runs.metrics", atDrain.metrics, "runs.results", atDrain.results));
            report.put("events_per_s", round(eventsAtDrain / drainS, 1));
            report.put("records_end", endOffsets);
            report.put("runs", ordered("requested", requested.size(), "with_result", perRun.size(), "result_records",
                    perRun.values().stream().mapToInt(Integer::intValue).sum(), "lost", lost, "duplicated", duplicated, "statuses", statuses));
            report.put("summary_counts", summary.getCounts().toString());
            report.put("evaluator_lag_records", sampler.lagStats(results.drainedNs));
            report.put("memory_mb", sampler.memory());
            report.put("cpu_s", sampler.cpu());
            report.put("dashboard_http_ms", watcher.stats());
            report.put("dashboard_runs_ended", dashboardEnded);
            report.put("dashboard_complete_after_last_result_s", dashboardS < 0 ? null : round(dashboardS - drainS, 2));
            List<Long> durations = results.durationsSorted();
            long busyMs = durations.stream().mapToLong(Long::longValue).sum();
            report.put("run_duration_ms", ordered("p50", percentile(durations, 50), "p95", percentile(durations, 95),
                    "max", durations.isEmpty() ? 0 : durations.get(durations.size() - 1)));
            List<Long> gaps = results.gapsSorted();
            report.put("gap_between_runs_on_a_trainer_ms", ordered("p50", percentile(gaps, 50), "p95", percentile(gaps, 95),
                    "max", gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1)));
            report.put("runs_retried", ordered("count", results.retried().size(), "attempts_by_run", results.retried()));
            report.put("trainers_busy_share", round(busyMs / 1000.0 / (trainers * drainS), 2));
            double cpuAll = sampler.cpu().values().stream().mapToDouble(v -> (Double) v).sum();
            report.put("cpu_ms_per_run_all_processes", round(cpuAll * 1000 / runs, 1));
            report.put("wall_s", round((System.nanoTime() - wallStart) / 1e9, 1));
            report.put("samples", sampler.series());

            String json = Json.write(report);
            if (out != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, json + "\n");
                say("wrote " + out);
            }
            if (doc != null) {
                Markdown.replaceSection(doc, Markdown.render(report, out));
                say("updated the Load section of " + doc);
            }
            say(String.format(Locale.ROOT, "load: %d runs, %d trainers: drain %.1f s, %.1f results/s, %.1f events/s, evaluator lag max %s p50 %s records, "
                            + "summary complete %.1f s after the last result; lost %d, duplicated %d; evaluator RSS max %s MB, dashboard %s MB",
                    runs, trainers, drainS, runs / drainS, eventsAtDrain / drainS, sampler.lagStats(results.drainedNs).get("max"),
                    sampler.lagStats(results.drainedNs).get("p50"), summaryS - drainS, lost, duplicated,
                    sampler.memory().get("evaluator").get("rss_max"), sampler.memory().get("dashboard").get("rss_max")));
            boolean ok = lost == 0 && duplicated == 0 && requested.size() == runs;
            if (!ok) {
                say("FAILED: every run must have exactly one result");
            }
            return ok ? 0 : 1;
        }
    }

    private final String loadStart = loadAverage();

    // ---------------------------------------------------------------- processes

    private void startRole(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary()));
        cmd.addAll(javaOptions(args[0]));
        String userOptions = System.getenv("SWEEP_JAVA_OPTS");  // after the role's, as ./sweep places them
        if (userOptions != null && !userOptions.isBlank()) {
            cmd.addAll(List.of(userOptions.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        roles.put(name, pb.start());
    }

    /**
     * The JVM options ./sweep gives {@code role} (from docker/java-opts.sh, which the image's entrypoint uses too),
     * without its class-data archive: one source, so that the load test measures the roles as users run them.
     */
    private List<String> javaOptions(String role) throws IOException {
        List<String> known = roleJavaOptions.get(role);
        if (known != null) {
            return known;
        }
        Process p = new ProcessBuilder(launcher.toAbsolutePath().toString(), "--print-java-opts", role).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(launcher + " --print-java-opts " + role + " failed (run from the repository's root, or pass --launcher)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + launcher + " for the JVM options of " + role, e);
        }
        List<String> options = out.lines().filter(l -> !l.isBlank()).toList();
        roleJavaOptions.put(role, options);
        return options;
    }

    private String jvmOptionsSummary() {
        return "as ./sweep --print-java-opts ROLE (without its class-data archive): " + roleJavaOptions.entrySet().stream()
                .map(e -> e.getKey() + " " + String.join(" ", e.getValue())).collect(Collectors.joining("; "))
                + "; OPENBLAS_NUM_THREADS=1";
    }

    /** Starts a role and waits for its ready line; starts it again (up to 3 times) when it gave up on reaching the broker. */
    private void startReady(String name, String ready, String... args) throws Exception {
        for (int attempt = 1; ; attempt++) {
            startRole(name, args);
            long deadline = System.nanoTime() + STARTUP.toNanos();
            Process p = roles.get(name);
            while (p.isAlive() && !logContains(name, ready)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " not ready within " + STARTUP + "; see " + dir.resolve(name + ".log"));
                }
                Thread.sleep(200);
            }
            if (p.isAlive()) {
                return;
            }
            if (attempt == 3 || !logContains(name, "no Kafka broker answers")) {
                throw new IllegalStateException(name + " ended (exit " + p.exitValue() + "); see " + dir.resolve(name + ".log"));
            }
            say(name + " did not reach the broker in time (a loaded machine); starting it again");
        }
    }

    private Matcher awaitLine(String name, Pattern line, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : Files.readAllLines(dir.resolve(name + ".log"), StandardCharsets.UTF_8)) {
                Matcher m = line.matcher(l);
                if (m.matches()) {
                    return m;
                }
            }
            checkAlive();
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " printed no " + line + " within " + wait);
    }

    private void awaitTrainersInQueue(Admin admin, List<String> ids) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            long assigned = 0;
            try {
                ShareGroupDescription g = admin.describeShareGroups(List.of(TrainerQueue.GROUP)).describedGroups()
                        .get(TrainerQueue.GROUP).get(10, TimeUnit.SECONDS);
                assigned = g.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
            } catch (java.util.concurrent.ExecutionException e) {
                // no group until the first trainer joins
            }
            boolean waiting = ids.stream().allMatch(id -> logContains(id, "waiting for runs"));
            if (assigned >= ids.size() && waiting) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("trainers not in the queue within " + STARTUP + " (" + assigned + " assigned)");
            }
            checkAlive();
            Thread.sleep(250);
        }
    }

    private void awaitHttp(HttpClient http, String url) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            checkAlive();
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " did not answer 200 within " + STARTUP);
    }

    /** A real page open on the dashboard for the whole sweep: it loads the page's script and holds its event stream. */
    private void openBrowser(String url) throws IOException {
        Path binary = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(binary)) {
            say("no /usr/bin/chromium: the dashboard is watched through its JSON only");
            return;
        }
        chromiumProfile = Files.createTempDirectory("sweep-load-chromium-");
        chromium = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + chromiumProfile, "--remote-debugging-port=0", url)
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    }

    /** What the browser has open (its DevTools list of pages: title and address), or why not known. */
    private String browserPage(HttpClient http) {
        if (chromium == null || !chromium.isAlive()) {
            return "no browser";
        }
        try {
            String port = Files.readAllLines(chromiumProfile.resolve("DevToolsActivePort")).get(0).trim();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher title = Pattern.compile("\"title\"\\s*:\\s*\"([^\"]*)\"").matcher(list);
            Matcher url = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]*)\"").matcher(list);
            return (title.find() ? title.group(1) : "?") + " at " + (url.find() ? url.group(1) : "?");
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private boolean logContains(String name, String text) {
        try {
            return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private void checkAlive() {
        roles.forEach((name, p) -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " ended (exit " + p.exitValue() + "); see " + dir.resolve(name + ".log"));
            }
        });
    }

    /** Roles first, the broker last, so that none spends its end retrying a broker that is gone. */
    void stopAll() throws InterruptedException {
        if (chromium != null) {
            chromium.descendants().forEach(ProcessHandle::destroy);
            chromium.destroy();
            chromium.waitFor(10, TimeUnit.SECONDS);
            deleteQuietly(chromiumProfile);
        }
        List<String> order = new ArrayList<>(roles.keySet());
        order.remove("broker");
        order.add("broker");
        for (String name : order) {
            Process p = roles.get(name);
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private SweepSummary awaitSummary(String bootstrap, String sweepId, long deadlineNs) {
        while (System.nanoTime() < deadlineNs) {
            List<SweepSummary> s = TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY,
                    x -> x.getSweepId().equals(sweepId) && x.getCounts().getFinished() + x.getCounts().getFailed()
                            + x.getCounts().getDiverged() + x.getCounts().getStopped() + x.getCounts().getStoppedEarly() >= runs, 1, Duration.ofSeconds(5));
            if (!s.isEmpty()) {
                return s.get(0);
            }
            checkAlive();
        }
        throw new IllegalStateException("the evaluator's summary never counted all " + runs + " runs");
    }

    // ---------------------------------------------------------------- measurement

    /** One sample per second: records on the event topics, the evaluator's lag, each process's memory and CPU. */
    record Sample(double t, long metrics, long results, long lag, Map<String, long[]> procs) {
    }

    final class Sampler implements Runnable {
        private final Admin admin;
        private final String bootstrap;
        private final List<Sample> samples = new CopyOnWriteArrayList<>();
        private final Map<String, long[]> peaks = new ConcurrentHashMap<>(); // name -> {rss max kB, hwm kB}
        volatile long origin;
        volatile boolean stop;

        Sampler(Admin admin, String bootstrap) {
            this.admin = admin;
            this.bootstrap = bootstrap;
        }

        @Override
        public void run() {
            while (!stop) {
                long t0 = System.nanoTime();
                try {
                    sample();
                } catch (Exception e) {
                    say("sample failed: " + e);
                }
                long sleep = 1000 - (System.nanoTime() - t0) / 1_000_000;
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private void sample() throws Exception {
            double t = (System.nanoTime() - origin) / 1e9;
            Map<String, Long> end = endOffsets(EVENT_TOPICS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ProgressGroups.EVALUATOR)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long read = committed.entrySet().stream().filter(e -> EVENT_TOPICS.contains(e.getKey().topic()) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            long lag = Math.max(0, end.get(Topics.RUNS_METRICS.name()) + end.get(Topics.RUNS_RESULTS.name()) - read);
            Map<String, long[]> procs = new LinkedHashMap<>();
            roles.forEach((name, p) -> {
                long[] m = Proc.read(p.pid());
                if (m != null) {
                    procs.put(name, m);
                    peaks.merge(name, new long[] {m[0], m[1]}, (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
                }
            });
            samples.add(new Sample(t, end.get(Topics.RUNS_METRICS.name()), end.get(Topics.RUNS_RESULTS.name()), lag, procs));
        }

        Map<String, Long> endOffsets(List<String> topics) throws Exception {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()
                    .forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<String, Long> sums = new TreeMap<>();
            topics.forEach(tp -> sums.put(tp, 0L));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> sums.merge(tp.topic(), info.offset(), Long::sum));
            return sums;
        }

        long lastLag() {
            return samples.isEmpty() ? -1 : samples.get(samples.size() - 1).lag();
        }

        /** The first sample taken at or after {@code ns}, or the last one. */
        Sample at(long ns) {
            double t = (ns - origin) / 1e9;
            return samples.stream().filter(s -> s.t() >= t).findFirst().orElse(samples.get(samples.size() - 1));
        }

        /** Lag over the samples from submit to the drain (the sweep under load), and the last one after it. */
        Map<String, Object> lagStats(long drainedNs) {
            double until = (drainedNs - origin) / 1e9;
            List<Long> during = samples.stream().filter(s -> s.t() <= until).map(Sample::lag).sorted().toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", during.size());
            m.put("max", during.isEmpty() ? 0 : during.get(during.size() - 1));
            m.put("p50", percentile(during, 50));
            m.put("p95", percentile(during, 95));
            m.put("last", lastLag());
            m.put("note", "committed offsets of group '" + ProgressGroups.EVALUATOR + "' (committed every "
                    + ProgressGroups.COMMIT_INTERVAL.toSeconds() + " s) against end offsets of runs.metrics + runs.results, sampled each second");
            return m;
        }

        Map<String, Map<String, Object>> memory() {
            Map<String, Map<String, Object>> m = new LinkedHashMap<>();
            peaks.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(LoadTest.this::roleOrder)))
                    .forEach(e -> m.put(e.getKey(), ordered("rss_max", e.getValue()[0] / 1024, "hwm", e.getValue()[1] / 1024)));
            return m;
        }

        Map<String, Object> cpu() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!samples.isEmpty()) {
                Sample last = samples.get(samples.size() - 1);
                Sample first = samples.get(0);
                last.procs().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(LoadTest.this::roleOrder)))
                        .forEach(e -> {
                            long[] f = first.procs().get(e.getKey());
                            m.put(e.getKey(), round((e.getValue()[2] - (f == null ? 0 : f[2])) / (double) Proc.TICKS, 1));
                        });
            }
            return m;
        }

        /** The time series, compact: [t s, runs.metrics, runs.results, lag, evaluator RSS MB, dashboard RSS MB]. */
        List<List<Object>> series() {
            List<List<Object>> out = new ArrayList<>();
            for (Sample s : samples) {
                long[] e = s.procs().get("evaluator");
                long[] d = s.procs().get("dashboard");
                out.add(List.of(round(s.t(), 1), s.metrics(), s.results(), s.lag(), e == null ? 0 : e[0] / 1024, d == null ? 0 : d[0] / 1024));
            }
            return out;
        }
    }

    int roleOrder(String name) {
        return new ArrayList<>(roles.keySet()).indexOf(name);
    }

    /** Polls the dashboard's JSON every second, as the page would, and times each answer. */
    final class DashboardWatcher implements Runnable {
        private final HttpClient http;
        private final String base;
        private final String sweepId;
        private final Map<String, List<Double>> times = new ConcurrentHashMap<>();
        private final Map<String, Integer> errors = new ConcurrentHashMap<>();
        volatile long origin;
        volatile boolean stop;
        volatile String lastRunsJson;

        DashboardWatcher(HttpClient http, String base, String sweepId) {
            this.http = http;
            this.base = base;
            this.sweepId = sweepId;
        }

        @Override
        public void run() {
            while (!stop) {
                long t0 = System.nanoTime();
                get("/api/sweeps/" + sweepId);
                String runsJson = get("/api/sweeps/" + sweepId + "/runs");
                if (runsJson != null) {
                    lastRunsJson = runsJson;
                }
                long sleep = 1000 - (System.nanoTime() - t0) / 1_000_000;
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        private String get(String path) {
            String key = path.endsWith("/runs") ? "/api/sweeps/{id}/runs" : "/api/sweeps/{id}";
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                double ms = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() == 200) {
                    times.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(ms);
                    times.computeIfAbsent(key + " bytes", k -> new CopyOnWriteArrayList<>()).add((double) r.body().length());
                    return r.body();
                }
                errors.merge(key + " " + r.statusCode(), 1, Integer::sum); // 404 until the dashboard has read the sweep
            } catch (IOException | InterruptedException e) {
                errors.merge(key + " " + e.getClass().getSimpleName(), 1, Integer::sum);
            }
            return null;
        }

        /** Rows of the last runs list the dashboard served whose status is an end state. */
        int endedRuns() {
            String json = lastRunsJson;
            return json == null ? 0 : (int) ENDED.matcher(json).results().count();
        }

        Map<String, Object> stats() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String key : List.of("/api/sweeps/{id}", "/api/sweeps/{id}/runs")) {
                List<Double> t = new ArrayList<>(times.getOrDefault(key, List.of()));
                Collections.sort(t);
                List<Double> bytes = times.getOrDefault(key + " bytes", List.of());
                m.put(key, ordered("requests", t.size(), "p50", round(percentileD(t, 50), 1), "p95", round(percentileD(t, 95), 1),
                        "max", round(t.isEmpty() ? 0 : t.get(t.size() - 1), 1),
                        "last_response_kb", bytes.isEmpty() ? 0 : round(bytes.get(bytes.size() - 1) / 1024, 1)));
            }
            m.put("not_ok", new TreeMap<>(errors));
            return m;
        }
    }

    /** Reads runs.results from the beginning, outside any group, counting result records per run of the sweep. */
    static final class ResultCounter implements Runnable {
        private final String bootstrap;
        private final String sweepId;
        private final int expected;
        private final Map<String, Integer> perRun = new ConcurrentHashMap<>();
        private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
        private final List<Long> durationsMs = new CopyOnWriteArrayList<>();
        /** {worker, start ms, end ms} of each result, for the gaps between one trainer's runs. */
        private final List<Object[]> spans = new CopyOnWriteArrayList<>();
        private final Map<String, Integer> retried = new ConcurrentHashMap<>();
        volatile long drainedNs;
        volatile boolean stop;

        ResultCounter(String bootstrap, String sweepId, int expected) {
            this.bootstrap = bootstrap;
            this.sweepId = sweepId;
            this.expected = expected;
        }

        @Override
        public void run() {
            Topic<?, RunResult> topic = Topics.RUNS_RESULTS;
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaConnection.plaintext(bootstrap).config(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                c.seekToBeginning(TopicReplay.assignAll(c, List.of(topic.name())));
                while (!stop) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        if (r.value() == null) {
                            continue;
                        }
                        RunResult v = topic.decode(r.partition(), r.offset(), r.value());
                        if (v.getSweepId().equals(sweepId)) {
                            perRun.merge(v.getRunId(), 1, Integer::sum);
                            statuses.merge(v.getStatus().toString(), 1, Integer::sum);
                            durationsMs.add(v.getDurationMs());
                            spans.add(new Object[] {v.getWorkerId(), v.getFinishedAtMs() - v.getDurationMs(), v.getFinishedAtMs()});
                            if (v.getAttempt() > 1) {
                                retried.put(v.getRunId(), v.getAttempt());
                            }
                            if (drainedNs == 0 && perRun.size() >= expected) {
                                drainedNs = System.nanoTime();
                            }
                        }
                    }
                }
            }
        }

        int distinct() {
            return perRun.size();
        }

        Map<String, Integer> perRun() {
            return Map.copyOf(perRun);
        }

        Map<String, Integer> statuses() {
            return new TreeMap<>(statuses);
        }

        /**
         * Time from one run's result to the next run's start on the same trainer: the queue's hand-off (result
         * written, record acknowledged, next record fetched, results checked) rather than training.
         */
        List<Long> gapsSorted() {
            Map<String, List<Object[]>> byWorker = spans.stream().collect(Collectors.groupingBy(x -> (String) x[0]));
            List<Long> gaps = new ArrayList<>();
            for (List<Object[]> l : byWorker.values()) {
                List<Object[]> sorted = l.stream().sorted(Comparator.comparingLong(x -> (Long) x[1])).toList();
                for (int i = 1; i < sorted.size(); i++) {
                    gaps.add((Long) sorted.get(i)[1] - (Long) sorted.get(i - 1)[2]);
                }
            }
            return gaps.stream().sorted().toList();
        }

        Map<String, Integer> retried() {
            return new TreeMap<>(retried);
        }

        /** Each result's training time (durationMs: the run on its trainer, from start to result). */
        List<Long> durationsSorted() {
            return durationsMs.stream().sorted().toList();
        }
    }

    /** /proc/PID: resident memory now and at its peak (kB), and CPU time used (clock ticks). */
    static final class Proc {
        static final long TICKS = 100; // USER_HZ on Linux

        static long[] read(long pid) {
            try {
                long rss = 0;
                long hwm = 0;
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.split("\\s+")[1]);
                    } else if (line.startsWith("VmHWM:")) {
                        hwm = Long.parseLong(line.split("\\s+")[1]);
                    }
                }
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14 and 15)
                return new long[] {rss, hwm, cpu};
            } catch (IOException | RuntimeException e) {
                return null; // the process is gone
            }
        }
    }

    // ---------------------------------------------------------------- report

    /** The "Load" section of docs/reliability.md, between markers, rewritten on each run. */
    static final class Markdown {
        static final String BEGIN = "<!-- load-test:begin (scripts/load_test.sh rewrites this part) -->";
        static final String END = "<!-- load-test:end -->";

        @SuppressWarnings("unchecked")
        static String render(Map<String, Object> r, Path json) {
            Map<String, Object> setup = (Map<String, Object>) r.get("setup");
            Map<String, Object> runs = (Map<String, Object>) r.get("runs");
            Map<String, Object> lag = (Map<String, Object>) r.get("evaluator_lag_records");
            Map<String, Map<String, Object>> mem = (Map<String, Map<String, Object>>) r.get("memory_mb");
            Map<String, Object> cpu = (Map<String, Object>) r.get("cpu_s");
            Map<String, Object> http = (Map<String, Object>) r.get("dashboard_http_ms");
            Map<String, Object> machine = (Map<String, Object>) r.get("machine");
            StringBuilder s = new StringBuilder();
            s.append(BEGIN).append("\n\n");
            s.append(String.format(Locale.ROOT, "Last run: %s, `%s`, %s cores, load average %s at start, %s at end (the numbers move with the machine's load).%n%n",
                    r.get("date").toString().substring(0, 16).replace('T', ' '), r.get("command"), machine.get("cores"),
                    machine.get("load_average_start"), machine.get("load_average_end")));
            s.append("| measure | value |\n|---|---|\n");
            row(s, "runs / trainers / epochs per run", setup.get("runs") + " / " + setup.get("trainers") + " / " + setup.get("epochs_per_run"));
            row(s, "drain (submit to the last run's result)", r.get("drain_s") + " s");
            row(s, "results/s", r.get("results_per_s"));
            Map<String, Object> ev = (Map<String, Object>) r.get("events_at_drain");
            row(s, "events/s (runs.metrics + runs.results records)", r.get("events_per_s") + " (" + ev.get("runs.metrics") + " + " + ev.get("runs.results") + ")");
            row(s, "evaluator lag during the sweep (records, sampled each second)", "max " + lag.get("max") + ", p50 " + lag.get("p50") + ", p95 " + lag.get("p95"));
            row(s, "evaluator summary counts every run", r.get("summary_after_last_result_s") + " s after the last result");
            row(s, "dashboard lists every run ended", r.get("dashboard_complete_after_last_result_s") + " s after the last result");
            Map<String, Object> d = (Map<String, Object>) r.get("run_duration_ms");
            row(s, "a run on its trainer (result's durationMs)", "p50 " + d.get("p50") + " ms, p95 " + d.get("p95") + " ms");
            Map<String, Object> g = (Map<String, Object>) r.get("gap_between_runs_on_a_trainer_ms");
            row(s, "a trainer's gap from one result to its next run's start", "p50 " + g.get("p50") + " ms, p95 " + g.get("p95") + " ms");
            row(s, "trainers busy (sum of run durations / trainers x drain)", r.get("trainers_busy_share"));
            row(s, "CPU time of all processes per run", r.get("cpu_ms_per_run_all_processes") + " ms");
            row(s, "runs requested / with a result / lost / duplicated", runs.get("requested") + " / " + runs.get("with_result") + " / "
                    + runs.get("lost") + " / " + runs.get("duplicated"));
            row(s, "statuses", runs.get("statuses"));
            Map<String, Object> retried = (Map<String, Object>) r.get("runs_retried");
            row(s, "runs retried (attempt > 1: delivered again, still one result)", retried.get("count"));
            for (String role : mem.keySet()) {
                row(s, role + ": RSS max (peak VmHWM), CPU", mem.get(role).get("rss_max") + " MB (" + mem.get(role).get("hwm") + " MB), " + cpu.get(role) + " s");
            }
            for (String ep : List.of("/api/sweeps/{id}", "/api/sweeps/{id}/runs")) {
                Map<String, Object> h = (Map<String, Object>) http.get(ep);
                row(s, "dashboard `GET " + ep + "` each second", "p50 " + h.get("p50") + " ms, p95 " + h.get("p95") + " ms, max " + h.get("max")
                        + " ms (" + h.get("requests") + " requests; last answer " + h.get("last_response_kb") + " KB)");
            }
            row(s, "headless Chromium page open on the dashboard", setup.get("browser_open") + " (" + setup.get("browser_page") + ")");
            row(s, "start-up (broker, roles, queue joined) / whole tool", r.get("startup_s") + " s / " + r.get("wall_s") + " s");
            s.append('\n');
            if (json != null) {
                s.append("All numbers, with one sample per second (offsets, lag, evaluator and dashboard RSS): `").append(json).append("`.\n\n");
            }
            s.append(END);
            return s.toString();
        }

        private static void row(StringBuilder s, String what, Object value) {
            s.append("| ").append(what).append(" | ").append(value).append(" |\n");
        }

        static void replaceSection(Path doc, String section) throws IOException {
            String text = Files.readString(doc);
            int b = text.indexOf(BEGIN);
            int e = text.indexOf(END);
            if (b < 0 || e < b) {
                throw new IOException(doc + " has no " + BEGIN + " ... " + END + " markers");
            }
            Files.writeString(doc, text.substring(0, b) + section + text.substring(e + END.length()));
        }
    }

    /** Just enough JSON for maps, lists, strings, numbers and booleans. */
    static final class Json {
        static String write(Object o) {
            StringBuilder s = new StringBuilder();
            write(o, s, "");
            return s.toString();
        }

        private static void write(Object o, StringBuilder s, String indent) {
            if (o instanceof Map<?, ?> m) {
                s.append("{\n");
                String in = indent + "  ";
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    s.append(in).append(quote(e.getKey().toString())).append(": ");
                    write(e.getValue(), s, in);
                    s.append(++i < m.size() ? ",\n" : "\n");
                }
                s.append(indent).append('}');
            } else if (o instanceof List<?> l) {
                boolean flat = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
                if (flat) {
                    s.append('[').append(l.stream().map(Json::write).collect(Collectors.joining(", "))).append(']');
                } else {
                    s.append("[\n");
                    for (int i = 0; i < l.size(); i++) {
                        s.append(indent).append("  ");
                        write(l.get(i), s, indent + "  ");
                        s.append(i + 1 < l.size() ? ",\n" : "\n");
                    }
                    s.append(indent).append(']');
                }
            } else if (o instanceof Number || o instanceof Boolean) {
                s.append(o);
            } else if (o == null) {
                s.append("null");
            } else {
                s.append(quote(o.toString()));
            }
        }

        private static String quote(String v) {
            StringBuilder s = new StringBuilder("\"");
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\n' -> s.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            s.append(String.format("\\u%04x", (int) c));
                        } else {
                            s.append(c);
                        }
                    }
                }
            }
            return s.append('"').toString();
        }
    }

    // ---------------------------------------------------------------- small helpers

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static double percentileD(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String secondsSince(long ns) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - ns) / 1e9);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, "load-" + name);
        t.setDaemon(true);
        return t;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void say(String line) {
        System.err.println("[load " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
