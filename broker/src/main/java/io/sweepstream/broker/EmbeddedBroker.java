package io.sweepstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka 4.x node in KRaft mode (broker and controller), started in this JVM.
 *
 * <p>Call order: {@link #start(BrokerSettings)}, then use {@link #bootstrapServers()}, then {@link #close()}.
 * A broker started again on the same data directory keeps every record and, unless other ports are
 * asked for, listens on the same ports as before, so clients keep their bootstrap address.
 */
public final class EmbeddedBroker implements KafkaBackend {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    static final String SETTINGS_FILE = "sweepstream-broker.properties";

    private final BrokerSettings settings;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private final KafkaRaftServer server;
    private final long startMillis;
    private boolean closed;

    private EmbeddedBroker(BrokerSettings settings, Path dataDir, boolean deleteOnClose, int port,
                           KafkaRaftServer server, long startMillis) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.server = server;
        this.startMillis = startMillis;
    }

    /** Formats the data directory if it is new, starts the node and waits until it answers clients. */
    public static EmbeddedBroker start(BrokerSettings settings) {
        long t0 = System.nanoTime();
        boolean temporary = settings.dataDir() == null;
        Path dataDir;
        try {
            dataDir = temporary ? Files.createTempDirectory("sweepstream-broker-") : settings.dataDir().toAbsolutePath();
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker data directory " + settings.dataDir(), e);
        }

        Properties remembered = readSettings(dataDir);
        int port = chooseRemembered(settings.port(), remembered, "port");
        int controllerPort = chooseRemembered(0, remembered, "controller.port");
        String clusterId = remembered.getProperty("cluster.id", Uuid.randomUuid().toString());

        Properties props = serverProperties(settings, dataDir, port, controllerPort);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        Path logDir = dataDir.resolve("logs");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(props, dataDir, clusterId, settings.security());
        }
        writeSettings(dataDir, port, controllerPort, clusterId);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IllegalStateException("the embedded Kafka broker did not start on port " + port + ": " + e.getMessage(), e);
        }
        EmbeddedBroker broker = new EmbeddedBroker(settings, dataDir, temporary, port, server, System.currentTimeMillis());
        broker.awaitReady(settings.startTimeout());
        if (settings.security() != null) {
            broker.upsertUsers(settings.security(), settings.startTimeout());
        }
        broker.createCoordinatorTopics(Integer.parseInt(props.getProperty(SHARE_STATE_PARTITIONS)),
                Integer.parseInt(props.getProperty(OFFSETS_PARTITIONS)), settings.startTimeout());
        return broker;
    }

    /** {@code host:port} for clients. */
    @Override
    public String bootstrapServers() {
        return settings.host() + ":" + port;
    }

    @Override
    public String describe() {
        return "embedded Kafka broker at " + bootstrapServers()
                + (settings.security() == null ? "" : " (" + settings.security().protocol() + ")") + " (data in " + dataDir + ")";
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long startedAtMillis() {
        return startMillis;
    }

    /** Client settings that reach this broker. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        if (settings.security() != null) {
            config.putAll(settings.security().clientProperties(settings.security().adminUser(), settings.security().adminPassword()));
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** Stops the node and waits for it; deletes the data directory if it was temporary. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        Map<String, Object> config = new HashMap<>(clientConfig());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    // The broker answers metadata only once it has caught up with the controller.
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = new IllegalStateException(e.getMessage(), e);
                }
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("the embedded Kafka broker did not answer within " + timeout.toSeconds() + " s", last);
    }

    private static final String SHARE_STATE_PARTITIONS = "share.coordinator.state.topic.num.partitions";
    private static final String OFFSETS_PARTITIONS = "offsets.topic.num.partitions";
    private static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final String SHARE_STATE_TOPIC = "__share_group_state";

    /**
     * The share-group state topic's partition count: 3 for a new data directory (Kafka's default of 50
     * partitions, created when the first trainer joins, delayed its first run by seconds on 2 cores),
     * else the count the directory already has, because the coordinator finds a group's state by
     * hashing modulo this number and must keep finding what it wrote.
     */
    static int shareStatePartitions(Path logDir) {
        try (var entries = Files.list(logDir)) {
            long existing = entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(SHARE_STATE_TOPIC + "-"))
                    .count();
            return existing > 0 ? (int) existing : 3;
        } catch (java.nio.file.NoSuchFileException e) {
            return 3;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the broker's log directory " + logDir, e);
        }
    }

    private static Properties serverProperties(BrokerSettings settings, Path dataDir, int port, int controllerPort) {
        String host = settings.host();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        // The client listener is named after its protocol; the controller listener stays plaintext on the
        // same host (KRaft controllers authenticate with PLAIN at most, not SCRAM).
        String protocol = settings.security() == null ? "PLAINTEXT" : settings.security().protocol();
        p.put("listeners", protocol + "://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", protocol + "://" + host + ":" + port);
        p.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", protocol);
        if (settings.security() != null) {
            settings.security().serverProperties().forEach(p::put);
        }
        p.put("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("metadata.log.dir", dataDir.resolve("logs").toString());
        // One node: every internal topic has a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put(OFFSETS_PARTITIONS, "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        QueueBrokerSettings.PROPERTIES.forEach(p::put);
        p.put(SHARE_STATE_PARTITIONS, String.valueOf(shareStatePartitions(dataDir.resolve("logs"))));
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        // Topics are created on purpose (with their settings); a typo must not create a new one.
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Fast failover of a killed trainer needs session timeouts below the 45 s default.
        p.put("group.consumer.min.session.timeout.ms", "1000");
        p.put("group.consumer.min.heartbeat.interval.ms", "500");
        p.put("group.min.session.timeout.ms", "1000");
        // The 128 MiB default dedupe buffer can kill a small JVM silently.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        settings.overrides().forEach(p::put);
        return p;
    }

    private static void format(Properties props, Path dataDir, String clusterId, BrokerSecurity security) {
        Path file = dataDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, "written by Sweepstream for kafka-storage format");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of(
                "format", "--config", file.toString(), "--cluster-id", clusterId, "--standalone", "--ignore-formatted"));
        if (security != null) {
            // The broker must find its own SCRAM user in the first metadata, or it cannot talk to itself.
            args.addAll(List.of("--add-scram", security.formatScramArgument()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            code = StorageTool.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        } finally {
            if (security != null) {
                // it holds the admin password and TLS store passwords; it is needed only for formatting
                deleteQuietly(file);
            }
        }
        if (code != 0) {
            throw new IllegalStateException("formatting the broker data directory " + dataDir + " failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Creates the coordinators' topics now, with the settings Kafka gives them. Kafka creates each at its
     * first use and the client asking waits for it with a backoff: on a new data directory the first
     * trainer's first run started about 2.5 s later than on a directory that had them (the share
     * coordinator's state lookup retries after ~2 s). Best effort: if the broker refuses, Kafka still
     * creates them when they are first needed.
     */
    private void createCoordinatorTopics(int sharePartitions, int offsetsPartitions, Duration timeout) {
        Map<String, String> segment = Map.of("segment.bytes", String.valueOf(100 * 1024 * 1024), "compression.type", "producer");
        Map<String, String> share = new HashMap<>(segment);
        share.put("cleanup.policy", "delete");
        Map<String, String> offsets = new HashMap<>(segment);
        offsets.put("cleanup.policy", "compact");
        List<NewTopic> topics = List.of(
                new NewTopic(SHARE_STATE_TOPIC, sharePartitions, (short) 1).configs(share),
                new NewTopic(OFFSETS_TOPIC, offsetsPartitions, (short) 1).configs(offsets));
        try (Admin admin = Admin.create(clientConfig())) {
            admin.createTopics(topics).values().forEach((name, created) -> {
                try {
                    created.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        log.debug("{} not created ahead ({}); Kafka creates it at its first use", name, e.getCause().toString());
                    }
                } catch (TimeoutException e) {
                    log.debug("{} not created ahead within {} ms; Kafka creates it at its first use", name, timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /** Creates or updates the client users, through the admin user, so that the settings are the truth after a restart. */
    private void upsertUsers(BrokerSecurity security, Duration timeout) {
        if (security.users().isEmpty()) {
            return;
        }
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        security.users().forEach((user, password) -> alterations.add(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
        try (Admin admin = Admin.create(clientConfig())) {
            admin.alterUserScramCredentials(alterations).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the embedded Kafka broker started but did not accept its SCRAM users "
                    + new TreeSet<>(security.users().keySet()) + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort; the data directory is the broker's own
        }
    }

    private static Properties readSettings(Path dataDir) {
        Properties p = new Properties();
        Path file = dataDir.resolve(SETTINGS_FILE);
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }

    private static void writeSettings(Path dataDir, int port, int controllerPort, String clusterId) {
        Properties p = new Properties();
        p.setProperty("port", String.valueOf(port));
        p.setProperty("controller.port", String.valueOf(controllerPort));
        p.setProperty("cluster.id", clusterId);
        try (Writer w = Files.newBufferedWriter(dataDir.resolve(SETTINGS_FILE))) {
            p.store(w, "ports and cluster id of this data directory, reused on restart");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The asked-for port; else the one this data directory used before; else a free one. */
    private static int chooseRemembered(int asked, Properties remembered, String key) {
        if (asked > 0) {
            return asked;
        }
        String before = remembered.getProperty(key);
        if (before != null && isFree(Integer.parseInt(before))) {
            return Integer.parseInt(before);
        }
        return freePort();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temporary directory is harmless.
        }
    }
}
