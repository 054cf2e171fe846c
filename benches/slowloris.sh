#!/usr/bin/env bash
# Slow-client attack on a running build: benches/slowloris.sh DB [CONNECTIONS] [SECONDS] [PORT]
#
# Serves DB read-only with the release binary on loopback, then holds CONNECTIONS
# (default 20,000) connections that each send a request line and then one header
# line every 10 s, never finishing the request (slowloris); a connection the server
# closes is opened again at once, so the pressure stays for SECONDS (default 60).
# Meanwhile an ordinary client asks for `/` once a second. Printed: the ordinary
# request's latencies (and any failure), the server's RSS during the attack and
# 60 s after it, and how many slow connections the server closed.
# Exits 1 if an ordinary request failed or took 1 s or more, or the server died.
set -euo pipefail

db=${1:?usage: benches/slowloris.sh DB [CONNECTIONS] [SECONDS] [PORT]}
conns=${2:-20000}
seconds=${3:-60}
port=${4:-18181}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-${CARGO_TARGET_DIR:-$root/target}/release/conflict-timeline}
[ -x "$bin" ] || { echo "build it first: cargo build --release" >&2; exit 2; }

# The attackers need a descriptor per connection, in four processes.
ulimit -n "$(ulimit -Hn)"
log=$(mktemp)
# Extra server environment (e.g. MALLOC_ARENA_MAX=1) can come in SERVER_ENV.
env ${SERVER_ENV:-} "$bin" serve --db "$db" --read-only --addr "127.0.0.1:$port" 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fso /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }
echo "server pid $server, RSS at start $(rss) MB, open-file limit $(awk '/Max open files/ {print $4}' /proc/$server/limits)"

attack=$(mktemp)
cat >"$attack" <<'PY'
import asyncio, sys, time
port, n, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
closed = 0
async def one(end):
    global closed
    while time.monotonic() < end:
        try:
            r, w = await asyncio.open_connection("127.0.0.1", port)
            w.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
            await w.drain()
            while time.monotonic() < end:
                try:
                    if await asyncio.wait_for(r.read(1024), 10) == b"":
                        break
                except asyncio.TimeoutError:
                    w.write(b"X-a: b\r\n")
                    await w.drain()
            closed += 1
            w.close()
        except OSError:
            await asyncio.sleep(0.5)
async def main():
    end = time.monotonic() + seconds
    await asyncio.gather(*(one(end) for _ in range(n)))
    print(f"closed by the server: {closed}", flush=True)
asyncio.run(main())
PY
per=$(( conns / 4 ))
for _ in 1 2 3 4; do python3 "$attack" "$port" "$per" "$seconds" & done
sleep 5
fail=0
times=$(mktemp)
echo "during the attack (${conns} slow connections):"
for i in $(seq $(( seconds - 10 ))); do
  t=$(curl -so /dev/null -m 5 -w '%{http_code} %{time_total}' "http://127.0.0.1:$port/?q=talks&i=$i" || echo "000 5")
  read -r code secs <<<"$t"
  echo "$secs" >>"$times"
  if [ "$code" != 200 ] || awk "BEGIN {exit !($secs >= 1)}"; then fail=1; fi
  [ $(( i % 5 )) = 0 ] && echo "  t=${i}s ordinary request: $code in ${secs}s, server RSS $(rss) MB, server fds $(ls /proc/$server/fd | wc -l)"
  sleep 1
done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
sort -n "$times" | awk '{a[NR]=$1} END {printf "ordinary requests: %d, latency min %.0f ms, median %.0f ms, max %.0f ms\n", NR, a[1]*1000, a[int((NR+1)/2)]*1000, a[NR]*1000}'
echo "attack over: RSS $(rss) MB"
sleep 60
echo "60 s after: RSS $(rss) MB, server fds $(ls /proc/$server/fd | wc -l)"
kill -0 $server || { echo "the server died" >&2; fail=1; }
grep -c "cannot accept" "$log" | sed 's/^/accept errors logged: /' || true
exit $fail
