package io.sweepstream.cli;

import static io.sweepstream.cli.DeploymentFiles.COMPOSE;
import static io.sweepstream.cli.DeploymentFiles.ENTRYPOINT;
import static io.sweepstream.cli.DeploymentFiles.ROOT;
import static io.sweepstream.cli.DeploymentFiles.map;
import static io.sweepstream.cli.DeploymentFiles.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.sweepstream.broker.QueueBrokerSettings;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.junit.jupiter.api.Test;

/** docker-compose.yml against the code: commands, variables, scaling, listeners, build, start order. */
class ComposeFileTest {

    private static final String IMAGE = "sweepstream/sweep";

    private final Map<String, Object> compose = DeploymentFiles.yamlDocuments(COMPOSE).get(0);
    private final Map<String, Object> services = map(compose.get("services"));

    private Map<String, Object> service(String name) {
        assertTrue(services.containsKey(name), () -> "docker-compose.yml has a service " + name + "; it has " + services.keySet());
        return map(services.get(name));
    }

    /** Services that run our image (the anchor merges image and build into each). */
    private Map<String, Map<String, Object>> sweepServices() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            if (String.valueOf(map(s).get("image")).startsWith(IMAGE + ":")) {
                out.put(name, map(s));
            }
        });
        return out;
    }

    /** The sweep command line a service runs: its entrypoint's arguments after the script, then its command. */
    private static List<String> sweepArgs(Map<String, Object> service) {
        List<String> args = new ArrayList<>();
        List<String> entrypoint = strings(service.get("entrypoint"));
        if (!entrypoint.isEmpty()) {
            assertEquals(ENTRYPOINT, entrypoint.get(0), "an entrypoint override keeps the image's script");
            args.addAll(entrypoint.subList(1, entrypoint.size()));
        }
        args.addAll(strings(service.get("command")));
        return args;
    }

    @Test
    void hasTheServicesTheIssueAsksFor() {
        for (String name : List.of("kafka", "topics", "trainer", "evaluator", "dashboard", "submit")) {
            service(name);
        }
        assertEquals(List.of("tools"), strings(service("kafka-ui").get("profiles")), "the Kafka web UI is optional");
    }

    @Test
    void everySweepServiceRunsARealSweepSubcommand() {
        Map<String, String> roles = new LinkedHashMap<>();
        sweepServices().forEach((name, s) -> roles.put(name, DeploymentFiles.parseAsSweepCommand(sweepArgs(s))));

        assertEquals("trainer", roles.get("trainer"));
        assertEquals("evaluator", roles.get("evaluator"));
        assertEquals("dashboard", roles.get("dashboard"));
        assertEquals("topics", roles.get("topics"));
        assertEquals("submit", roles.get("submit"));
    }

    @Test
    void submitSendsQuickYamlFromTheMountedExamples() {
        Map<String, Object> submit = service("submit");
        List<String> args = sweepArgs(submit);
        assertEquals(List.of("submit", "examples/quick.yaml"), args);
        assertTrue(strings(submit.get("volumes")).contains("./examples:/opt/sweep/examples:ro"), () -> "volumes: " + submit.get("volumes"));
        assertTrue(Files.isRegularFile(ROOT.resolve(args.get(1))), "the spec exists in the repository");
    }

    @Test
    void everySweepVariableUsedIsOneTheCliReads() {
        Set<String> read = DeploymentFiles.variablesTheCliReads();
        Set<String> used = new TreeSet<>();
        sweepServices().values().forEach(s -> map(s.get("environment")).keySet().stream().filter(k -> k.startsWith("SWEEP_")).forEach(used::add));

        assertFalse(used.isEmpty());
        for (String name : used) {
            assertTrue(read.contains(name), () -> name + " is set in docker-compose.yml but the CLI does not read it; it reads " + read);
        }
    }

    @Test
    void theTrainerCanBeScaled() {
        Map<String, Object> trainer = service("trainer");
        assertFalse(trainer.containsKey("container_name"), "a container name allows one trainer only");
        assertFalse(trainer.containsKey("ports"), "a fixed host port allows one trainer only");
        assertFalse(trainer.containsKey("hostname"), "one hostname for several trainers would be confusing");
    }

    @Test
    void containersReachKafkaByItsServiceNameAndTheHostByAPublishedPort() {
        Map<String, Object> env = map(service("kafka").get("environment"));
        List<String> advertised = List.of(String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS")).split(","));
        String bootstrap = String.valueOf(map(service("trainer").get("environment")).get("SWEEP_BOOTSTRAP"));

        assertTrue(bootstrap.startsWith("kafka:"), "the roles use the service name: " + bootstrap);
        assertTrue(advertised.stream().anyMatch(l -> l.endsWith("://" + bootstrap)),
                () -> "Kafka advertises " + bootstrap + " to containers: " + advertised);
        String hostListener = advertised.stream().filter(l -> l.contains("://localhost:")).findFirst()
                .orElseThrow(() -> new AssertionError("a listener for the host: " + advertised));
        String hostPort = hostListener.substring(hostListener.lastIndexOf(':') + 1);
        assertTrue(strings(service("kafka").get("ports")).contains(hostPort + ":" + hostPort),
                () -> "the host listener's port " + hostPort + " is published: " + service("kafka").get("ports"));
        sweepServices().forEach((name, s) -> {
            Object b = map(s.get("environment")).get("SWEEP_BOOTSTRAP");
            assertEquals(bootstrap, String.valueOf(b), name + " reaches the same Kafka");
        });
    }

    @Test
    void kafkaHasTheQueuesBrokerSettingsAndTheClientsVersion() throws IOException {
        Map<String, Object> kafka = service("kafka");
        Map<String, Object> env = map(kafka.get("environment"));
        QueueBrokerSettings.asEnvironment().forEach((k, v) ->
                assertEquals(v, String.valueOf(env.get(k)), () -> k + " as the embedded broker sets it (QueueBrokerSettings)"));
        assertEquals("apache/kafka:" + kafkaClientsVersion(), kafka.get("image"), "the broker is the version of our Kafka clients");
        assertTrue(kafka.containsKey("healthcheck"));
    }

    /** The version kafka-clients was built as (the jar says it in a resource). */
    private static String kafkaClientsVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = KafkaShareConsumer.class.getClassLoader().getResourceAsStream("kafka/kafka-version.properties")) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    @Test
    void theBuildContextAndDockerfileExist() {
        sweepServices().forEach((name, s) -> {
            Map<String, Object> build = map(s.get("build"));
            Path context = ROOT.resolve(String.valueOf(build.get("context"))).normalize();
            assertTrue(Files.isDirectory(context), name + ": build context " + context);
            assertTrue(Files.isRegularFile(context.resolve(String.valueOf(build.get("dockerfile")))), name + ": Dockerfile in " + context);
        });
    }

    @Test
    void startOrderWaitsOnHealthchecksAndFinishedOneShots() {
        services.forEach((name, s) -> map(map(s).get("depends_on")).forEach((target, c) -> {
            String condition = String.valueOf(map(c).get("condition"));
            Map<String, Object> dependency = service(target);
            switch (condition) {
                case "service_healthy" -> assertTrue(dependency.containsKey("healthcheck"),
                        () -> name + " waits for " + target + " to be healthy, which has no healthcheck");
                case "service_completed_successfully" -> assertEquals("no", String.valueOf(dependency.get("restart")),
                        () -> name + " waits for " + target + " to finish: it must be a one-shot (restart: \"no\")");
                case "service_started" -> { }
                default -> throw new AssertionError(name + " -> " + target + ": unknown condition " + condition);
            }
        }));
        assertEquals("service_healthy", String.valueOf(map(map(service("topics").get("depends_on")).get("kafka")).get("condition")));
        assertEquals("service_healthy", String.valueOf(map(map(service("submit").get("depends_on")).get("dashboard")).get("condition")));
    }

    @Test
    void namedVolumesAreDeclared() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        assertTrue(declared.containsAll(Set.of("datasets", "kafka-data")), () -> "volumes: " + declared);
        services.forEach((name, s) -> strings(map(s).get("volumes")).forEach(v -> {
            String source = v.split(":")[0];
            if (!source.startsWith(".") && !source.startsWith("/")) {
                assertTrue(declared.contains(source), () -> name + " mounts the undeclared volume " + source);
            }
        }));
        assertTrue(strings(service("trainer").get("volumes")).contains("datasets:/data"), "trainers share the datasets");
        assertTrue(strings(service("kafka").get("volumes")).stream().anyMatch(v -> v.startsWith("kafka-data:")));
    }
}
