#!/usr/bin/env bash
# Scores the extraction on one annotated split: ingests its articles into a fresh
# database, exports the events as JSON and runs the gold scorer on them.
#
#   tools/eval/score.sh corpus/dev [scorer options...]     e.g. --details, --json,
#   tools/eval/score.sh corpus/test --fail-under f1=0.5
#   tools/eval/score.sh seeds                               (the sample articles)
#
# BIN names the binary (default: target/release/conflict-timeline, built if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
split=${1:?usage: tools/eval/score.sh SPLIT [scorer options...]}
shift
bin=${BIN:-target/release/conflict-timeline}
if [ ! -x "$bin" ]; then
    cargo build --release --locked --quiet
fi
if [ "$split" = seeds ]; then
    articles=seeds
    gold=tests/gold
else
    articles=$split/articles
    gold=$split/gold
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" ingest "$articles" --db "$work/eval.db" --quiet
"$bin" export --format json --db "$work/eval.db" --output "$work/export.json"
python3 tests/gold/score_events.py --gold "$gold" --articles "$articles" "$work/export.json" "$@"
