#!/usr/bin/env bash
# The same questions asked of Datasette, the tool a user would otherwise point at
# this SQLite file: starts `datasette serve -i DB` (immutable, its fastest mode) on
# loopback and drives it with wrk exactly as benches/load.sh drives
# conflict-timeline, printing one Markdown table row per question.
#
#   benches/datasette.sh DB [PORT] [SECONDS] [CONNECTIONS]
#
# Needs datasette (pip install datasette; or set DATASETTE to its command, e.g.
# DATASETTE="python3 -m datasette"), wrk and sqlite3. The questions:
#   - the first page (50) of fighting events of the busiest actor in a two-year range,
#     as a SQL query page (Datasette's table pages cannot filter through a join);
#   - the first 50 events matching "ceasefire" in the full-text index, by date;
#   - one event's row page, and the busiest actor's row page;
#   - the first page of events as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

db=${1:?usage: benches/datasette.sh DB [PORT] [SECONDS] [CONNECTIONS]}
port=${2:-8788}
secs=${3:-10}
conns=${4:-64}
base="http://127.0.0.1:$port"
name=$(basename "$db" .db)

actor=$(sqlite3 "$db" "SELECT a.slug FROM event_actors ea JOIN actors a ON a.id = ea.actor_id GROUP BY ea.actor_id ORDER BY COUNT(*) DESC LIMIT 1")
actor_rowid=$(sqlite3 "$db" "SELECT id FROM actors WHERE slug = '$actor'")
event=$(sqlite3 "$db" "SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE a.slug = '$actor' ORDER BY ea.event_id LIMIT 1")
events=$(sqlite3 "$db" "SELECT COUNT(*) FROM events")
year=$(sqlite3 "$db" "SELECT substr(date_start, 1, 4) FROM events WHERE date_start IS NOT NULL ORDER BY date_start LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM events)")

${DATASETTE:-datasette} serve -i "$db" --host 127.0.0.1 --port "$port" \
    --setting sql_time_limit_ms 10000 >/tmp/datasette.$$.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 300); do
    curl -fs -o /dev/null "$base/-/versions.json" && break
    sleep 0.1
done

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
timeline_sql="SELECT e.id, e.date_start, e.kind, e.subtype, e.headline FROM events e JOIN event_actors ea ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id WHERE a.slug = '$actor' AND e.kind = 'fighting' AND e.date_start >= '$year-01-01' AND e.date_start <= '$((year + 1))-12-31' ORDER BY e.date_start, e.id LIMIT 50"
search_sql="SELECT e.id, e.date_start, e.kind, e.headline FROM events_fts f JOIN events e ON e.rowid = f.rowid WHERE events_fts MATCH 'ceasefire' ORDER BY e.date_start, e.id LIMIT 50"

declare -a names=(
    "timeline: $year..$((year + 1)), fighting, $actor (SQL page)"
    "search: ceasefire (SQL page)"
    "event row page"
    "actor row page: $actor"
    "/events.json"
)
declare -a paths=(
    "/$name?sql=$(urlencode "$timeline_sql")"
    "/$name?sql=$(urlencode "$search_sql")"
    "/$name/events/$event"
    "/$name/actors/$actor_rowid"
    "/$name/events.json"
)

echo "Datasette $(${DATASETTE:-datasette} --version | awk '{print $NF}') on $db: $events events; $secs s per URL, $conns connections, wrk -t2"
echo
echo "| events | question | requests/s | p50 | p99 | errors (non-2xx/socket) |"
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
