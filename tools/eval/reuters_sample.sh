#!/usr/bin/env bash
# Draws the random sample of extracted Reuters-21578 events that is judged by hand
# (corpus/reuters/judged_sample.tsv): ingests the whole collection into a fresh
# database, exports the events and writes N of them, chosen with a fixed seed, as a
# TSV with empty `verdict` and `note` columns for the judge to fill in.
#
#   tools/eval/reuters_sample.sh ../shared/corpora/reuters21578.jsonl > sample.tsv
#   tools/eval/reuters_sample.sh CORPUS --size 100 --seed 2027
#
# BIN names the binary (default: target/release/conflict-timeline, built if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:?usage: tools/eval/reuters_sample.sh CORPUS.jsonl [--size N] [--seed S]}
shift
size=100
seed=2027
while [ $# -gt 0 ]; do
    case $1 in
        --size) size=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
bin=${BIN:-target/release/conflict-timeline}
if [ ! -x "$bin" ]; then
    cargo build --release --locked --quiet
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" ingest "$corpus" --db "$work/reuters.db" --quiet >&2
"$bin" export --format json --db "$work/reuters.db" --output "$work/export.json"
python3 - "$work/export.json" "$size" "$seed" <<'PY'
import json, random, sys

path, size, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
events = json.load(open(path))["events"]
events.sort(key=lambda e: e["id"])
random.seed(seed)
chosen = random.sample(events, min(size, len(events)))
print(f"# {len(chosen)} of {len(events)} events, seed {seed}", file=sys.stderr)
cols = ["id", "kind", "date", "actors", "location", "articles", "sentence", "verdict", "note"]
print("\t".join(cols))
for e in chosen:
    first = e["mentions"][0]
    articles = sorted({m["article"] for m in e["mentions"]})
    row = [
        e["id"][:12],
        e["kind"],
        e["date"] or "",
        "; ".join(a["name"] for a in e["actors"]),
        e["location"] or "",
        f"{first['article']} (+{len(articles) - 1})",
        " ".join(first["text"].split()),
        "",
        "",
    ]
    print("\t".join(row))
PY
