#!/usr/bin/env bash
# One mixed load on one database: CONNECTIONS connections for SECONDS, every request
# a different filtered URL taken in rotation from thousands built from the database
# (timeline filters by years, kind and actor; searches; event, actor and article
# pages; API pages by month; the CSV export of one month). Prints wrk's totals and
# latency percentiles, the server's memory sampled every 5 s, and fails (exit 1) on
# any socket error, any non-2xx answer, p99 over MAX_P99_MS, server peak RSS over
# MAX_RSS_MB, or if the server died.
#
#   nice benches/load_mixed.sh DB [SECONDS] [CONNECTIONS] [PORT]   (defaults: 30, 256, 8792)
#
# Environment: KINDS (the lists to rotate, default all: timeline event article api
# search actor csv), BIN (default target/release/conflict-timeline), CACHE_MB (the response
# cache, default as shipped; 0 turns it off), MAX_P99_MS (1000), MAX_RSS_MB (300).
# DB is served --read-only, so it is never changed. Needs wrk, curl and sqlite3.
# A 100,000-event database: `cargo bench --bench generate -- --events 100000 --db /tmp/h100k.db`.
set -euo pipefail
cd "$(dirname "$0")/.."

db=${1:?usage: benches/load_mixed.sh DB [SECONDS] [CONNECTIONS] [PORT]}
secs=${2:-30}
conns=${3:-256}
port=${4:-8792}
bin=${BIN:-target/release/conflict-timeline}
max_p99=${MAX_P99_MS:-1000}
max_rss=${MAX_RSS_MB:-300}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
q() { sqlite3 -readonly "$db" "$1"; }

# The rotation: many distinct URLs of each kind, interleaved.
q "SELECT a.slug FROM actors a JOIN event_actors ea ON ea.actor_id = a.id GROUP BY a.id ORDER BY COUNT(*) DESC LIMIT 40" >"$work/actors"
first=$(q "SELECT MIN(substr(date_start, 1, 4)) FROM events")
last=$(q "SELECT MAX(substr(date_start, 1, 4)) FROM events")
while read -r a; do
    for y in $(seq "$first" 3 "$last"); do
        for k in fighting talks ceasefire; do
            echo "/?from=$y-01-01&to=$((y + 1))-12-31&kind=$k&actor=$a"
        done
    done
done <"$work/actors" | shuf -n 1500 --random-source=<(yes) >"$work/timeline"
for w in ceasefire talks fighting truce attack clashes shelling killed peace agreement \
    offensive negotiations violated collapsed army rebels; do
    echo "/?q=$w"
    echo "/?q=$w&kind=fighting"
done >"$work/search"
q "SELECT '/events/' || id FROM events ORDER BY random() LIMIT 1500" >"$work/event"
sed 's|^|/actors/|' "$work/actors" >"$work/actor"
q "SELECT '/articles/' || replace(replace(replace(key, '%', '%25'), '/', '%2F'), ' ', '%20') FROM articles ORDER BY random() LIMIT 500" >"$work/article"
q "SELECT DISTINCT '/api/events?from=' || substr(date_start, 1, 7) || '-01&limit=100' FROM events WHERE date_start IS NOT NULL ORDER BY 1" >"$work/api"
q "SELECT DISTINCT '/api/events.csv?from=' || substr(date_start, 1, 7) || '-01&to=' || substr(date_start, 1, 7) || '-28' FROM events WHERE date_start IS NOT NULL ORDER BY random() LIMIT 50" >"$work/csv"
kinds=${KINDS:-timeline event article api search actor csv}
lists=()
for k in $kinds; do lists+=("$work/$k"); done
paste -d '\n' "${lists[@]}" | sed '/^$/d' >"$work/paths"
echo "$db: $(q 'SELECT COUNT(*) FROM events') events; $(wc -l <"$work/paths") URLs in rotation ($kinds)"


if [ -n "${CACHE_MB:-}" ]; then export CONFLICT_TIMELINE_CACHE_MB=$CACHE_MB; fi
"$bin" serve --read-only --db "$db" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 600); do
    curl -fs -o /dev/null "$base/api/events?limit=1" && break
    sleep 0.1
done
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$server/status" 2>/dev/null || echo gone; }
echo "server RSS at start: $(rss) MB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

LOAD_PATHS="$work/paths" wrk -t2 -c"$conns" -d"${secs}s" --timeout 30s --latency \
    -s benches/rotate.lua "$base" >"$work/wrk.txt" 2>&1 &
load=$!
samples=()
while kill -0 "$load" 2>/dev/null; do
    sleep 5
    samples+=("$(rss)")
done
wait "$load" || true
cat "$work/wrk.txt"
peak=$(awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$server/status" 2>/dev/null || echo 0)
echo "server RSS every 5 s (MB): ${samples[*]}; peak (VmHWM) $peak MB"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

fail=0
if ! kill -0 "$server" 2>/dev/null; then echo "FAIL: the server died" >&2; fail=1; fi
if grep -q 'Socket errors' "$work/wrk.txt"; then echo "FAIL: socket errors" >&2; fail=1; fi
if grep -q 'Non-2xx' "$work/wrk.txt"; then echo "FAIL: non-2xx answers" >&2; fail=1; fi
p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) ms = v / 1000; else if (v ~ /ms$/) ms = v + 0; else if (v ~ /m$/) ms = v * 60000; else ms = v * 1000; print int(ms)}' "$work/wrk.txt")
if [ "${p99:-999999}" -gt "$max_p99" ]; then echo "FAIL: p99 ${p99} ms over $max_p99 ms" >&2; fail=1; fi
if [ "$peak" -gt "$max_rss" ]; then echo "FAIL: peak RSS $peak MB over $max_rss MB" >&2; fail=1; fi
if grep -q ' ERROR ' "$work/server.log"; then
    echo "FAIL: ERROR lines in the server log:" >&2
    grep ' ERROR ' "$work/server.log" | head -5 >&2
    fail=1
fi
exit "$fail"
