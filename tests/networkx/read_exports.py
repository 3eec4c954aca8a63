"""Reads a `councils export` file back with networkx and compares it with
what the Rust test expects (a JSON file written by tests/interchange.rs).

usage: read_exports.py FORMAT EXPORTED_FILE EXPECTED_JSON
FORMAT is gexf, graphml or json. Prints every mismatch and exits 1 if there
is any; prints a one-line summary and exits 0 otherwise.

Expected JSON: {"nodes": {id: {"name", "kind", "level", "start", "end",
"states": [[attribute, value, start, end], ...], "values": {attr: text}}},
"edges": {key: {"source", "target", "kind", "start", "end", "weight"}}};
start/end are inclusive ISO days or null when open.
"""
import json
import sys

import networkx as nx

problems = []


def check(what, got, want):
    if got != want:
        problems.append(f"{what}: got {got!r}, want {want!r}")


def edges_by_key(G):
    """{key: (source, target, data)} for multigraphs and simple graphs."""
    out = {}
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            out[str(d.get("id", k))] = (u, v, d)
    else:
        for u, v, d in G.edges(data=True):
            out[str(d.get("id"))] = (u, v, d)
    return out


def gexf(path, want):
    G = nx.read_gexf(path)
    check("directed", G.is_directed(), True)
    check("mode", G.graph.get("mode"), "dynamic")
    check("node ids", sorted(G.nodes), sorted(want["nodes"]))
    # GEXF leaves an open bound out; networkx then reads the string "None".
    day = lambda d: "None" if d is None else d
    for n, w in want["nodes"].items():
        if n not in G:
            continue
        a = G.nodes[n]
        check(f"node {n} label", a.get("label"), w["name"])
        check(f"node {n} kind", a.get("kind"), w["kind"])
        check(f"node {n} level", a.get("level"), w["level"])
        check(f"node {n} spells", a.get("spells"), [(day(w["start"]), day(w["end"]))])
        by_attr = {}
        for attr, value, s, e in w["states"]:
            by_attr.setdefault(attr, []).append((value, day(s), day(e)))
        for attr, values in by_attr.items():
            check(f"node {n} dynamic {attr}", a.get(attr), values)
    got = edges_by_key(G)
    check("edge keys", sorted(got), sorted(want["edges"]))
    for k, w in want["edges"].items():
        if k not in got:
            continue
        u, v, d = got[k]
        check(f"edge {k} ends", (u, v), (w["source"], w["target"]))
        check(f"edge {k} kind", d.get("kind"), w["kind"])
        check(f"edge {k} spells", d.get("spells"), [(day(w["start"]), day(w["end"]))])
        check(f"edge {k} weight", d.get("weight"), w["weight"])
    return G


def graphml(path, want):
    G = nx.read_graphml(path)
    check("directed", G.is_directed(), True)
    check("node ids", sorted(G.nodes), sorted(want["nodes"]))
    for n, w in want["nodes"].items():
        if n not in G:
            continue
        a = G.nodes[n]
        for field in ("name", "kind", "level", "start", "end"):
            check(f"node {n} {field}", a.get(field), w[field])
        for attr, text in w["values"].items():
            check(f"node {n} {attr}", a.get(attr), text)
    got = edges_by_key(G)
    check("edge keys", sorted(got), sorted(want["edges"]))
    for k, w in want["edges"].items():
        if k not in got:
            continue
        u, v, d = got[k]
        check(f"edge {k} ends", (u, v), (w["source"], w["target"]))
        for field in ("kind", "start", "end", "weight"):
            check(f"edge {k} {field}", d.get(field), w[field])
    return G


def node_link(path, want):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    G = nx.node_link_graph(data, edges="edges")
    check("directed", G.is_directed(), True)
    check("multigraph", G.is_multigraph(), True)
    check("node ids", sorted(G.nodes), sorted(want["nodes"]))
    for n, w in want["nodes"].items():
        if n not in G:
            continue
        a = G.nodes[n]
        for field in ("name", "kind", "level", "start", "end"):
            check(f"node {n} {field}", a.get(field), w[field])
        states = [[s["attribute"], s["value"], s["start"], s["end"]] for s in a.get("states", [])]
        check(f"node {n} states", states, w["states"])
        for attr, text in w["values"].items():
            check(f"node {n} {attr}", a.get(attr), text)
    got = {k: (u, v, d) for u, v, k, d in G.edges(keys=True, data=True)}
    check("edge keys", sorted(got), sorted(want["edges"]))
    for k, w in want["edges"].items():
        if k not in got:
            continue
        u, v, d = got[k]
        check(f"edge {k} ends", (u, v), (w["source"], w["target"]))
        for field in ("kind", "start", "end", "weight"):
            check(f"edge {k} {field}", d.get(field), w[field])
    return G


def main():
    fmt, path, expected = sys.argv[1:4]
    with open(expected, encoding="utf-8") as f:
        want = json.load(f)
    G = {"gexf": gexf, "graphml": graphml, "json": node_link}[fmt](path, want)
    if problems:
        for p in problems[:50]:
            print(p)
        print(f"{len(problems)} mismatches")
        sys.exit(1)
    print(f"{fmt}: networkx {nx.__version__} read {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")


if __name__ == "__main__":
    main()
