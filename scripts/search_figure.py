#!/usr/bin/env python3
"""Draws docs/bayes-vs-random.svg from the JSON of scripts/bayes_vs_random.sh: the best validation
accuracy after k runs per method (lines) and each run's own accuracy (dots). Plain SVG, no matplotlib.
Usage: scripts/search_figure.py [IN.json [OUT.svg]]"""
import json
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "docs/bayes-vs-random.json"
dst = sys.argv[2] if len(sys.argv) > 2 else "docs/bayes-vs-random.svg"
data = json.load(open(src))
colors = {"bayes": "#d95f02", "random": "#1b9e77"}
width, height, left, right, top, bottom = 640, 360, 60, 130, 40, 50
n = max(len(data["bayes"]), len(data["random"]))
lo, hi = 0.0, 1.0  # accuracy axis: diverged runs sit at 0.1, so show all of it


def x(k):  # k runs done, 1..n
    return left + (k - 1) / max(1, n - 1) * (width - left - right)


def y(acc):
    return top + (hi - acc) / (hi - lo) * (height - top - bottom)


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{left}" y="20" font-size="14">Fashion-MNIST: best validation accuracy after k runs '
       f'(run_cap {data["run_cap"]}, epochs {data["epochs"]})</text>']
for t in [i / 10 for i in range(0, 11, 2)]:
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{left - 8}" y="{y(t) + 4:.1f}" text-anchor="end">{t:.1f}</text>')
for k in range(1, n + 1):
    if k == 1 or k % 5 == 0 or k == n:
        out.append(f'<text x="{x(k):.1f}" y="{height - bottom + 18}" text-anchor="middle">{k}</text>')
out.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">runs finished (in run order)</text>')
out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - bottom}" stroke="#333"/>')
out.append(f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" y2="{height - bottom}" stroke="#333"/>')
for i, method in enumerate(["bayes", "random"]):
    runs = data[method]
    c = colors[method]
    points = " ".join(f'{x(k + 1):.1f},{y(r["best_val_accuracy"]):.1f}' for k, r in enumerate(runs))
    out.append(f'<polyline points="{points}" fill="none" stroke="{c}" stroke-width="2.5"/>')
    for k, r in enumerate(runs):
        out.append(f'<circle cx="{x(k + 1):.1f}" cy="{y(float(r["val_accuracy"])):.1f}" r="3" fill="{c}" fill-opacity="0.45"/>')
    best = runs[-1]["best_val_accuracy"]
    ly = top + 20 + 40 * i
    out.append(f'<line x1="{width - right + 12}" x2="{width - right + 32}" y1="{ly}" y2="{ly}" stroke="{c}" stroke-width="2.5"/>')
    out.append(f'<text x="{width - right + 38}" y="{ly + 4}">{method}</text>')
    out.append(f'<text x="{width - right + 38}" y="{ly + 20}" fill="#555">best {best:.4f}</text>')
out.append(f'<text x="{width - right + 12}" y="{top + 110}" fill="#555">dots: each run</text>')
out.append('</svg>')
open(dst, "w").write("\n".join(out) + "\n")
print("wrote", dst)
