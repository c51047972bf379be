#!/usr/bin/python3
"""Where a command's CPU time goes, per thread: runs it, samples /proc/PID/task/*/stat of it and its
children every 0.3 s, and prints one JSON line with the CPU seconds of each thread group (the thread's
name without its trailing number, as Linux keeps the first 15 characters) and of five kinds: training,
JIT compiler, garbage collector, start-up (the main thread and the broker's start) and the rest (Kafka
broker and clients, evaluator, dashboard). CPU time, unlike wall time, barely depends on the load of a
shared machine. A thread that ends between two samples loses its last 0.3 s.

  scripts/sweep_cpu.py --label "sweep local" -- ./sweep local examples/bench-12.yaml --top 12 >> docs/bench/sweep-cpu.jsonl
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")
KINDS = (("training", re.compile(r"^train-")), ("jit", re.compile(r"^C[12] Compiler")),
         ("gc", re.compile(r"^(GC Thread|G1 )")), ("start-up", re.compile(r"^(java|Thread)$")))


def processes(pid):
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    out += processes(int(child))
    except OSError:  # the process or thread ended meanwhile
        pass
    return out


def sample(root, last):
    for pid in processes(root):
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/stat") as f:
                    s = f.read()
            except OSError:  # the process or thread ended meanwhile
                continue
            name = s[s.index("(") + 1:s.rindex(")")]
            fields = s[s.rindex(")") + 2:].split()
            last[(pid, int(task))] = (name, (int(fields[11]) + int(fields[12])) / HZ)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--label", required=True)
    ap.add_argument("--log", default="/tmp/sweep-cpu.log", help="the command's output goes here")
    ap.add_argument("command", nargs="+")
    a = ap.parse_args()
    load_start = open("/proc/loadavg").read().split()[:3]
    t0 = time.time()
    with open(a.log, "w") as log:
        p = subprocess.Popen(a.command, stdout=log, stderr=subprocess.STDOUT)
        last = {}
        while p.poll() is None:
            sample(p.pid, last)
            time.sleep(0.3)
    wall = time.time() - t0
    groups = collections.Counter()
    for name, cpu in last.values():
        groups[re.sub(r"[-_ #]?\d*$", "", name) or name] += cpu
    kinds = collections.Counter()
    for group, cpu in groups.items():
        kinds[next((k for k, rx in KINDS if rx.search(group)), "rest")] += cpu
    ru = os.times()
    print(json.dumps({
        "cpu_breakdown": a.label, "command": " ".join(a.command), "exit_code": p.returncode,
        "env": {k: v for k, v in os.environ.items() if k in ("SWEEP_CDS", "SWEEP_JAVA_OPTS", "SWEEP_BACKEND", "SWEEP_THREADS")},
        "wall_seconds": round(wall, 1), "cpu_seconds": round(ru.children_user + ru.children_system, 1),
        "kinds": {k: round(v, 1) for k, v in kinds.most_common()},
        "thread_groups": {g: round(c, 2) for g, c in groups.most_common(15)},
        "load_average_start": load_start, "load_average_end": open("/proc/loadavg").read().split()[:3]}))
    print(f"{a.label}: {wall:.0f} s, {ru.children_user + ru.children_system:.1f} s of CPU; "
          + ", ".join(f"{k} {v:.1f}" for k, v in kinds.most_common()), file=sys.stderr)


if __name__ == "__main__":
    main()
