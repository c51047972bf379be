#!/usr/bin/python3
"""Measures the run queue with real processes: a broker, trainers, a submitted sweep.

  measure_queue.py straggler --jar cli/target/sweep.jar --spec examples/mixed-lengths.yaml [--trainers 2]
      wall time of the sweep and the trainers' idle time while runs were still to do
  measure_queue.py failover --jar cli/target/sweep.jar --signal KILL|STOP [--repeat 3]
      time from killing (SIGKILL) or freezing (SIGSTOP, a vanished machine) the trainer of a run
      to another trainer starting it as attempt 2

Reads the topics with `sweep tail --json`; prints one line per measurement and the median.
"""
import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, jar):
        self.jar = jar
        self.port = free_port()
        self.bootstrap = f"localhost:{self.port}"
        self.dir = tempfile.mkdtemp(prefix="sweep-measure-")
        self.procs = []
        self.broker = self.start("broker", "--port", str(self.port), "--data-dir", os.path.join(self.dir, "kafka"), bootstrap=False)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("localhost", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(2)

    def start(self, *args, bootstrap=True, log=None, java_opts=()):
        cmd = ["java", *java_opts, "-jar", self.jar, *args] + (["--bootstrap", self.bootstrap] if bootstrap else [])
        out = open(os.path.join(self.dir, (log or args[0]) + ".log"), "w")
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        self.procs.append(p)
        return p

    def run(self, *args):
        return subprocess.run(["java", "-jar", self.jar, *args, "--bootstrap", self.bootstrap],
                              capture_output=True, text=True, check=True).stdout

    def follow(self, stream, *args):
        """Yields decoded JSON events of a topic as they arrive."""
        cmd = ["java", "-jar", self.jar, "tail", stream, "--json", "--from-beginning", *args, "--bootstrap", self.bootstrap]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.procs.append(p)
        for line in p.stdout:
            if line.startswith("{"):
                yield json.loads(line)

    def close(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.kill(p.pid, signal.SIGCONT)
                except OSError:
                    pass
                p.terminate()
        for p in self.procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


def await_idle(cluster, ids):
    seen = set()
    for w in cluster.follow("workers"):
        if w["workerId"] in ids and w["state"] == "IDLE":
            seen.add(w["workerId"])
            if seen == set(ids):
                return


def straggler(args):
    c = Cluster(args.jar)
    try:
        ids = [f"t{i}" for i in range(1, args.trainers + 1)]
        for i in ids:
            c.start("trainer", "--id", i, log=i)
        await_idle(c, ids)
        # IDLE is said before a trainer has its share of the queue: a new group's first assignment takes
        # a few seconds (a consumer group's first rebalance too). Measure the sweep, not the start-up.
        time.sleep(args.settle)
        sweep = f"straggler-{int(time.time())}"
        submitted = time.time() * 1000
        c.run("submit", args.spec, "--sweep-id", sweep)
        results = {}
        for r in c.follow("results", "--sweep", sweep):
            results[r["runId"]] = r
            if len(results) >= args.runs:
                break
        end = max(r["finishedAtMs"] for r in results.values())
        wall = (end - submitted) / 1000
        busy = {i: 0.0 for i in ids}
        last_end = {i: submitted for i in ids}
        for r in results.values():
            busy[r["workerId"]] = busy.get(r["workerId"], 0) + r["durationMs"] / 1000
            last_end[r["workerId"]] = max(last_end.get(r["workerId"], 0), r["finishedAtMs"])
        idle = sum(wall - b for b in busy.values())
        tail = max((end - e) / 1000 for e in last_end.values())
        spans = sorted((r["workerId"], r["finishedAtMs"] - r["durationMs"], r["finishedAtMs"]) for r in results.values())
        first = (min(s for _, s, _ in spans) - submitted) / 1000
        # Between one run's end and the next run's start on the same trainer: result, ack, next fetch.
        gaps = [(b[1] - a[2]) / 1000 for a, b in zip(spans, spans[1:]) if a[0] == b[0]]
        gap = f"{statistics.median(gaps):.2f} s" if gaps else "n/a"
        print(f"straggler: {len(results)} runs, {args.trainers} trainers, wall {wall:.1f} s, trainer idle {idle:.1f} s "
              f"(per trainer busy: {', '.join(f'{k} {v:.1f} s' for k, v in sorted(busy.items()))}), "
              f"first start {first:.2f} s after submit, median gap between runs {gap}, "
              f"longest idle tail {tail:.1f} s", flush=True)
        return wall
    finally:
        c.close()


def failover(args):
    sig = signal.SIGKILL if args.signal == "KILL" else signal.SIGSTOP
    times = []
    for round_ in range(args.repeat):
        # A broker of its own per round: a run left over from the round before would be taken first.
        c = Cluster(args.jar)
        try:
            ids = [f"r{round_}a", f"r{round_}b"]
            procs = {i: c.start("trainer", "--id", i, log=i) for i in ids}
            await_idle(c, ids)
            sweep = f"failover-{round_}-{int(time.time())}"
            c.run("submit", args.spec, "--sweep-id", sweep)
            victim, killed_at = None, None
            for w in c.follow("workers"):
                if w.get("sweepId") != sweep or w["state"] != "TRAINING":
                    continue
                if victim is None and (w.get("epoch") or 0) >= 1:
                    victim = w["workerId"]
                    time.sleep(1)
                    killed_at = time.time() * 1000
                    os.kill(procs[victim].pid, sig)
                elif victim is not None and w["workerId"] != victim and (w.get("attempt") or 0) >= 2:
                    took = (w["heartbeatAtMs"] - killed_at) / 1000
                    times.append(took)
                    print(f"failover SIG{args.signal}: {victim} -> {w['workerId']} (attempt {w['attempt']}) after {took:.2f} s", flush=True)
                    break
        finally:
            c.close()
    print(f"failover SIG{args.signal}: median {statistics.median(times):.2f} s of {len(times)}")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="what", required=True)
    s = sub.add_parser("straggler")
    s.add_argument("--jar", required=True)
    s.add_argument("--spec", required=True)
    s.add_argument("--runs", type=int, required=True, help="runs in the spec")
    s.add_argument("--trainers", type=int, default=2)
    s.add_argument("--settle", type=float, default=10, help="seconds between the trainers' start and the submit")
    f = sub.add_parser("failover")
    f.add_argument("--jar", required=True)
    f.add_argument("--spec", required=True, help="a spec with one long run")
    f.add_argument("--signal", choices=["KILL", "STOP"], required=True)
    f.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    straggler(a) if a.what == "straggler" else failover(a)


if __name__ == "__main__":
    sys.exit(main())
