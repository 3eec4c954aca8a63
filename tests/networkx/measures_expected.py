#!/usr/bin/env python3
"""The networkx oracle for `councils`' centrality and structural measures.

Usage: measures_expected.py COUNCILS_BINARY DATASET_DIR OUT.json

For every period of the dataset and three counting settings (the default
flow kinds; every kind, symmetric kinds both ways; the default kinds
weighted), it takes the snapshot from `councils snapshot --format json`,
builds the simple digraph the way docs/measures.md says (parallel relations
merged, weights summed, symmetric kinds both ways, every organisation a
node) and computes networkx's values with networkx's own functions. A
measure networkx cannot compute (a power iteration that does not converge)
is written as null.

The expected numbers of tests/fixtures/measures were written by:
    python3 tests/networkx/measures_expected.py target/debug/councils \
        tests/fixtures/measures tests/fixtures/measures/expected.json
"""
import json
import subprocess
import sys

import networkx as nx

TOL = 1e-10
MAX_ITER = 1000


def snapshot(binary, data, period):
    out = subprocess.run(
        [binary, "--data", data, "snapshot", "--period", period, "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def build(snap, kinds, weighted):
    g = nx.DiGraph()
    g.add_nodes_from(o["id"] for o in snap["organisations"])
    for r in snap["relations"]:
        if r["kind"] not in kinds:
            continue
        w = (r["weight"] if r["weight"] is not None else 1.0) if weighted else 1.0
        pairs = [(r["from"], r["to"])]
        if not r["directed"]:
            pairs.append((r["to"], r["from"]))
        for a, b in pairs:
            if g.has_edge(a, b):
                g[a][b]["weight"] += w
            else:
                g.add_edge(a, b, weight=w)
    return g


def attempt(f):
    try:
        return {k: float(v) for k, v in f().items()}
    except nx.PowerIterationFailedConvergence:
        return None


def measures(g, weighted):
    w = "weight" if weighted else None
    return {
        "degree": nx.degree_centrality(g),
        "in-degree": nx.in_degree_centrality(g),
        "out-degree": nx.out_degree_centrality(g),
        "betweenness": nx.betweenness_centrality(g, normalized=True, endpoints=False),
        "closeness": nx.closeness_centrality(g, wf_improved=True),
        "eigenvector": attempt(lambda: nx.eigenvector_centrality(g, max_iter=MAX_ITER, tol=TOL, weight=w)),
        "katz": attempt(lambda: nx.katz_centrality(g, alpha=0.1, beta=1.0, max_iter=MAX_ITER, tol=TOL, normalized=True, weight=w)),
        "pagerank": nx.pagerank(g, alpha=0.85, tol=TOL, max_iter=MAX_ITER, weight=w),
    }


def stats(g):
    n = g.number_of_nodes()
    return {
        "organisations": n,
        "arcs": g.number_of_edges(),
        "density": nx.density(g),
        "weak_components": nx.number_weakly_connected_components(g),
        "largest_component": max((len(c) for c in nx.weakly_connected_components(g)), default=0),
        "strong_components": nx.number_strongly_connected_components(g),
        "reciprocity": nx.overall_reciprocity(g) if g.number_of_edges() else None,
    }


def main():
    binary, data, out = sys.argv[1:4]
    periods = json.loads(subprocess.run(
        [binary, "--data", data, "periods", "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout)
    kinds_all = None
    cases = []
    for p in periods:
        snap = snapshot(binary, data, p["id"])
        if kinds_all is None:
            kinds_all = sorted({r["kind"] for r in snap["relations"]} | {"delegation", "control"})
        for kinds, weighted in ((["control", "delegation"], False), (None, False), (["control", "delegation"], True)):
            use = kinds if kinds is not None else kinds_all
            g = build(snap, set(use), weighted)
            cases.append({
                "period": p["id"],
                "kinds": kinds,
                "weighted": weighted,
                "measures": {k: ({n: float(x) for n, x in v.items()} if v is not None else None)
                             for k, v in measures(g, weighted).items()},
                "stats": stats(g),
            })
    with open(out, "w") as f:
        json.dump({"networkx": nx.__version__, "cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
