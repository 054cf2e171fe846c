#!/usr/bin/env bash
# Costly queries against a running build: benches/costly.sh DB [PORT]
#
# Serves DB read-only with the release binary, response cache off, then sends 16
# costly requests at once (4 rounds over: a search for a common prefix as CSV, two
# kinds on the timeline, a search on the timeline, eight actors) and, while they run,
# an ordinary uncached page (an actor page, a different address each time) every
# 0.5 s. Prints each costly request's status and time, the ordinary page's
# latencies, and the server's CPU use in the 5 s after the costly ones ended (it
# must be idle: no statement left running). Exits 1 if an ordinary page took 1 s or
# more or failed, or a costly one ran past the 30 s request limit.
set -euo pipefail

db=${1:?usage: benches/costly.sh DB [PORT]}
port=${2:-18282}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-${CARGO_TARGET_DIR:-$root/target}/release/conflict-timeline}
[ -x "$bin" ] || { echo "build it first: cargo build --release" >&2; exit 2; }

CONFLICT_TIMELINE_CACHE_MB=0 "$bin" serve --db "$db" --read-only --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fso /dev/null "http://127.0.0.1:$port/static/style.css" && break; sleep 0.2; done
base="http://127.0.0.1:$port"
actors=$(curl -fs "$base/api/actors" | python3 -c 'import json,sys; d=json.load(sys.stdin); a=d if isinstance(d,list) else d.get("actors",[]); print(" ".join(x["slug"] for x in a[:8]))')
eight=$(for a in $actors; do printf 'actor=%s&' "$a"; done)
first=$(echo "$actors" | cut -d' ' -f1)
costly=(
  "/api/events.csv?q=ceas"
  "/?kind=talks&kind=ceasefire"
  "/?q=forces+border"
  "/?${eight}dates=all"
)
out=$(mktemp -d)
for round in 1 2 3 4; do
  for i in "${!costly[@]}"; do
    url="${costly[$i]}&r=$round"
    curl -so /dev/null -m 40 -w "%{http_code} %{time_total} $url\n" "$base$url" >"$out/costly-$round-$i" &
  done
done
fail=0
: >"$out/ordinary"
for n in $(seq 40); do
  t=$(curl -so /dev/null -m 5 -w '%{http_code} %{time_total}' "$base/actors/$first?n=$n" || echo "000 5")
  echo "$t" >>"$out/ordinary"
  read -r code secs <<<"$t"
  if [ "$code" != 200 ] || awk "BEGIN {exit !($secs >= 1)}"; then fail=1; fi
  sleep 0.5
  [ "$(jobs -r | wc -l)" -le 1 ] && break
done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
echo "costly requests (status, seconds, address):"
cat "$out"/costly-* | sort -k2 -n
if awk '$2 >= 30 {bad=1} END {exit !bad}' "$out"/costly-*; then fail=1; fi
echo "ordinary page during them:"
sort -k2 -n "$out/ordinary" | awk '{a[NR]=$2; s[NR]=$1} END {printf "  %d requests, latency min %.0f ms, median %.0f ms, max %.0f ms\n", NR, a[1]*1000, a[int((NR+1)/2)]*1000, a[NR]*1000}'
grep -vc '^200 ' "$out/ordinary" | sed 's/^/  not 200: /' || true
ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
before=$(ticks); sleep 5; after=$(ticks)
echo "server CPU in the 5 s after: $(( (after - before) * 10 )) ms"
exit $fail
