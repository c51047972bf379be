#!/usr/bin/python3
"""Measures one trainer process: start-up time and resident memory, with real processes.

  measure_trainer.py --jar cli/target/sweep.jar [--spec examples/bench-12.yaml] [--runs 4] [--repeat 3]
                     [--java-opts "-Xmx384m"] ...

For each repeat: starts `sweep trainer` against a broker of its own (Fashion-MNIST must be found), and
measures
  start-up   from the process's launch (Popen) to the line "waiting for runs": the dataset is loaded, the
             broker answered, the share consumer is created and its thread polls next;
  idle RSS   VmRSS 3 s later (/proc/PID/status), Fashion-MNIST loaded, nothing trained yet;
  after RSS  VmRSS and VmHWM (peak) once the trainer has finished --runs runs of --spec.
Each --java-opts value is a variant, measured interleaved with the others. Prints one line per
measurement and the medians on stderr, and one JSON object on stdout for scripts/bench_report.py:
  scripts/measure_trainer.py --jar cli/target/sweep.jar --java-opts=-Xmx512m --java-opts= > docs/bench/trainer.json
"""
import json
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure_queue import Cluster  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def launcher_opts():
    """What ./sweep passes a trainer (docker/java-opts.sh), but its heap cap: each variant sets its own.
    ./sweep also maps its class-data archive once one is recorded: pass
    -XX:SharedArchiveFile=cli/target/sweep-trainer-JVM.jsa in --java-opts to measure with it."""
    out = subprocess.run([os.path.join(ROOT, "sweep"), "--print-java-opts", "trainer"], capture_output=True, text=True,
                         check=True, env={k: v for k, v in os.environ.items() if k != "SWEEP_JAVA_OPTS"}).stdout
    return [o for o in out.splitlines() if o and not o.startswith("-Xmx")]


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise ValueError(field)


def wait_for_line(path, text, proc, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"trainer exited with {proc.returncode}; see {path}")
        with open(path) as f:
            if text in f.read():
                return time.time()
        time.sleep(0.02)
    raise TimeoutError(f"no '{text}' in {path} after {timeout} s")


def measure(cluster, variant, opts, spec, runs, n, base_opts):
    tid = f"m{n}"
    t0 = time.time()
    p = cluster.start("trainer", "--id", tid, log=tid, java_opts=base_opts + opts)
    log = os.path.join(cluster.dir, tid + ".log")
    startup = wait_for_line(log, "waiting for runs", p, 120) - t0
    time.sleep(3)
    idle = status_kb(p.pid, "VmRSS") / 1024
    sweep = f"mem-{n}-{int(time.time())}"
    cluster.run("submit", spec, "--sweep-id", sweep)
    done = set()
    for r in cluster.follow("results", "--sweep", sweep):
        done.add(r["runId"])
        if len(done) >= runs:
            break
    after = status_kb(p.pid, "VmRSS") / 1024
    peak = status_kb(p.pid, "VmHWM") / 1024
    p.terminate()
    p.wait(30)
    cluster.run("stop", "--sweep", sweep)
    print(f"{variant}: start-up {startup:.2f} s, idle RSS {idle:.0f} MB, after {runs} runs RSS {after:.0f} MB "
          f"(peak {peak:.0f} MB)", file=sys.stderr, flush=True)
    return startup, idle, after, peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--spec", default="examples/bench-12.yaml")
    ap.add_argument("--runs", type=int, default=4, help="runs to train before the memory is read")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--java-opts", action="append", default=None,
                    help="a variant's extra JVM options (repeatable; default: one variant with none)")
    a = ap.parse_args()
    variants = {v or "(no heap cap)": shlex.split(v) for v in (a.java_opts or [""])}
    base_opts = launcher_opts()
    c = Cluster(a.jar)
    rows = {v: [] for v in variants}
    n = 0
    try:
        for _ in range(a.repeat):
            for variant, opts in variants.items():
                n += 1
                rows[variant].append(measure(c, variant, opts, a.spec, a.runs, n, base_opts))
    finally:
        c.close()
    out = []
    for variant, r in rows.items():
        med = [statistics.median(col) for col in zip(*r)]
        print(f"median {variant} ({len(r)} runs): start-up {med[0]:.2f} s, idle RSS {med[1]:.0f} MB, "
              f"after {a.runs} runs RSS {med[2]:.0f} MB (peak {med[3]:.0f} MB)", file=sys.stderr)
        out.append({"java_opts": variant, "startup_seconds": [x[0] for x in r], "idle_rss_mb": [x[1] for x in r],
                    "after_rss_mb": [x[2] for x in r], "peak_rss_mb": [x[3] for x in r],
                    "startup_median": med[0], "idle_rss_median": med[1], "after_rss_median": med[2],
                    "peak_rss_median": med[3]})
    print(json.dumps({"trainer_memory": out, "runs": a.runs, "train_spec": a.spec, "repeats": a.repeat,
                      "cores": os.cpu_count(), "command": " ".join(sys.argv),
                      "load_average_end": open("/proc/loadavg").read().split()[:3]}))


if __name__ == "__main__":
    sys.exit(main())
