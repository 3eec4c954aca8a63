"""Reads a councils Parquet export with DuckDB and with pyarrow and prints,
from each, one period's slice as JSON: the number of organisations and
relations and each organisation's degree (DuckDB also its degree
centrality). Usage: python -c "$(cat read_slice.py)" DIR PERIOD SQL"""
import collections
import json
import os
import sys

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq

folder, period, sql = sys.argv[1], sys.argv[2], sys.argv[3]
os.chdir(folder)

# DuckDB: the query of docs/interchange.md.
rows = duckdb.connect().execute(sql, {"period": period}).fetchall()
by_sql = {
    "organisations": len(rows),
    "relations": sum(r[1] for r in rows) // 2,
    "degree": {r[0]: r[1] for r in rows},
    "degree_centrality": {r[0]: r[2] for r in rows},
}

# pyarrow: the same slice with compute filters.
periods = pq.read_table("periods.parquet")
p = periods.filter(pc.equal(periods["id"], period))
first, last = p["start_date"][0], p["end_date"][0]


def active(table):
    starts = pc.or_kleene(pc.is_null(table["start_date"]), pc.less_equal(table["start_date"], last))
    ends = pc.or_kleene(pc.is_null(table["end_date"]), pc.greater_equal(table["end_date"], first))
    return table.filter(pc.and_kleene(starts, ends))


nodes = active(pq.read_table("nodes.parquet"))
ids = set(nodes["id"].to_pylist())
edges = active(pq.read_table("edges.parquet"))
degree = collections.Counter({i: 0 for i in ids})
relations = 0
for s, t in zip(edges["source"].to_pylist(), edges["target"].to_pylist()):
    if s in ids and t in ids:
        relations += 1
        degree[s] += 1
        degree[t] += 1
by_arrow = {"organisations": len(ids), "relations": relations, "degree": dict(degree)}

print(json.dumps({"duckdb": by_sql, "pyarrow": by_arrow}, sort_keys=True))
