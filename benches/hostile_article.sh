#!/usr/bin/env bash
# The hostile article at full size: generates a 15.8 MB article that repeats one
# event sentence (~385,000 times, under the 16 MiB per-file cap), ingests it with the
# release binary under `/usr/bin/time -v` (peak RSS), serves the database and fetches
# every page of the article (following its "next" links, no JavaScript), the first
# event page it links to, the article list, the timeline and the first API page,
# and fails unless the ingest stays under MAX_RSS_MB and every page under MAX_PAGE_BYTES.
#
#   nice benches/hostile_article.sh [PORT]        (default 8791)
#
# Environment: BIN (default target/release/conflict-timeline), MAX_RSS_MB (300),
# MAX_PAGE_BYTES (2000000), SENTENCE (the repeated sentence), KEEP=1 keeps the folder.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${1:-8791}
bin=${BIN:-target/release/conflict-timeline}
max_rss_mb=${MAX_RSS_MB:-300}
max_page=${MAX_PAGE_BYTES:-2000000}
sentence=${SENTENCE:-"Armenian forces shelled Tartar on 3 May. "}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

mkdir "$work/in"
times=$((15800000 / ${#sentence}))
{
    printf -- '---\ntitle: One sentence again and again\npublished: 2020-05-04\n---\n'
    awk -v s="$sentence" -v n="$times" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s; print "" }'
} >"$work/in/hostile.txt"
echo "article: $(stat -c %s "$work/in/hostile.txt") bytes, \"$sentence\" $times times"

/usr/bin/time -v "$bin" ingest --quiet --db "$work/h.db" "$work/in" \
    >"$work/ingest.out" 2>"$work/ingest.err"
cat "$work/ingest.out"
grep -v '^\s' "$work/ingest.err" || true
rss_kb=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$work/ingest.err")
wall=$(sed -n 's/.*Elapsed (wall clock).*: //p' "$work/ingest.err")
echo "ingest: peak RSS $((rss_kb / 1024)) MB, wall $wall"
fail=0
if [ "$((rss_kb / 1024))" -gt "$max_rss_mb" ]; then
    echo "FAIL: ingest peak RSS over $max_rss_mb MB" >&2
    fail=1
fi

"$bin" serve --read-only --db "$work/h.db" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 600); do
    curl -fs -o /dev/null "$base/api/events?limit=1" && break
    sleep 0.1
done

largest=0
pages=0
check() { # PATH
    local size status
    read -r status size < <(curl -s -o "$work/page" -w '%{http_code} %{size_download}\n' "$base$1")
    pages=$((pages + 1))
    if [ "$size" -gt "$largest" ]; then largest=$size; fi
    if [ "$status" != 200 ]; then
        echo "FAIL: HTTP $status for $1" >&2
        fail=1
    fi
    if [ "$size" -gt "$max_page" ]; then
        echo "FAIL: $1 is $size bytes (over $max_page)" >&2
        fail=1
    fi
}

# Every page of the article, by its "next" links, as a reader without JavaScript.
path="/article?key=hostile.txt"
article_pages=0
while [ -n "$path" ]; do
    check "$path"
    article_pages=$((article_pages + 1))
    if [ "$article_pages" = 1 ]; then cp "$work/page" "$work/first"; fi
    path=$(grep -o '<a rel="next" href="[^"]*"' "$work/page" | awk 'NR == 1' | sed 's/.*href="\([^"]*\)"/\1/; s/&amp;/\&/g' || true)
    if [ "$article_pages" -gt 5000 ]; then
        echo "FAIL: more than 5000 article pages; the next links loop" >&2
        fail=1
        break
    fi
done
echo "article: $article_pages pages"
event=$(grep -m1 -o 'href="/events/[^"#]*"' "$work/first" | awk 'NR == 1' | sed 's/href="\(.*\)"/\1/')
for p in "$event" "/articles" "/" "/api/events" "/api/events.csv"; do
    [ -n "$p" ] && check "$p"
done
echo "pages fetched: $pages, largest $largest bytes (limit $max_page)"
echo "server RSS after: $(awk '/^VmHWM/ {print $2, $3}' "/proc/$server/status") peak"
exit "$fail"
