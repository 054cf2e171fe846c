#!/usr/bin/env bash
# Counts the events extracted from the committed set of Reuters-21578 stories that
# report no armed conflict (corpus/reuters/non_conflict.tsv: business, trade and
# labour news chosen by topic, most of them holding a trigger-like word). Each event
# printed is a false positive.
#
#   tools/eval/reuters_non_conflict.sh [path/to/reuters21578.jsonl] [--max N]
#
# With --max N it exits 1 when more than N events are found.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:-../shared/corpora/reuters21578.jsonl}
max=
if [ "${2:-}" = --max ]; then
    max=${3:?--max takes a number}
fi
bin=${BIN:-target/release/conflict-timeline}
if [ ! -x "$bin" ]; then
    cargo build --release --locked --quiet
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$corpus" corpus/reuters/non_conflict.tsv "$work/set.jsonl" <<'PY'
import json, sys
corpus, ids_file, out = sys.argv[1:]
wanted = {line.split("\t")[0] for line in open(ids_file) if not line.startswith("#")}
with open(out, "w") as f:
    for line in open(corpus):
        if json.loads(line)["id"] in wanted:
            f.write(line)
PY
"$bin" ingest "$work/set.jsonl" --db "$work/set.db" --quiet
"$bin" export --format json --db "$work/set.db" --output "$work/export.json"
python3 - "$work/export.json" "$max" <<'PY'
import json, sys
events = json.load(open(sys.argv[1]))["events"]
limit = int(sys.argv[2]) if sys.argv[2] else None
for e in events:
    m = e["mentions"][0]
    print(f'{e["kind"]:9} {e["date"]:10} {m["article"]:14} {m["text"][:110]!r}')
print(f"{len(events)} events from 200 non-conflict stories")
if limit is not None and len(events) > limit:
    sys.exit(f"more than {limit} events from non-conflict stories")
PY
