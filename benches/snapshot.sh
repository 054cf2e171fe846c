#!/usr/bin/env bash
# Saves what the website, the API and the export answer for one database, so that a
# speed change can be checked to change nothing a reader or a client sees:
#
#   benches/snapshot.sh BIN DB OUTDIR [PORT]
#   diff -r OUTDIR_BEFORE OUTDIR_AFTER
#
# BIN is a conflict-timeline binary (e.g. one built from main). DB is only read; the
# script copies it first because opening it migrates it in place. Needs curl, sqlite3.
set -euo pipefail
bin=${1:?usage: benches/snapshot.sh BIN DB OUTDIR [PORT]}
src=${2:?database}
out=${3:?output folder}
port=${4:-8799}
base="http://127.0.0.1:$port"
mkdir -p "$out"
db="$out.db"
rm -f "$db" "$db-wal" "$db-shm"
cp "$src" "$db"

q() { sqlite3 "$db" "$1"; }
actor=$(q "SELECT a.slug FROM event_actors ea JOIN actors a ON a.id = ea.actor_id GROUP BY ea.actor_id ORDER BY COUNT(*) DESC, a.slug LIMIT 1")
actor2=$(q "SELECT a.slug FROM event_actors ea JOIN actors a ON a.id = ea.actor_id GROUP BY ea.actor_id ORDER BY COUNT(*) DESC, a.slug LIMIT 1 OFFSET 5")
person=$(q "SELECT slug FROM actors WHERE kind = 'person' AND affiliation IS NOT NULL ORDER BY slug LIMIT 1")
aff=$(q "SELECT affiliation FROM actors WHERE kind = 'person' AND affiliation IS NOT NULL ORDER BY slug LIMIT 1")
place=$(q "SELECT p.slug FROM events e JOIN places p ON p.id = e.place_id GROUP BY p.id ORDER BY COUNT(*) DESC, p.slug LIMIT 1")
cease=$(q "SELECT id FROM events WHERE kind = 'ceasefire' AND subtype IN ('agreed','brokered','declared') AND date_start IS NOT NULL ORDER BY date_start, id LIMIT 3")
fight=$(q "SELECT id FROM events WHERE kind = 'fighting' ORDER BY id LIMIT 3")
undated=$(q "SELECT id FROM events WHERE date_start IS NULL ORDER BY id LIMIT 1")
redirect=$(q "SELECT old_id FROM event_redirects ORDER BY old_id LIMIT 1")
article=$(q "SELECT replace(key, '/', '%2F') FROM articles ORDER BY key LIMIT 2")

paths=(
    "/" "/?from=2019-01-01&to=2020-12-31&kind=fighting&actor=$actor"
    "/?q=ceasefire" "/?q=ceasefire+talks&kind=talks" "/?kind=ceasefire" "/?place=$place"
    "/?actor=$actor&actor=$actor2" "/?from=2020-01-01" "/?to=2016-12-31&kind=talks"
    "/?from=2018-03-01&to=2018-03-31" "/?from=2021-01-01&to=2021-12-31&place=$place&limit=20"
    "/?actor=$person" "/?q=zzzznothing" "/?kind=fighting&kind=talks&from=2015-06-01"
    "/fragment/timeline?kind=fighting&actor=$actor" "/fragment/events?kind=talks&limit=10"
    "/actors" "/actors/$actor" "/actors/$aff" "/actors/$person" "/places" "/places/$place"
    "/articles" "/api/events" "/api/events?kind=ceasefire&from=2017-01-01&limit=100"
    "/api/events?q=ceasefire&limit=500" "/api/events.csv?actor=$actor" "/api/actors"
    "/api/places/$place"
)
for id in $cease $fight $undated $redirect; do
    paths+=("/events/$id" "/events/$id?kind=fighting&actor=$actor" "/api/events/$id")
done
for key in $article; do paths+=("/articles/$key"); done

"$bin" serve --db "$db" --addr "127.0.0.1:$port" >"$out.server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 200); do
    curl -fs -o /dev/null "$base/api/events?limit=1" && break
    sleep 0.1
done

# Page two and three of a few lists, through the `next` links the API gives.
for start in "/api/events?limit=50" "/api/events?kind=fighting&actor=$actor&limit=20"; do
    url="$start"
    for _ in 1 2; do
        next=$(curl -fs "$base$url" | sed -n 's/.*"next":"\([^"]*\)".*/\1/p')
        [ -n "$next" ] || break
        paths+=("$next" "${next/\/api\/events/\/}")
        url="$next"
    done
done

i=0
for p in "${paths[@]}"; do
    i=$((i + 1))
    curl -s -D "$out/$(printf %03d "$i").head" -o "$out/$(printf %03d "$i").body" "$base$p"
    echo "$(printf %03d "$i") $p" >>"$out/index"
done
kill "$server"
wait "$server" 2>/dev/null || true
# Headers that vary by run.
sed -i '/^date:/Id' "$out"/*.head
"$bin" export --format json --db "$db" >"$out/export.json"
"$bin" export --format csv --db "$db" >"$out/export.csv"
echo "$i pages saved in $out"
