#!/usr/bin/env bash
# Load test of the website on one database: starts the release server on loopback,
# drives five pages with wrk (a separate process), and prints one Markdown table row
# per page: requests/s, p50 and p99 latency, errors, and the server's peak RSS.
#
#   benches/load.sh DB [PORT] [SECONDS] [CONNECTIONS]
#
# Needs target/release/conflict-timeline (cargo build --release), wrk
# (apt-get install wrk) and sqlite3 (to pick an event, an actor and dates that exist).
set -euo pipefail
cd "$(dirname "$0")/.."

db=${1:?usage: benches/load.sh DB [PORT] [SECONDS] [CONNECTIONS]}
port=${2:-8787}
secs=${3:-10}
conns=${4:-64}
bin=target/release/conflict-timeline
base="http://127.0.0.1:$port"

# Something real to ask for: the busiest actor, one of its events, its middle years.
actor=$(sqlite3 "$db" "SELECT a.slug FROM event_actors ea JOIN actors a ON a.id = ea.actor_id GROUP BY ea.actor_id ORDER BY COUNT(*) DESC LIMIT 1")
event=$(sqlite3 "$db" "SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE a.slug = '$actor' ORDER BY ea.event_id LIMIT 1")
events=$(sqlite3 "$db" "SELECT COUNT(*) FROM events")
year=$(sqlite3 "$db" "SELECT substr(date_start, 1, 4) FROM events WHERE date_start IS NOT NULL ORDER BY date_start LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM events)")

"$bin" serve --db "$db" --addr "127.0.0.1:$port" >/tmp/load-server.$$.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -fs -o /dev/null "$base/api/events?limit=1" && break
    sleep 0.1
done

declare -a names=(
    "timeline: $year..$((year + 1)), fighting, $actor"
    "search: q=ceasefire"
    "event page"
    "actor page: $actor"
    "/api/events"
)
declare -a paths=(
    "/?from=$year-01-01&to=$((year + 1))-12-31&kind=fighting&actor=$actor"
    "/?q=ceasefire"
    "/events/$event"
    "/actors/$actor"
    "/api/events"
)

echo "$db: $events events; $secs s per URL, $conns connections, wrk -t2"
echo
echo "| events | page | requests/s | p50 | p99 | errors (non-2xx/socket) |"
echo "|---:|---|---:|---:|---:|---:|"
for i in "${!paths[@]}"; do
    url="$base${paths[$i]}"
    status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
    if [ "$status" != 200 ]; then
        echo "| $events | ${names[$i]} | HTTP $status for $url | | | |"
        continue
    fi
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$url")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    sock=$(awk '/Socket errors/ {print $0}' <<<"$out")
    echo "| $events | ${names[$i]} | $rps | $p50 | $p99 | ${non2xx:-0}${sock:+ / $sock} |"
done
echo
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")"
