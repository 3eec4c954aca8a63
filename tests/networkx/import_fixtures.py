#!/usr/bin/env python3
"""Writes the files of tests/fixtures/import with networkx and igraph, as
their users write them, and what `councils import` must make of them.

Usage: import_fixtures.py OUT_DIR

    florentine.graphml       nx.write_graphml(nx.florentine_families_graph())
    florentine.json          networkx's betweenness of that graph (normalised)
    dynamic.gexf             nx.write_gexf of a dynamic graph: node and edge
                             start/end (dates), an edge with two spells, a
                             dynamic node attribute, a static one
    static.gexf              nx.write_gexf of a static multigraph with
                             weights, labels and a self-loop
    igraph.graphml           igraph's write_graphml of a directed graph with
                             names, weights, kinds and start/end dates
    expected.json            counts and intervals per file

The committed files were written by:
    python3 tests/networkx/import_fixtures.py tests/fixtures/import
(networkx 3.6.1, igraph 1.0.0). Tests that do not run Python read these;
tests/import.rs also runs this script again where networkx is installed
and checks that the files are the same.
"""
import json
import os
import sys

import networkx as nx

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
expected = {}

# Padgett's Florentine families, as networkx ships them.
flo = nx.florentine_families_graph()
nx.write_graphml(flo, os.path.join(out, "florentine.graphml"))
with open(os.path.join(out, "florentine.json"), "w") as f:
    bc = nx.betweenness_centrality(flo)
    json.dump({k: bc[k] for k in sorted(bc)}, f, indent=1, sort_keys=True)
    f.write("\n")
expected["florentine.graphml"] = {"nodes": flo.number_of_nodes(), "edges": flo.number_of_edges()}

# A dynamic graph: dates as strings make networkx write timeformat="date".
dyn = nx.Graph(mode="dynamic")
dyn.add_node("A", label="Alpha", start="2001-01-01", end="2001-12-31",
             party=[("red", "2001-01-01", "2001-06-30"), ("blue", "2001-07-01", "2001-12-31")])
dyn.add_node("B", label="Beta", start="2001-03-01", size_class="big")
dyn.add_node("C", label="Gamma", start="2001-01-01", end="2002-06-30")
dyn.add_edge("A", "B", start="2001-03-01", end="2001-05-31")
dyn.add_edge("B", "C", spells=[("2001-04-01", "2001-04-30"), ("2001-09-01", "2001-10-31")])
nx.write_gexf(dyn, os.path.join(out, "dynamic.gexf"))
expected["dynamic.gexf"] = {
    "nodes": 3,
    "relations": 3,
    "lifetimes": {"a": "2001-01-01/2001-12-31", "b": "2001-03-01/..", "c": "2001-01-01/2002-06-30"},
    "relation_dates": sorted(["2001-03-01/2001-05-31", "2001-04-01/2001-04-30", "2001-09-01/2001-10-31"]),
    "states": {"a": [["party", "red", "2001-01-01/2001-06-30"], ["party", "blue", "2001-07-01/2001-12-31"]],
               "b": [["size_class", "big", "2001-03-01/.."]]},
}

# A static multigraph: parallel edges, weights, a self-loop.
st = nx.MultiDiGraph()
st.add_node(1, label="One")
st.add_node(2, label="Two")
st.add_node(3, label="Three")
st.add_edge(1, 2, weight=2.5, label="support")
st.add_edge(1, 2, weight=1.0, label="support")
st.add_edge(2, 3, weight=4.0, label="conflict")
st.add_edge(3, 3, weight=1.0, label="support")
nx.write_gexf(st, os.path.join(out, "static.gexf"))
expected["static.gexf"] = {"nodes": 3, "relations": 2, "kinds": ["conflict", "support"]}

try:
    import igraph as ig
except ImportError:
    ig = None
if ig is not None:
    g = ig.Graph(directed=True)
    g.add_vertices(4)
    g.vs["name"] = ["Kyiv Soviet", "Odesa Soviet", "Kharkiv Soviet", "Rada"]
    g.add_edges([(0, 3), (1, 3), (2, 3), (0, 1)])
    g.es["weight"] = [3.0, 2.0, 1.0, 1.0]
    g.es["kind"] = ["delegation", "delegation", "delegation", "support"]
    g.es["start"] = ["1917-03-01", "1917-03-10", "1917-04-01", "1917-05-01"]
    g.es["end"] = ["1917-10-25", "1917-10-25", "", "1917-06-30"]
    g.write_graphml(os.path.join(out, "igraph.graphml"))
    expected["igraph.graphml"] = {
        "nodes": 4,
        "relations": 4,
        "relation_dates": sorted(["1917-03-01/1917-10-25", "1917-03-10/1917-10-25", "1917-04-01/..", "1917-05-01/1917-06-30"]),
    }

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
