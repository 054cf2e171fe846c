#!/usr/bin/env bash
# Soak test of the website: starts the release server on loopback on DB, drives it
# with wrk for SECONDS at CONNECTIONS connections over seven URLs in rotation (pages,
# fragments, API, CSV, a static file), samples the server's resident memory every
# 10 s, and prints the memory over time, wrk's totals, errors and non-2xx answers.
# It fails (exit 1) on any socket error or non-2xx answer, or if the server died.
#
#   nice benches/soak.sh DB [SECONDS] [CONNECTIONS] [PORT]     (defaults: 300 s, 256, 8788)
#
# Needs target/release/conflict-timeline (cargo build --release), wrk and curl. DB is
# served --read-only, so it is never changed; a 10,000-event database comes from
# `cargo bench --bench generate -- --events 10000 --db /tmp/r10k.db`.
set -euo pipefail
cd "$(dirname "$0")/.."

db=${1:?usage: benches/soak.sh DB [SECONDS] [CONNECTIONS] [PORT]}
secs=${2:-300}
conns=${3:-256}
port=${4:-8788}
bin=target/release/conflict-timeline
base="http://127.0.0.1:$port"
work=$(mktemp -d)

"$bin" serve --read-only --db "$db" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
up=0
for _ in $(seq 600); do
    if curl -fs -o /dev/null "$base/api/events?limit=1"; then up=1; break; fi
    sleep 0.1
done
if [ "$up" = 0 ]; then
    echo "the server did not answer on $base within 60 s; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
fi

# An event and an actor that exist, found through the API itself (the first of each).
first_value() { grep -o "\"$1\": *\"[^\"]*\"" | sed -n '1s/.*"\([^"]*\)"$/\1/p'; }
event=$(curl -fs "$base/api/events?limit=1" | first_value id)
actor=$(curl -fs "$base/api/actors" | first_value slug)
if [ -z "$event" ] || [ -z "$actor" ]; then
    echo "no event or actor in $db to ask for" >&2
    exit 1
fi
paths=(
    "/"
    "/?q=ceasefire&kind=fighting"
    "/events/$event"
    "/actors/$actor"
    "/fragment/events?kind=talks"
    "/api/events?limit=100"
    "/static/style.css"
)
for p in "${paths[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
    [ "$status" = 200 ] || { echo "HTTP $status for $base$p before the soak" >&2; exit 1; }
done

{
    echo 'local paths = {'
    for p in "${paths[@]}"; do echo "  \"$p\","; done
    echo '}'
    echo 'local i = 0'
    echo 'request = function()'
    echo '  i = i % #paths + 1'
    echo '  return wrk.format("GET", paths[i])'
    echo 'end'
} >"$work/rotate.lua"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || echo gone; }
echo "$db: $secs s, $conns connections, wrk -t2 over ${#paths[@]} URLs: ${paths[*]}"
echo "server RSS at start: $(rss) kB"
# wrk's timeout is the server's own request time limit (30 s, answered 503).
wrk -t2 -c"$conns" -d"${secs}s" --timeout 30s --latency -s "$work/rotate.lua" "$base" >"$work/wrk.txt" 2>&1 &
load=$!
echo
echo "| t (s) | server RSS (kB) |"
echo "|---:|---:|"
t=0
while kill -0 "$load" 2>/dev/null; do
    echo "| $t | $(rss) |"
    sleep 10
    t=$((t + 10))
done
wait "$load"
echo "| end | $(rss) |"
echo
cat "$work/wrk.txt"

failed=0
if ! kill -0 "$server" 2>/dev/null; then
    echo "the server died; its log:" >&2
    cat "$work/server.log" >&2
    failed=1
fi
if grep -q "Socket errors" "$work/wrk.txt"; then failed=1; fi
if grep -q "Non-2xx or 3xx responses" "$work/wrk.txt"; then failed=1; fi
logged=$(grep -c 'ERROR' "$work/server.log" || true)
echo "server log lines at ERROR level: $logged"
[ "$logged" = 0 ] || failed=1
if [ "$failed" = 0 ]; then echo "soak: no errors"; else echo "soak: FAILED" >&2; fi
exit "$failed"
