#!/bin/sh
# Tags every TimeML document of a folder with `conflict-timeline annotate --format
# timeml`, giving it the document's creation date as --published, and scores the
# result with score.py.
#
#   tools/timeml/run.sh GOLD_DIR [OUT_DIR] [-- score.py options such as --errors 20]
#
# BIN names the binary (default: target/release/conflict-timeline, or
# $CARGO_TARGET_DIR/release/conflict-timeline when that is set).
set -eu
here=$(dirname "$0")
gold=${1:?usage: run.sh GOLD_DIR [OUT_DIR] [-- score options]}
shift
out=${1:-}
if [ -n "$out" ] && [ "$out" != "--" ]; then shift; else out=$(mktemp -d); fi
[ "${1:-}" = "--" ] && shift
bin=${BIN:-${CARGO_TARGET_DIR:-target}/release/conflict-timeline}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$gold"/*.tml; do
    name=$(basename "$f")
    python3 "$here/score.py" --text "$f" > "$work/doc.txt"
    dct=$(python3 "$here/score.py" --dct "$f")
    if [ -n "$dct" ]; then
        "$bin" annotate "$work/doc.txt" --format timeml --published "$dct" > "$out/$name"
    else
        "$bin" annotate "$work/doc.txt" --format timeml > "$out/$name"
    fi
done
python3 "$here/score.py" "$gold" "$out" "$@"
