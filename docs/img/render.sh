#!/usr/bin/env bash
# Regenerates the diagrams under docs/img from the embedded 1917 dataset:
# one SVG per period, the comparison of dual power with the renewal (merged
# and side by side), the filmstrip of all periods, and all periods in motion
# (movie.svg). Needs Graphviz (`dot`).
#
#   docs/img/render.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
councils=target/release/councils
out=docs/img
"$councils" render --all --out "$out" --force
"$councils" render --compare dual-power renewal --out "$out" --force
"$councils" render --compare dual-power renewal --side-by-side --out "$out" --force
"$councils" render --filmstrip --out "$out" --force
"$councils" render --animate --out "$out" --force
