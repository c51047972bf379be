package io.sweepstream.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sweepstream.schemas.topic.TrainerQueue;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.SyntheticDataset;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ShareGroupDescription;

/**
 * Roles of the {@code sweep} command as separate JVMs on the test classpath, the way {@code docker compose}
 * runs them: each named, its output in {@code NAME.log} under a directory, killed with SIGKILL on
 * {@link #close()} (roles first, the broker last). A name started again (a restarted role) appends to its log.
 */
public final class SweepProcesses implements AutoCloseable {

    /** Heap of every role unless a test asks for another (the trainer JVMs of the out-of-memory scenario). */
    public static final String DEFAULT_HEAP = "-Xmx256m";

    /** The roles a test starts next to its trainers. */
    public enum Role {
        EVALUATOR("evaluator"),
        CONTROLLER("controller"),
        /** On a free port; {@link #dashboardAddress} says which. */
        DASHBOARD("dashboard", "--port", "0");

        private final List<String> args;

        Role(String... args) {
            this.args = List.of(args);
        }
    }

    private static final Pattern DASHBOARD_AT = Pattern.compile("dashboard at (http://\\S+?)/? reading .*");

    private final Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    public SweepProcesses(Path dir) {
        this.dir = dir;
    }

    /** Starts {@code sweep ARGS} in its own JVM with the default heap. */
    public Process start(String name, String... args) throws IOException {
        return startWithHeap(name, DEFAULT_HEAP, args);
    }

    /** Starts {@code sweep ARGS} in its own JVM, {@code heap} (e.g. {@code -Xmx160m}) its heap limit. */
    public Process startWithHeap(String name, String heap, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), heap, "-XX:+UseSerialGC",
                // the client JIT only: these JVMs live a minute, and several start at once on two cores
                "-XX:TieredStopAtLevel=1",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), SweepCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        processes.put(name, p);
        return p;
    }

    /**
     * Writes a small synthetic dataset as gzipped IDX files into {@code dir} ({@code trainImages} training images of
     * 28x28 in 10 classes, 100 test images): what the trainer JVMs of a test read as any dataset. Returns {@code dir}.
     */
    public static Path writeSyntheticData(Path dir, int trainImages) throws IOException {
        IdxWriter.writeDirectory(dir, SyntheticDataset.blobs("train", trainImages, 28, 28, 10, 1),
                SyntheticDataset.blobs("test", 100, 28, 28, 10, 2), true);
        return dir;
    }

    /**
     * The cluster most multi-process tests run on a broker at {@code bootstrap}: the trainers {@code trainers} (their
     * process names are their worker ids), each with heap {@code trainerHeap} and the data in {@code dataDir}, then
     * {@code others}; returns once every trainer is in the queue.
     */
    public void startCluster(String bootstrap, Path dataDir, String trainerHeap, List<String> trainers, Duration timeout, Role... others)
            throws Exception {
        for (String id : trainers) {
            startTrainer(id, trainerHeap, bootstrap, dataDir);
        }
        for (Role role : others) {
            List<String> args = new ArrayList<>(role.args);
            args.addAll(List.of("--bootstrap", bootstrap));
            start(role.args.get(0), args.toArray(String[]::new));
        }
        awaitTrainersInTheQueue(bootstrap, Set.copyOf(trainers), timeout);
    }

    /** Starts {@code sweep trainer} named {@code id} (its process name too) on the data in {@code dataDir}. */
    public Process startTrainer(String id, String heap, String bootstrap, Path dataDir) throws IOException {
        return startWithHeap(id, heap, "trainer", "--id", id, "--bootstrap", bootstrap, "--data-dir", dataDir.toString());
    }

    /** The address the dashboard printed from line {@code from} of its output on (0, or past a restart's lines), waiting for it. */
    public String dashboardAddress(int from, Duration timeout) throws IOException, InterruptedException {
        return awaitLine(Role.DASHBOARD.args.get(0), from, DASHBOARD_AT, timeout).group(1);
    }

    /** Starts {@code sweep broker} on a free port with its data in {@code dataDir}; returns its bootstrap address. */
    public String startBroker(Path dataDir, Duration timeout) throws IOException, InterruptedException {
        return startBroker(dataDir, "0", timeout);
    }

    /** Starts {@code sweep broker} on {@code port} (0: any free one) with its data in {@code dataDir}; returns its bootstrap address. */
    public String startBroker(Path dataDir, String port, Duration timeout) throws IOException, InterruptedException {
        int linesBefore = lines("broker").size();
        start("broker", "broker", "--port", port, "--data-dir", dataDir.toString());
        return awaitLine("broker", linesBefore, Pattern.compile("export SWEEP_BOOTSTRAP=(\\S+) .*"), timeout).group(1);
    }

    /** The process of that name, or null. */
    public Process get(String name) {
        return processes.get(name);
    }

    /** SIGKILL: no goodbye to the group, no commit, no flush. Waits until the process is gone. */
    public void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        if (p != null) {
            p.destroyForcibly();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " still alive 30 s after SIGKILL");
            }
        }
    }

    /** The first line of {@code name}'s output that matches, waiting for it. */
    public Matcher awaitLine(String name, Pattern line, Duration timeout) throws IOException, InterruptedException {
        return awaitLine(name, 0, line, timeout);
    }

    /** The first line from line {@code from} on of {@code name}'s output that matches, waiting for it. */
    public Matcher awaitLine(String name, int from, Pattern line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = lines(name);
            for (String l : lines.subList(Math.min(from, lines.size()), lines.size())) {
                Matcher m = line.matcher(l);
                if (m.matches()) {
                    return m;
                }
            }
            if (!processes.get(name).isAlive()) {
                throw new AssertionError(name + " ended before printing " + line + "\n" + logs());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line " + line + " from " + name + " within " + timeout + "\n" + logs());
    }

    /** The trainers are members of the share group with the queue assigned, each waiting for runs: a run submitted now can go to any. */
    public void awaitTrainersInTheQueue(String bootstrap, Set<String> trainers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                long assigned = 0;
                try {
                    ShareGroupDescription g = admin.describeShareGroups(List.of(TrainerQueue.GROUP))
                            .describedGroups().get(TrainerQueue.GROUP).get(10, TimeUnit.SECONDS);
                    // by client id ("trainer-" + worker id), not by count: on a broker that other tests' trainers used,
                    // their members stay in the group until their session times out
                    Set<String> clientIds = g.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty())
                            .map(m -> m.clientId()).collect(java.util.stream.Collectors.toSet());
                    assigned = trainers.stream().filter(t -> clientIds.contains("trainer-" + t)).count();
                } catch (java.util.concurrent.ExecutionException e) {
                    // the group does not exist until the first trainer joins
                }
                if (assigned == trainers.size() && trainers.stream().allMatch(t -> logContains(t, "waiting for runs"))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the trainers did not join the queue within " + timeout + " (" + assigned + " assigned)\n" + logs());
                }
                Thread.sleep(250);
            }
        }
    }

    public boolean logContains(String name, String text) {
        try {
            return Files.readString(log(name), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    public Path log(String name) {
        return dir.resolve(name + ".log");
    }

    private List<String> lines(String name) throws IOException {
        Path log = log(name);
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** The last lines of every process's output, for a failure message. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : processes.keySet()) {
            try {
                List<String> lines = lines(name);
                out.append("--- ").append(name).append(" (last 20 lines)\n");
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("--- ").append(name).append(": no output (").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    /** Kills the roles, then the broker (so they do not spend their last moments retrying), each within a bounded wait. */
    @Override
    public void close() throws InterruptedException {
        List<String> order = new ArrayList<>(processes.keySet());
        order.remove("broker");
        order.add("broker");
        for (String name : order) {
            Process p = processes.get(name);
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
