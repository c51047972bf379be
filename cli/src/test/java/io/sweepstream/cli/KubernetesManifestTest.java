package io.sweepstream.cli;

import static io.sweepstream.cli.DeploymentFiles.K8S;
import static io.sweepstream.cli.DeploymentFiles.list;
import static io.sweepstream.cli.DeploymentFiles.map;
import static io.sweepstream.cli.DeploymentFiles.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** deploy/k8s against the code: every file parses, kustomize lists them, the roles run real commands, KEDA scales the trainers. */
class KubernetesManifestTest {

    private static final Path BASE = K8S.resolve("base");

    /** Every object of the base that kustomize lists, by kind/name. */
    private final Map<String, Map<String, Object>> objects = new HashMap<>();
    private final Map<String, Object> kustomization = DeploymentFiles.yamlDocuments(BASE.resolve("kustomization.yaml")).get(0);

    KubernetesManifestTest() {
        for (String file : strings(kustomization.get("resources"))) {
            for (Map<String, Object> doc : DeploymentFiles.yamlDocuments(BASE.resolve(file))) {
                objects.put(doc.get("kind") + "/" + map(doc.get("metadata")).get("name"), doc);
            }
        }
    }

    private Map<String, Object> object(String kindAndName) {
        Map<String, Object> o = objects.get(kindAndName);
        assertNotNull(o, () -> kindAndName + " in deploy/k8s/base; found " + new TreeSet<>(objects.keySet()));
        return o;
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> workload, String field) {
        return list(podSpec(workload).get(field)).stream().map(DeploymentFiles::map).toList();
    }

    @Test
    void everyYamlFileParsesAndKustomizeListsEachOfThem() throws IOException {
        Set<String> listed = new TreeSet<>(strings(kustomization.get("resources")));
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                List<Map<String, Object>> docs = DeploymentFiles.yamlDocuments(f);
                assertFalse(docs.isEmpty(), () -> f + " holds a document");
                docs.forEach(d -> assertTrue(d.containsKey("apiVersion") && d.containsKey("kind"), () -> f + ": apiVersion and kind"));
                if (f.getParent().equals(BASE) && !f.getFileName().toString().equals("kustomization.yaml")) {
                    onDisk.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(onDisk, listed, "kustomization.yaml lists every manifest beside it, and only those");
    }

    @Test
    void theRolesRunRealSweepCommands() {
        Map<String, String> expected = Map.of("Deployment/trainer", "trainer", "Deployment/evaluator", "evaluator",
                "Deployment/controller", "controller", "Deployment/dashboard", "dashboard", "Job/sweepstream-topics", "topics");
        expected.forEach((workload, role) -> {
            List<Map<String, Object>> cs = containers(object(workload), "containers");
            assertEquals(1, cs.size(), workload);
            assertFalse(cs.get(0).containsKey("command"), workload + " keeps the image's entrypoint");
            assertEquals(role, DeploymentFiles.parseAsSweepCommand(strings(cs.get(0).get("args"))), workload);
        });
        for (Map<String, Object> init : containers(object("Deployment/trainer"), "initContainers")) {
            DeploymentFiles.parseAsSweepCommand(strings(init.get("args")));
        }
    }

    @Test
    void everySweepVariableSetIsOneTheCliReads() {
        Set<String> read = DeploymentFiles.variablesTheCliReads();
        List<String> used = new ArrayList<>(map(object("ConfigMap/sweepstream").get("data")).keySet());
        objects.values().stream().filter(o -> map(o.get("spec")).containsKey("template")).forEach(w -> {
            for (String field : List.of("containers", "initContainers")) {
                containers(w, field).forEach(c -> list(c.get("env")).forEach(e -> used.add(String.valueOf(map(e).get("name")))));
            }
        });
        used.stream().filter(n -> n.startsWith("SWEEP_")).forEach(n ->
                assertTrue(read.contains(n), () -> n + " is set in deploy/k8s but the CLI does not read it"));
        assertTrue(used.contains("SWEEP_BOOTSTRAP"));
    }

    @Test
    void theTrainerHasAMemoryLimitAboveWhatItUses() {
        Map<String, Object> resources = map(containers(object("Deployment/trainer"), "containers").get(0).get("resources"));
        assertEquals("1Gi", map(resources.get("limits")).get("memory"), "a trainer's resident memory was about 500 MB after runs");
    }

    @Test
    void kedaScalesTheTrainerDeploymentOnTheDashboardsQueueGauges() {
        Map<String, Object> spec = map(object("ScaledObject/trainer").get("spec"));
        Map<String, Object> target = map(spec.get("scaleTargetRef"));
        assertEquals("trainer", target.get("name"));
        object("Deployment/" + target.get("name"));
        assertEquals(0, spec.get("minReplicaCount"), "no trainers while nothing is queued");
        assertTrue((Integer) spec.get("maxReplicaCount") >= 1);

        List<Object> triggers = list(spec.get("triggers"));
        assertEquals(1, triggers.size());
        Map<String, Object> trigger = map(triggers.get(0));
        assertEquals("prometheus", trigger.get("type"), "KEDA's Kafka scaler does not read share groups");
        String query = String.valueOf(map(trigger.get("metadata")).get("query"));
        for (String metric : DeploymentFiles.QUEUE_METRICS) {
            assertTrue(query.contains(metric), () -> "the query reads " + metric + ": " + query);
        }
        for (String name : query.split("[^A-Za-z0-9_]+")) {
            if (name.startsWith("sweepstream_")) {
                assertTrue(DeploymentFiles.QUEUE_METRICS.contains(name), () -> "the dashboard serves " + name);
            }
        }
    }

    @Test
    void theDashboardIsScrapedAndServedOnItsPort() {
        Map<String, Object> dashboard = object("Deployment/dashboard");
        Map<String, Object> annotations = map(map(map(map(dashboard.get("spec")).get("template")).get("metadata")).get("annotations"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        Map<String, Object> container = containers(dashboard, "containers").get(0);
        Map<String, String> env = new HashMap<>();
        list(container.get("env")).forEach(e -> env.put(String.valueOf(map(e).get("name")), String.valueOf(map(e).get("value"))));
        assertEquals("0.0.0.0", env.get("SWEEP_DASHBOARD_HOST"), "reachable from the Service");
        String port = env.get("SWEEP_DASHBOARD_PORT");
        assertEquals(port, String.valueOf(annotations.get("prometheus.io/port")));
        Map<String, Object> service = object("Service/dashboard");
        assertEquals(Integer.valueOf(port), map(list(map(service.get("spec")).get("ports")).get(0)).get("port"));
    }

    @Test
    void everyPodRunsAsTheImagesNonRootUser() {
        objects.values().stream().filter(o -> map(o.get("spec")).containsKey("template")).forEach(w -> {
            Map<String, Object> security = map(podSpec(w).get("securityContext"));
            assertEquals(true, security.get("runAsNonRoot"), () -> map(w.get("metadata")).get("name") + " runs as non-root");
            assertEquals(10001, security.get("runAsUser"));
        });
    }
}
