package io.sweepstream.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.BrokerSecurity;
import io.sweepstream.broker.BrokerSettings;
import io.sweepstream.broker.EmbeddedBroker;
import io.sweepstream.schemas.client.KafkaConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sweep broker}: a real Kafka broker in this process, with every Sweepstream topic. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Starts an embedded Apache Kafka broker (KRaft, one node) with every Sweepstream topic.",
                "Prints the bootstrap address and runs until Ctrl-C."})
final class BrokerCommand implements Runnable {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (0 = a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "localhost", description = "Interface to listen on and advertise. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--data-dir", description = "Where the broker keeps its logs; kept across restarts. Default: a temporary directory, deleted on exit.")
    Path dataDir;

    @Option(names = "--sasl-users", paramLabel = "FILE",
            description = "Require SASL (SCRAM-SHA-512, SASL_PLAINTEXT) on the client port, for these users: a properties file of "
                    + "name=password lines; the entry '" + BROKER_USER + "' is the broker's own user (keep it the same across restarts "
                    + "of one data directory). Default: plaintext, no login.")
    Path saslUsers;

    static final String BROKER_USER = "broker";

    @Override
    public void run() {
        Flags.port("--port", port);
        long t0 = System.nanoTime();
        BrokerSecurity security = saslUsers == null ? null : readUsers(saslUsers);
        BrokerSettings settings = BrokerSettings.temporary().withHost(host).withPort(port).withDataDir(dataDir).withSecurity(security);
        EmbeddedBroker broker = EmbeddedBroker.start(settings);
        KafkaConnection asBroker = security == null ? KafkaConnection.plaintext(broker.bootstrapServers())
                : new KafkaConnection(broker.bootstrapServers(), security.clientProperties(security.adminUser(), security.adminPassword()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the broker...");
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        try {
            TopicSetup.createAll(asBroker, System.out);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        System.out.printf("Kafka broker ready in %.1f s at %s (data: %s)%n",
                (System.nanoTime() - t0) / 1e9, broker.bootstrapServers(), broker.dataDir());
        if (security != null) {
            System.out.println("SASL_PLAINTEXT with SCRAM-SHA-512 for users " + new TreeSet<>(security.users().keySet())
                    + "; a client's --kafka-config file holds:");
            System.out.println("  security.protocol=SASL_PLAINTEXT");
            System.out.println("  sasl.mechanism=SCRAM-SHA-512");
            System.out.println("  sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"<user>\" password=\"<its password>\";");
        }
        System.out.println("export SWEEP_BOOTSTRAP=" + broker.bootstrapServers() + "   # Ctrl-C stops the broker");
        try {
            stopped.await(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The users file: name=password lines, one of them the broker's own user. */
    static BrokerSecurity readUsers(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--sasl-users " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("--sasl-users " + file + ": cannot read it: " + e.getMessage(), e);
        }
        Map<String, String> users = new TreeMap<>();
        p.stringPropertyNames().forEach(name -> users.put(name.trim(), p.getProperty(name).trim()));
        String brokerPassword = users.remove(BROKER_USER);
        if (brokerPassword == null) {
            throw new IllegalArgumentException("--sasl-users " + file + " has no '" + BROKER_USER
                    + "=<password>' line: the broker needs its own user to talk to itself");
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("--sasl-users " + file + " names no user besides '" + BROKER_USER + "'");
        }
        try {
            return new BrokerSecurity(BROKER_USER, brokerPassword, users, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sasl-users " + file + ": " + e.getMessage(), e);
        }
    }
}
