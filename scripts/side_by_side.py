#!/usr/bin/env python3
"""Summarises a side-by-side run of scripts/side-by-side.sh: for each round,
the figures each tool printed (a JSON object, possibly after other text) and
the whole process's CPU seconds and peak RSS from /usr/bin/time; then the
median of the rounds and the ratio of the medians (how many times better the
first side is).

Usage: side_by_side.py WORK ROUNDS OURS THEIRS [KEY:LABEL:lower|higher ...]

Reads WORK/{OURS,THEIRS}-{1..ROUNDS}.json and .time. Each KEY names a number
in both sides' JSON (a dotted path reaches into nested objects); `lower` or
`higher` says which is better.
"""
import json
import statistics
import sys
from pathlib import Path


def load_json(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("{"):])


def load_time(path):
    user, system, rss_kib = path.read_text().split()[-3:]
    return float(user) + float(system), int(rss_kib) / 1024


def lookup(figures, key):
    for part in key.split("."):
        figures = figures[part]
    return float(figures)


def main():
    work, rounds, ours, theirs = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    metrics = [m.split(":") for m in sys.argv[5:]]
    metrics += [["process_cpu", "process CPU s", "lower"], ["peak_rss", "peak RSS MiB", "lower"]]
    rows = {ours: [], theirs: []}
    for side in (ours, theirs):
        for r in range(1, rounds + 1):
            figures = load_json(work / f"{side}-{r}.json")
            cpu, rss = load_time(work / f"{side}-{r}.time")
            row = {key: lookup(figures, key) for key, _, _ in metrics[:-2]}
            row.update(process_cpu=cpu, peak_rss=rss)
            rows[side].append(row)
    width = max(14, *(len(label) + 2 for _, label, _ in metrics))
    header = f"{'':<18}" + "".join(f"{label:>{width}}" for _, label, _ in metrics)
    print(f"\n{ours} vs {theirs}, {rounds} alternating rounds, each pinned to one core")
    print(header)
    medians = {}
    for side in (ours, theirs):
        for r, row in enumerate(rows[side], 1):
            print(f"{side + ' ' + str(r):<18}" + "".join(f"{row[k]:>{width}.3f}" for k, _, _ in metrics))
        medians[side] = {k: statistics.median(row[k] for row in rows[side]) for k, _, _ in metrics}
    for side in (ours, theirs):
        print(f"{side + ' median':<18}" + "".join(f"{medians[side][k]:>{width}.3f}" for k, _, _ in metrics))
    cells = []
    for key, _, better in metrics:
        a, b = medians[ours][key], medians[theirs][key]
        if a <= 0 or b <= 0:
            cells.append(f"{'':>{width}}")
            continue
        ratio = b / a if better == "lower" else a / b
        cells.append(f"{ratio:>{width - 1}.1f}x")
    print(f"{'ratio (' + ours + ')':<18}" + "".join(cells))


if __name__ == "__main__":
    main()
