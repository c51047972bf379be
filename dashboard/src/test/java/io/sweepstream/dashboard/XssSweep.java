package io.sweepstream.dashboard;

import java.util.ArrayList;
import java.util.List;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.ParameterBest;
import io.sweepstream.schemas.avro.ParameterImportance;
import io.sweepstream.schemas.avro.ParameterKind;
import io.sweepstream.schemas.avro.ParameterSpec;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;

/**
 * A sweep whose every free-text field holds one payload: sweep name, spec, metric name, dataset, a
 * parameter's name and values, a run id, worker id, host and engine, an error, class names, and the
 * importance and best-per-value names. Two runs: one finished, one failed with the payload as error.
 */
public record XssSweep(SweepFixture fixture, String payload, SweepDefinition definition, List<RunRequest> requests,
                       List<EpochMetric> metrics, List<RunResult> results, SweepSummary summary, WorkerStatus worker) {

    public static XssSweep of(String sweepId, String p, long now) {
        SweepFixture sweep = SweepFixture.of(sweepId, p, 2, 1);
        List<ParameterSpec> parameters = new ArrayList<>(sweep.definition().getParameters());
        parameters.add(ParameterSpec.newBuilder().setName(p).setKind(ParameterKind.VALUES).setValues(List.of(p, "plain")).build());
        SweepDefinition definition = SweepDefinition.newBuilder(sweep.definition())
                .setSpecYaml("name: " + p + "\n").setMetricName(p).setDataset(p).setParameters(parameters).build();
        String hostileRun = sweepId + "-" + p;
        List<RunRequest> requests = List.of(sweep.request(0),
                RunRequest.newBuilder(sweep.request(1)).setRunId(hostileRun).setDataset(p).build());
        List<EpochMetric> metrics = List.of(sweep.metric(0, 1, 1, p),
                EpochMetric.newBuilder(sweep.metric(1, 1, 1, p)).setRunId(hostileRun).build());
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            classNames.add(c + p);
        }
        RunResult finished = RunResult.newBuilder(sweep.result(0, p)).setDataset(p).setClassNames(classNames).build();
        RunResult failed = RunResult.newBuilder(sweep.result(1, p)).setRunId(hostileRun).setStatus(RunStatus.FAILED)
                .setError(p).setDataset(p).setClassNames(classNames).build();
        SweepSummary summary = SweepSummary.newBuilder(sweep.summary(List.of(finished), 2)).setMetricName(p).setClassNames(classNames)
                .setImportance(List.of(new ParameterImportance(p, 1.0, 0.5)))
                .setBestPerParameterValue(List.of(new ParameterBest(p, p, finished.getRunId(), finished.getBestValAccuracy())))
                .build();
        WorkerStatus worker = WorkerStatus.newBuilder(SweepFixture.worker(p, WorkerState.TRAINING, sweepId, hostileRun, 1, 1, now))
                .setHost(p).setEngine(p).build();
        return new XssSweep(sweep, p, definition, requests, metrics, List.of(finished, failed), summary, worker);
    }
}
