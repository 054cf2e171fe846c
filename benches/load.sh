#!/usr/bin/env bash
# Load test of the website on one database: starts the release server on loopback,
# drives six kinds of page with wrk (a separate process on the same machine), and
# prints one Markdown table row per page: requests/s, p50 and p99 latency, errors,
# then the server's memory.
#
#   benches/load.sh DB [PORT] [SECONDS] [CONNECTIONS] [MODE] [BIN]
#
# MODE is one of
#   cached    (default) the server as shipped, each page asked for again and again:
#             after the first request the response cache answers;
#   uncached  the response cache off (CONFLICT_TIMELINE_CACHE_MB=0) and every
#             request a different URL, rotating through hundreds of filters,
#             events and actors taken from the database: the cost of rendering.
#   nocache   the response cache off, each page asked for again and again: what
#             benches/datasette.sh asks Datasette, for a like-for-like comparison;
#   both      cached then uncached, on one server start each;
#   all       cached, nocache and uncached.
#
# The database is opened by the server, which migrates it in place: pass a copy.
# PAGES="0 3 5" (optional) runs only those pages, numbered as listed above from 0.
# Needs target/release/conflict-timeline (or BIN), wrk (apt-get install wrk) and
# sqlite3 (to pick events, actors and dates that exist). Every request goes to
# 127.0.0.1 and each URL runs for SECONDS; the script stops its server on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

db=${1:?usage: benches/load.sh DB [PORT] [SECONDS] [CONNECTIONS] [MODE] [BIN]}
port=${2:-8787}
secs=${3:-10}
conns=${4:-64}
mode=${5:-cached}
bin=${6:-target/release/conflict-timeline}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

q() { sqlite3 "$db" "$1"; }

# Something real to ask for: the busiest actor, one of its events, its middle years.
actor=$(q "SELECT a.slug FROM event_actors ea JOIN actors a ON a.id = ea.actor_id GROUP BY ea.actor_id ORDER BY COUNT(*) DESC LIMIT 1")
event=$(q "SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE a.slug = '$actor' ORDER BY ea.event_id LIMIT 1")
events=$(q "SELECT COUNT(*) FROM events")
place=$(q "SELECT p.slug FROM events e JOIN places p ON p.id = e.place_id GROUP BY e.place_id ORDER BY COUNT(*) DESC LIMIT 1")
year=$(q "SELECT substr(date_start, 1, 4) FROM events WHERE date_start IS NOT NULL ORDER BY date_start LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM events)")

declare -a names=(
    "timeline: $year..$((year + 1)), fighting, $actor"
    "search: q=ceasefire"
    "event page"
    "actor page: $actor"
    "/api/events"
    "place page: $place"
)
declare -a paths=(
    "/?from=$year-01-01&to=$((year + 1))-12-31&kind=fighting&actor=$actor"
    "/?q=ceasefire"
    "/events/$event"
    "/actors/$actor"
    "/api/events"
    "/places/$place"
)

# Rotation lists for the uncached mode: many distinct URLs of each kind.
q "SELECT a.slug FROM actors a JOIN event_actors ea ON ea.actor_id = a.id GROUP BY a.id ORDER BY COUNT(*) DESC LIMIT 60" >"$work/actors"
first=$(q "SELECT MIN(substr(date_start, 1, 4)) FROM events")
last=$(q "SELECT MAX(substr(date_start, 1, 4)) FROM events")
: >"$work/0"
while read -r a; do
    for y in $(seq "$first" 2 "$last"); do
        for k in fighting talks ceasefire; do
            echo "/?from=$y-01-01&to=$((y + 1))-12-31&kind=$k&actor=$a" >>"$work/0"
        done
    done
done <"$work/actors"
for w in ceasefire talks fighting truce attack clashes shelling killed peace agreement \
    offensive negotiations violated collapsed army rebels; do
    echo "/?q=$w"
done >"$work/1"
q "SELECT '/events/' || id FROM events ORDER BY substr(id, 3) LIMIT 2000" >"$work/2"
sed 's|^|/actors/|' "$work/actors" >"$work/3"
q "SELECT DISTINCT '/api/events?from=' || substr(date_start, 1, 7) || '-01' FROM events WHERE date_start IS NOT NULL ORDER BY 1" >"$work/4"
q "SELECT '/places/' || p.slug FROM events e JOIN places p ON p.id = e.place_id GROUP BY e.place_id ORDER BY COUNT(*) DESC LIMIT 60" >"$work/5"

start_server() {
    CONFLICT_TIMELINE_CACHE_MB=$1 "$bin" serve --db "$db" --addr "127.0.0.1:$port" \
        >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 600); do
        curl -fs -o /dev/null "$base/api/events?limit=1" && return
        sleep 0.1
    done
    echo "server did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
}

stop_server() {
    echo
    # RssFile counts the memory-mapped database once per connection that touched
    # a page (clean OS file cache); RssAnon is the server's own heap.
    echo "server memory: $(awk '/^(VmHWM|VmRSS|RssAnon|RssFile)/ {print $1, $2, $3}' "/proc/$server/status" | paste -sd ' ')"
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=
}

run() { # MODE
    local m=$1
    echo
    echo "$db: $events events; $m; $secs s per URL, $conns connections, wrk -t2"
    echo
    echo "| events | mode | page | requests/s | p50 | p99 | errors (non-2xx / socket) |"
    echo "|---:|---|---|---:|---:|---:|---:|"
    for i in "${!paths[@]}"; do
        # PAGES="0 3" runs only those rows (0 timeline … 5 place page).
        if [ -n "${PAGES:-}" ] && [[ " $PAGES " != *" $i "* ]]; then continue; fi
        url="$base${paths[$i]}"
        status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
        if [ "$status" != 200 ]; then
            echo "| $events | $m | ${names[$i]} | HTTP $status for $url | | | |"
            continue
        fi
        if [ "$m" != uncached ]; then
            out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$url")
            label=${names[$i]}
        else
            out=$(LOAD_PATHS="$work/$i" wrk -t2 -c"$conns" -d"${secs}s" --latency \
                -s benches/rotate.lua "$base")
            label="${names[$i]%%:*} ($(wc -l <"$work/$i") URLs)"
        fi
        rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
        sock=$(awk '/Socket errors/ {sub(/^ *Socket errors: */, ""); print}' <<<"$out")
        echo "| $events | $m | $label | $rps | $p50 | $p99 | ${non2xx:-0}${sock:+ / $sock} |"
    done
}

case $mode in
    cached | uncached | nocache) modes=("$mode") ;;
    both) modes=(cached uncached) ;;
    all) modes=(cached nocache uncached) ;;
    *) echo "MODE must be cached, nocache, uncached, both or all" >&2; exit 2 ;;
esac
for m in "${modes[@]}"; do
    if [ "$m" = cached ]; then start_server 32; else start_server 0; fi
    run "$m"
    stop_server
done
