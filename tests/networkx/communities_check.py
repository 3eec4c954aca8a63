#!/usr/bin/env python3
"""The networkx oracle for `councils communities`.

Usage: communities_check.py COUNCILS_BINARY OUT.json [RANDOM_GRAPHS]

For every period of the embedded 1917 dataset (two counting settings, three
seeds) and for RANDOM_GRAPHS random datasets (default 30, written as CSV
tables into a temporary folder), it runs `councils communities --format
json`, rebuilds each slice's measure graph from `councils snapshot --format
json` the way docs/measures.md says (the same `build` as
measures_expected.py) and computes with networkx's own functions:

* `community.is_partition` of the partition councils reports;
* `community.modularity` of that partition (directed modularity on the
  DiGraph; weight "weight" when weighted, else None: parallel relations are
  one arc of weight 1; resolution as given);
* `attribute_assortativity_coefficient` on the subgraph of the bodies with
  a value, each with the value councils reports for it;
* the best modularity of networkx's own `louvain_communities` over seeds
  0..4, to show how ours compares.

It writes one case per slice; tests/measures.rs compares the numbers.
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import warnings

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measures_expected import build  # noqa: E402


def run(binary, args):
    out = subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def cases_for(binary, data, label, kinds, weighted, seeds, resolution=1.0):
    data_args = ["--data", data] if data else []
    periods = run(binary, [*data_args, "periods", "--format", "json"])
    cases = []
    for seed in seeds:
        args = [*data_args, "communities", "--periods", "all", "--format", "json",
                "--seed", str(seed), "--resolution", str(resolution),
                "--relations", ",".join(kinds)]
        if weighted:
            args.append("--weighted")
        ours = run(binary, args)
        for p, s in zip(periods, ours["slices"]):
            assert p["id"] == s["slice"], (p["id"], s["slice"])
            snap = run(binary, [*data_args, "snapshot", "--period", p["id"], "--format", "json"])
            g = build(snap, set(kinds), weighted)
            partition = [set(c["members"]) for c in s["communities"]]
            # Unweighted: parallel relations are one arc of weight 1, as in
            # the centrality reference (build() sums weights regardless).
            w = "weight" if weighted else None
            case = {
                "dataset": label, "slice": s["slice"], "seed": seed, "kinds": kinds,
                "weighted": weighted, "resolution": resolution,
                "is_partition": nx.community.is_partition(g, partition),
                "ours_modularity": s["modularity"],
                "nx_modularity": (nx.community.modularity(g, partition, weight=w, resolution=resolution)
                                  if g.number_of_edges() else None),
                "nx_louvain_best": (max(nx.community.modularity(g, nx.community.louvain_communities(
                    g, weight=w, resolution=resolution, seed=k), weight=w, resolution=resolution)
                    for k in range(5)) if g.number_of_edges() else None),
            }
            a = s["assortativity"]
            if a is not None:
                values = {}
                for c in s["communities"]:
                    for node, v in (c["values"] or {}).items():
                        if v is not None:
                            values[node] = v
                sub = g.subgraph(values).copy()
                nx.set_node_attributes(sub, values, "value")
                with_value = sub.number_of_edges()
                r = None
                if with_value:
                    with warnings.catch_warnings():
                        # 0/0 where one value holds every arc end: nan.
                        warnings.simplefilter("ignore", RuntimeWarning)
                        with_nan = nx.attribute_assortativity_coefficient(sub, "value")
                    r = None if math.isnan(with_nan) else float(with_nan)
                case.update({
                    "ours_assortativity": a["coefficient"], "nx_assortativity": r,
                    "ours_arcs": a["arcs"], "nx_arcs": with_value,
                })
            cases.append(case)
    return cases


def random_dataset(folder, rng):
    """A Gregorian CSV dataset: 2 periods, 15..60 bodies, random arcs of two
    directed kinds and one symmetric kind, weights, and a majority (three
    values) that some bodies change in mid-period and some lack."""
    n = rng.randint(15, 60)
    values = ["red", "green", "blue"]
    with open(os.path.join(folder, "dataset.toml"), "w") as f:
        f.write('[dataset]\nid = "random"\ntitle = "Random"\ncalendar = "gregorian"\n'
                'span = "2000-01-01/2000-12-31"\ncolor_by = "majority"\n'
                'relations_outside_lifetimes = "allow"\n\n'
                '[[level]]\nid = "low"\nlabel = "Low"\n\n[[level]]\nid = "high"\nlabel = "High"\n\n'
                '[[node_kind]]\nid = "body"\nlabel = "Body"\n\n'
                '[[relation_kind]]\nid = "delegation"\nlabel = "delegation"\ndirected = true\nflow = "up"\n\n'
                '[[relation_kind]]\nid = "control"\nlabel = "control"\ndirected = true\nflow = "down"\n\n'
                '[[relation_kind]]\nid = "conflict"\nlabel = "conflict"\ndirected = false\nflow = "across"\n\n'
                '[[attribute]]\nid = "majority"\nlabel = "Majority"\nvalues = ["red", "green", "blue"]\n')
    with open(os.path.join(folder, "periods.csv"), "w") as f:
        f.write("id,start,end\nfirst,2000-01-01,2000-06-30\nsecond,2000-07-01,2000-12-31\n")
    # Planted blocs so that communities exist, plus noise.
    blocs = rng.randint(2, 5)
    bloc = [rng.randrange(blocs) for _ in range(n)]
    with open(os.path.join(folder, "nodes.csv"), "w") as f:
        f.write("id,name,kind,level,start,end,states\n")
        for i in range(n):
            states = ""
            if rng.random() < 0.85:
                v = values[bloc[i] % 3] if rng.random() < 0.7 else rng.choice(values)
                if rng.random() < 0.2:
                    w = rng.choice(values)
                    states = (f'[{{ attribute = ""majority"", value = ""{v}"", during = ""2000-01-01/2000-09-30"" }}, '
                              f'{{ attribute = ""majority"", value = ""{w}"", during = ""2000-10-01/.."" }}]')
                else:
                    states = f'[{{ attribute = ""majority"", value = ""{v}"", during = ""2000-01-01/.."" }}]'
                states = f'"{states}"'
            f.write(f"b{i:02},Body {i},body,{rng.choice(['low', 'high'])},2000-01-01,,{states}\n")
    with open(os.path.join(folder, "edges.csv"), "w") as f:
        f.write("source,target,kind,start,end,weight\n")
        written = set()
        for _ in range(rng.randint(n, 4 * n)):
            a = rng.randrange(n)
            same = [j for j in range(n) if bloc[j] == bloc[a] and j != a]
            b = rng.choice(same) if same and rng.random() < 0.8 else rng.randrange(n)
            if a == b:
                continue
            kind = rng.choice(["delegation", "delegation", "control", "conflict"])
            # One relation per pair and kind (a symmetric kind either way).
            key = (min(a, b), max(a, b), kind) if kind == "conflict" else (a, b, kind)
            if key in written:
                continue
            written.add(key)
            start, end = rng.choice([("2000-01-01", "2000-12-31"), ("2000-02-01", "2000-05-31"),
                                     ("2000-08-01", "2000-11-30")])
            weight = rng.choice(["", "1.5", "3"])
            f.write(f"b{a:02},b{b:02},{kind},{start},{end},{weight}\n")


def main():
    binary, out = sys.argv[1:3]
    graphs = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    cases = []
    cases += cases_for(binary, None, "russia-1917", ["control", "delegation"], False, [1, 2, 1917])
    cases += cases_for(binary, None, "russia-1917", ["conflict", "control", "delegation", "support"],
                       True, [1], resolution=1.5)
    rng = random.Random(20251130)
    for k in range(graphs):
        with tempfile.TemporaryDirectory() as folder:
            random_dataset(folder, rng)
            kinds = ["conflict", "control", "delegation"] if k % 2 else ["control", "delegation"]
            cases += cases_for(binary, folder, f"random-{k}", kinds, k % 3 == 0, [k],
                               resolution=[1.0, 0.5, 2.0][k % 3])
    with open(out, "w") as f:
        json.dump({"networkx": nx.__version__, "cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
