#!/usr/bin/env python3
"""Median tables of councils against the peer libraries, from the JSON lines
written by `councils bench` and shared/bench/peers.py (one line per run).

For every dataset and kind of run (all / light / heavy: see run.sh) it prints
the median wall time of each stage (measure and snapshot columns summed over
the periods), the total, peak RSS, and a line per stage with the best peer
and its time divided by ours (> 1: we are faster). With --check it also
cross-checks our dumps against the reference library's with check.py, at
tolerance 1e-9, and prints the largest absolute difference per measure.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict

STAGES = ["load", "snapshot", "degree", "betweenness", "closeness", "pagerank", "eigenvector", "diff"]
ORDER = ["councils", "networkx", "igraph", "rustworkx", "networkit", "raphtory"]


def stage_totals(rec):
    out = defaultdict(float)
    for key, v in rec["timings_s"].items():
        out[key.split(":")[0]] += v
    out["total"] = sum(rec["timings_s"].values())
    return out


def fmt(x):
    if x is None:
        return "-"
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    if x >= 0.01:
        return "%.3f" % x
    return "%.4f" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("results")
    ap.add_argument("--out", default=".")
    ap.add_argument("--ref", default="networkx")
    ap.add_argument("--check", help="path to shared/bench/check.py")
    ap.add_argument("--py", default=sys.executable)
    args = ap.parse_args()
    groups = defaultdict(list)
    with open(args.results) as f:
        for line in f:
            if line.startswith("{"):
                rec = json.loads(line)
                kind = (rec.get("tag", "").split() or ["all"])[-1]
                groups[(rec["data"], kind, rec["lib"])].append(rec)
    datasets = sorted({d for d, _, _ in groups}, key=lambda d: (len(d), d))
    for data in datasets:
        n = os.path.basename(data).lstrip("n")
        print("### %s\n" % data)
        any_rec = next(r for (d, _, _), rs in groups.items() if d == data for r in rs)
        print("Snapshots: " + ", ".join("%s = %d nodes / %d edges" % (p, s["nodes"], s["edges"])
                                        for p, s in any_rec["snapshot_sizes"].items()) + "\n")
        print("| library | run kind | runs | threads | " + " | ".join(STAGES)
              + " | total | whole process | peak RSS MiB |")
        print("|---|---|---:|---:|" + "---:|" * (len(STAGES) + 3))
        medians = {}
        for kind in ["all", "light", "heavy"]:
            libs = sorted({l for d, k, l in groups if d == data and k == kind},
                          key=lambda l: ORDER.index(l) if l in ORDER else 99)
            for lib in libs:
                recs = groups[(data, kind, lib)]
                tots = [stage_totals(r) for r in recs]
                row = {}
                for st in STAGES + ["total"]:
                    vals = [t[st] for t in tots if st in t]
                    row[st] = statistics.median(vals) if vals else None
                walls = [r["process_wall_s"] for r in recs if "process_wall_s" in r]
                row["process"] = statistics.median(walls) if walls else None
                rss = [r.get("process_peak_rss_mb", r["peak_rss_mb"]) for r in recs]
                row["rss"] = statistics.median(rss)
                medians[(kind, lib)] = row
                print("| %s %s | %s | %d | %s | %s | %s | %s | %.0f |" % (
                    lib, recs[0]["version"], kind, len(recs), recs[0]["threads"],
                    " | ".join(fmt(row[s]) for s in STAGES), fmt(row["total"]),
                    fmt(row["process"]), row["rss"]))
        print()
        # Ratios: best peer / councils, per stage, against the runs that did that stage.
        print("| stage | councils | best peer | best peer time | best peer / councils |")
        print("|---|---:|---|---:|---:|")
        for st in STAGES + ["total", "process", "rss"]:
            ours = [(k, r[st]) for (k, l), r in medians.items() if l == "councils" and r.get(st) is not None]
            peers = [(k, l, r[st]) for (k, l), r in medians.items() if l != "councils" and r.get(st) is not None]
            if st in ("total", "process", "rss"):
                for kind in ["all", "light"]:
                    o = [v for k, v in ours if k == kind]
                    p = [(v, l) for k, l, v in peers if k == kind]
                    if o and p:
                        best = min(p)
                        print("| %s (%s runs) | %s | %s | %s | %.1f× |" % (
                            {"rss": "peak RSS MiB", "process": "whole process"}.get(st, "total"),
                            kind, fmt(o[0]), best[1], fmt(best[0]),
                            best[0] / o[0] if o[0] > 0 else float("inf")))
                continue
            if not ours or not peers:
                continue
            o = min(v for _, v in ours)
            best = min((v, l) for _, l, v in peers)
            print("| %s | %s | %s | %s | %.1f× |" % (st, fmt(o), best[1], fmt(best[0]),
                                                     best[0] / o if o > 0 else float("inf")))
        print()
        if args.check:
            # igraph's exact betweenness is the only reference at 100k (networkx
            # would take hours); its PageRank and eigenvector are exact solves,
            # ~1e-7 from networkx's stopping point, so only heavy runs use it.
            for kind, ref in [("all", args.ref), ("light", args.ref), ("heavy", "igraph")]:
                ours = os.path.join(args.out, "dump_%s_councils_%s.json" % (n, "all" if kind == "heavy" else kind))
                theirs = os.path.join(args.out, "dump_%s_%s_%s.json" % (n, ref, kind))
                if not (os.path.exists(ours) and os.path.exists(theirs)):
                    continue
                res = subprocess.run([args.py, args.check, "--tol", "1e-9", theirs, ours],
                                     capture_output=True, text=True)
                worst = defaultdict(float)
                for line in res.stdout.splitlines():
                    parts = line.split()
                    if len(parts) > 3 and parts[3].startswith("max_abs="):
                        worst[parts[1]] = max(worst[parts[1]], float(parts[3].split("=")[1]))
                last = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else ""
                print("Agreement, councils vs %s (%s runs), check.py --tol 1e-9: %s; max |diff| %s; %s\n" % (
                    ref, kind, "PASS" if res.returncode == 0 else "FLAGGED",
                    ", ".join("%s %.1e" % kv for kv in sorted(worst.items())), last))


if __name__ == "__main__":
    main()
