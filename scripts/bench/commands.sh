#!/usr/bin/env bash
# Times the user commands, whole process, on one dataset folder: wall time
# and peak RSS by /usr/bin/time, median of RUNS runs. Prints a Markdown table
# (docs/benchmarks.md, "Every command at scale").
#
#   bash scripts/bench/commands.sh /tmp/bench-data/n100000
#   RUNS=1 bash scripts/bench/commands.sh /tmp/w1m
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${1:?usage: commands.sh DATASET_FOLDER}
RUNS=${RUNS:-3}
COUNCILS=${COUNCILS:-$ROOT/target/release/councils}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
(cd "$ROOT" && cargo build --release --quiet)

commands=(
  "validate $DATA"
  "--data $DATA periods"
  "--data $DATA centrality --period p4 --measure degree,pagerank,eigenvector"
  "--data $DATA stats --period p4"
  "--data $DATA snapshot --period p4 --format json"
  "--data $DATA diff p2 p4"
  "--data $DATA diff p2 p4 --format json"
  "--data $DATA export --format gexf -o $OUT/x.gexf --force"
  "--data $DATA export --format graphml -o $OUT/x.graphml --force"
  "--data $DATA export --format json -o $OUT/x.json --force"
  "--data $DATA export --format csv -o $OUT/csv --force"
)

echo "| command | wall s (median of $RUNS) | peak RSS MiB |"
echo "|---|---:|---:|"
for c in "${commands[@]}"; do
  walls=() rss=()
  for _ in $(seq 1 "$RUNS"); do
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %M' -o "$OUT/t" "$COUNCILS" $c > /dev/null 2> "$OUT/err" \
      || { echo "failed: councils $c" >&2; cat "$OUT/err" >&2; exit 1; }
    read -r w m < <(tail -1 "$OUT/t")
    walls+=("$w") rss+=("$m")
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  shown=${c//$DATA/DATA}
  shown=${shown//$OUT/OUT}
  printf '| `councils %s` | %s | %s |\n' "$shown" "$(median "${walls[@]}")" \
    "$(median "${rss[@]}" | awk '{printf "%.0f", $1 / 1024}')"
done
