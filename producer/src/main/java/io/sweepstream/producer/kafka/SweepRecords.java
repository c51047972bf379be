package io.sweepstream.producer.kafka;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.spec.EarlyTermination;
import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.producer.spec.ParameterSpec;
import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.EarlyTerminationType;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.ParameterKind;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SearchMethod;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;

/** Converts specs and planned runs to wire records, and results back to search history. */
public final class SweepRecords {

    private SweepRecords() {
    }

    /** Run ids sort in run order and say which sweep they belong to. */
    public static String runId(String sweepId, int index) {
        return String.format(Locale.ROOT, "%s-r%04d", sweepId, index);
    }

    /**
     * The spec a published sweep runs: its text, with the definition's run_cap, which {@code sweep extend}
     * may have raised since the text was written.
     */
    public static SweepSpec spec(SweepDefinition d) {
        SweepSpec spec = SpecParser.parse(d.getSpecYaml());
        return d.getRunCap() != null && !spec.runCap().equals(java.util.Optional.of(d.getRunCap())) ? spec.withRunCap(d.getRunCap()) : spec;
    }

    public static SweepDefinition definition(String sweepId, SweepSpec spec, Integer totalRuns, long nowMs) {
        List<io.sweepstream.schemas.avro.ParameterSpec> parameters = new ArrayList<>();
        spec.parameters().forEach((name, p) -> parameters.add(parameter(name, p)));
        return SweepDefinition.newBuilder()
                .setSweepId(sweepId)
                .setName(spec.name())
                .setSpecYaml(spec.text())
                .setMethod(SearchMethod.valueOf(spec.method().name()))
                .setMetricName(spec.metric().name())
                .setMetricGoal(MetricGoal.valueOf(spec.metric().goal().name()))
                .setDataset(spec.dataset().specName())
                .setSeed(spec.seed())
                .setRunCap(spec.runCap().orElse(null))
                .setParallelism(spec.parallelism().orElse(null))
                .setParameters(parameters)
                .setTotalRuns(totalRuns)
                .setStatus(SweepStatus.ACTIVE)
                .setCreatedAtMs(nowMs)
                .setEarlyTermination(spec.earlyTerminate().map(SweepRecords::earlyTermination).orElse(null))
                .build();
    }

    private static io.sweepstream.schemas.avro.EarlyTermination earlyTermination(EarlyTermination e) {
        return io.sweepstream.schemas.avro.EarlyTermination.newBuilder()
                .setType(EarlyTerminationType.HYPERBAND)
                .setEta(e.eta())
                .setMinIter(e.minIter().isPresent() ? e.minIter().getAsInt() : null)
                .setMaxIter(e.maxIter().isPresent() ? e.maxIter().getAsInt() : null)
                .setS(e.s().isPresent() ? e.s().getAsInt() : null)
                .setStrict(e.strict())
                .setMilestones(e.milestones())
                .build();
    }

    private static io.sweepstream.schemas.avro.ParameterSpec parameter(String name, ParameterSpec p) {
        io.sweepstream.schemas.avro.ParameterSpec.Builder b = io.sweepstream.schemas.avro.ParameterSpec.newBuilder().setName(name);
        if (p instanceof ParameterSpec.Fixed f) {
            return b.setKind(ParameterKind.VALUE).setValues(List.of(String.valueOf(f.value()))).build();
        }
        if (p instanceof ParameterSpec.Categorical c) {
            List<String> values = new ArrayList<>();
            c.values().forEach(v -> values.add(String.valueOf(v)));
            return b.setKind(ParameterKind.VALUES).setValues(values).build();
        }
        ParameterSpec.Distribution d = (ParameterSpec.Distribution) p;
        return b.setKind(ParameterKind.DISTRIBUTION)
                .setDistribution(d.kind().name().toLowerCase(Locale.ROOT))
                .setMin(finiteOrNull(d.min())).setMax(finiteOrNull(d.max()))
                .setMu(finiteOrNull(d.mu())).setSigma(finiteOrNull(d.sigma())).setQ(finiteOrNull(d.q()))
                .build();
    }

    public static RunRequest request(String sweepId, SweepSpec spec, PlannedRun run, long nowMs) {
        return RunRequest.newBuilder()
                .setSweepId(sweepId)
                .setRunId(runId(sweepId, run.index()))
                .setDataset(spec.dataset().specName())
                .setHyperparameters(hyperparameters(run.config()))
                .setSeed(run.seed())
                .setRunIndex(run.index())
                .setAttempt(1)
                .setRequestedAtMs(nowMs)
                .build();
    }

    public static Hyperparameters hyperparameters(RunConfig c) {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, c.get(h));
        }
        return Hyperparameter.toAvro(values);
    }

    /** The configuration a result was trained with, for search strategies that learn from history. */
    public static RunConfig config(RunResult result) {
        return config(result.getHyperparameters());
    }

    /** The configuration of a request's or a result's hyperparameters. */
    public static RunConfig config(Hyperparameters h) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Hyperparameter p : Hyperparameter.values()) {
            v.put(p.specName(), p.read(h));
        }
        return new RunConfig(v);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
