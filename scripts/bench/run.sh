#!/usr/bin/env bash
# Reproduces the side-by-side table of docs/benchmarks.md: `councils bench`
# (the library's own load, slice and measure calls, as every command makes
# them) and the peer libraries of shared/bench/peers.py on the same generated
# datasets, in one run, interleaved run by run so that a noisy neighbour
# hurts every library alike. Each process is also timed whole, with its peak
# RSS (/usr/bin/time).
#
#   bash scripts/bench/run.sh                    # defaults below
#   SIZES="1000 10000" RUNS=3 bash scripts/bench/run.sh
#
# Needs the peers' venv (see shared/bench/BASELINE.md):
#   python3 -m venv /tmp/peers-venv
#   /tmp/peers-venv/bin/pip install networkx igraph rustworkx networkit raphtory numpy scipy pandas
#
# Output in $OUT: results.jsonl (one JSON line per run, ours and the peers'),
# dump_<n>_<lib>_<tag>.json (values of the first run), summary.md (median
# tables, ratios against the best peer, agreement with the reference).
#
# Sizes of 100k and more: every measure for councils; the peers run the light
# measures (degree, PageRank, eigenvector) RUNS_100K times, and the O(V*E)
# measures only for the libraries in HEAVY_100K_LIBS, once, limited to
# HEAVY_100K_TIMEOUT seconds (igraph's exact betweenness alone took 583 s in
# BASELINE.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=${BENCH:-$ROOT/../shared/bench}
PY=${PY:-/tmp/peers-venv/bin/python}
DATA=${DATA:-/tmp/bench-data}
OUT=${OUT:-/tmp/bench-out-councils}
SEED=${SEED:-42}
SIZES=${SIZES:-"1000 10000 100000"}
LIBS=${LIBS:-"networkx igraph rustworkx networkit raphtory"}
RUNS=${RUNS:-3}
RUNS_100K=${RUNS_100K:-3}
SLOW_LIBS=${SLOW_LIBS:-"networkx raphtory"}   # one run only from 10k on
SKIP=${SKIP:-""}                              # "lib@size" pairs not to run, e.g. "raphtory@10000"
PERIODS=${PERIODS:-p2,p4}
ALL=degree,betweenness,closeness,pagerank,eigenvector
LIGHT=degree,pagerank,eigenvector
HEAVY=${HEAVY:-betweenness}
HEAVY_100K_LIBS=${HEAVY_100K_LIBS:-igraph}
HEAVY_100K_TIMEOUT=${HEAVY_100K_TIMEOUT:-900}
COUNCILS_HEAVY_100K=${COUNCILS_HEAVY_100K:-1}  # 0: councils runs the light measures only at 100k
TIMEOUT=${TIMEOUT:-1800}
REF=${REF:-networkx}
COUNCILS=$ROOT/target/release/councils

mkdir -p "$DATA" "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"
(cd "$ROOT" && cargo build --release --quiet)

{
  echo "# $(date -u +%FT%TZ) $(uname -sr) nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# $(rustc --version) councils $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') (+ working tree)"
  "$PY" -c 'import sys, networkx, igraph, rustworkx, networkit, raphtory; print("# python", sys.version.split()[0], "networkx", networkx.__version__, "igraph", igraph.__version__, "rustworkx", rustworkx.__version__, "networkit", networkit.__version__, "raphtory", raphtory.__version__)'
} | tee "$OUT/machine.txt" >&2

# councils or a peer, one run: size lib measures run tag limit
one() {
  local n=$1 lib=$2 measures=$3 run=$4 tag=$5 limit=$6 dump=()
  if [[ " $SKIP " == *" $lib@$n "* ]]; then return; fi
  [ "$run" = 1 ] && dump=(--dump "$OUT/dump_${n}_${lib}_${tag}.json")
  echo "# n=$n lib=$lib measures=$measures run=$run $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  local cmd
  if [ "$lib" = councils ]; then
    cmd=("$COUNCILS" --data "$DATA/n$n" bench --periods "$PERIODS" --measures "$measures" --tag "n=$n run=$run $tag")
  else
    cmd=("$PY" "$BENCH/peers.py" --lib "$lib" --data "$DATA/n$n" --periods "$PERIODS" --measures "$measures" --tag "n=$n run=$run $tag")
  fi
  # The whole process is timed too (start-up, imports, load, every stage,
  # exit), with its peak RSS, by /usr/bin/time; both are added to the line.
  local line tm
  line=$(mktemp) tm=$(mktemp)
  if ! timeout "$limit" /usr/bin/time -f '%e %M' -o "$tm" "${cmd[@]}" "${dump[@]}" \
      2> >(grep -v -e '^Loading' -e 'RuntimeWarning' -e 'eigenvector_centrality(directed' -e '^[a-z0-9:]* *[0-9.]* s$' >&2) > "$line"; then
    echo "# n=$n lib=$lib: FAILED or timed out after ${limit}s" >&2
  fi
  "$PY" - "$line" "$tm" >> "$RESULTS" <<'PY'
import json, sys
wall, kib = open(sys.argv[2]).read().split()[-2:]
for l in open(sys.argv[1]):
    if l.startswith("{"):
        r = json.loads(l)
        r["process_wall_s"], r["process_peak_rss_mb"] = float(wall), float(kib) / 1024
        print(json.dumps(r))
PY
  rm -f "$line" "$tm"
}

for n in $SIZES; do
  [ -f "$DATA/n$n/edges.csv" ] || "$PY" "$BENCH/gen_temporal.py" --orgs "$n" --seed "$SEED" --out "$DATA/n$n" >&2
  if [ "$n" -lt 100000 ]; then
    for run in $(seq 1 "$RUNS"); do
      for lib in councils $LIBS; do
        if [ "$n" -ge 10000 ] && [[ " $SLOW_LIBS " == *" $lib "* ]] && [ "$run" -gt 1 ]; then continue; fi
        one "$n" "$lib" "$ALL" "$run" all "$TIMEOUT"
      done
    done
  else
    for run in $(seq 1 "$RUNS_100K"); do
      for lib in councils $LIBS; do
        if [[ " $SLOW_LIBS " == *" $lib "* ]] && [ "$run" -gt 1 ]; then continue; fi
        one "$n" "$lib" "$LIGHT" "$run" light "$TIMEOUT"
      done
    done
    [ "$COUNCILS_HEAVY_100K" = 0 ] || one "$n" councils "$ALL" 1 all "$TIMEOUT"
    for lib in $HEAVY_100K_LIBS; do one "$n" "$lib" "$HEAVY" 1 heavy "$HEAVY_100K_TIMEOUT"; done
  fi
done

"$PY" "$ROOT/scripts/bench/table.py" "$RESULTS" --out "$OUT" --ref "$REF" --check "$BENCH/check.py" --py "$PY" \
  | tee "$OUT/summary.md"
