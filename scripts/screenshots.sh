#!/usr/bin/env bash
# Regenerates the screenshots of the report shown in README.md, at a
# 1,280 px wide window in headless Chromium: docs/img/report-index.png (the
# front page), report-period.png (the renewal period's diagram, the
# Petrograd Soviet found), report-organisation.png (its page) and
# report-animation.png (the network in motion at the renewal); and
# report-ego.png (its neighbourhood) once organisation pages draw one.
#
# Needs Graphviz (`dot`), Chromium ($CHROMIUM or /usr/bin/chromium) and
# playwright-core (`npm ci --prefix tests/browser`, done here if missing).
#
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --silent
fi
cargo build --quiet
report=$(mktemp -d)
trap 'rm -rf "$report"' EXIT
"${CARGO_TARGET_DIR:-target}/debug/councils" report --out "$report/site" >/dev/null
node tests/browser/screenshots.mjs "$report/site" docs/img
