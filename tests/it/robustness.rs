//! Robustness: the ingest survives SIGKILL at random moments without leaving a
//! half-ingested article; the site keeps answering (never 5xx) during an ingest and
//! under hostile query strings; article text full of XSS payloads comes out escaped;
//! oversized requests (URI, headers, query parameters) get a 4xx that says why; a
//! shutdown signal lets the request in flight finish and the binary exit 0 on SIGTERM
//! and SIGINT; and the three parsers fed by outsiders (article reader, temporal normalizer,
//! query-string filter) never panic on seeded random input (the bounded twins of the
//! cargo-fuzz targets in fuzz/).

use crate::helpers::get;
use conflict_timeline::extract::Resources;
use conflict_timeline::extract::timex::{self, Tense};
use conflict_timeline::ingest::{self, read};
use conflict_timeline::store::Store;
use conflict_timeline::web;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A seeded generator, so every failure can be replayed.
struct Rng(fastrand::Rng);
impl Rng {
    fn seeded(seed: u64) -> Self {
        Rng(fastrand::Rng::with_seed(seed))
    }
    fn next(&mut self) -> u64 {
        self.0.u64(..)
    }
    fn below(&mut self, n: usize) -> usize {
        self.0.usize(..n)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "Armenia",
    "Azerbaijan",
    "held",
    "talks",
    "in",
    "Moscow",
    "on",
    "Friday",
    "Shelling",
    "hit",
    "Stepanakert",
    "Sunday",
    "ceasefire",
    "12",
    "people",
    "were",
    "killed",
    "said",
    "denied",
    "October",
    "2020",
    "Sept.",
    "31",
    "February",
    "30",
    "99999",
    "1987",
    "last",
    "week",
    "yesterday",
    "the",
    "1990s",
    "morning",
    "night",
    "of",
    "10/12/2020",
    "Iraqi",
    "Iranian",
    "forces",
    "clashed",
    "near",
    "Basra",
    "\"",
    "(",
    ")",
    ".",
    ",",
    "!",
    "?",
    "-",
    "--",
    "'",
    "é",
    "\u{202e}",
    "\u{0301}",
    "ش",
    "👨‍👩‍👧",
    "\r\n",
    "\n",
    "\r",
    "---",
    ":",
    "<script>",
    "%",
    "&",
    "=",
    "+",
    "#",
    "\u{0}",
    "\u{feff}",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for _ in 0..words {
        s.push_str(rng.pick(WORDS));
        if rng.below(3) > 0 {
            s.push(' ');
        }
    }
    s
}

fn random_bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| rng.next() as u8).collect()
}

// ---------------------------------------------------------------------------
// Property tests (bounded fuzzing)
// ---------------------------------------------------------------------------

#[test]
fn the_article_reader_never_panics() {
    let mut rng = Rng::seeded(0x5eed_0001);
    for i in 0..3000 {
        let bytes = match i % 4 {
            0 => {
                let n = rng.below(300);
                random_bytes(&mut rng, n)
            }
            1 => {
                let n = rng.below(6);
                format!(
                    "---\ntitle: {}\npublished: {}\n{}: {}\n---\n{}",
                    sentence(&mut rng, 3),
                    rng.pick(&[
                        "2020-10-12",
                        "2020-02-30",
                        "99999-01-01",
                        "é",
                        "",
                        "2020-10-12T"
                    ]),
                    rng.pick(&["mood", "date", "url", "", "#x"]),
                    sentence(&mut rng, 2),
                    sentence(&mut rng, n * 5)
                )
                .into_bytes()
            }
            2 => {
                let mut s = String::new();
                for _ in 0..rng.below(5) {
                    s.push_str(&format!(
                        "{{\"id\": {}, \"text\": \"{}\", \"published\": \"{}\"}}\n",
                        rng.pick(&["1", "\"a\"", "null", "[]", "1.5e400", "\"\""]),
                        sentence(&mut rng, 6).replace(['"', '\\'], ""),
                        rng.pick(&["2020-10-12", "x", "", "2020-1é-1"]),
                    ));
                }
                let mut b = s.into_bytes();
                if !b.is_empty() && rng.below(3) == 0 {
                    let at = rng.below(b.len());
                    b[at] = rng.next() as u8;
                }
                b
            }
            _ => {
                let mut b = sentence(&mut rng, 20).into_bytes();
                if rng.below(2) == 0 {
                    b.splice(0..0, [0xFF, 0xFE]);
                }
                b
            }
        };
        let jsonl = i % 4 == 2 || rng.below(5) == 0;
        let (ok, bad) = read::read_bytes("k.txt", "k.txt", jsonl, &bytes);
        for r in &bad {
            assert!(!r.reason.is_empty());
        }
        for a in &ok {
            assert!(!a.text.contains('\r'), "line endings are normalized");
        }
    }
}

#[test]
fn the_temporal_normalizer_never_panics() {
    let mut rng = Rng::seeded(0x5eed_0002);
    let anchors = [
        None,
        Some(jiff::civil::date(2020, 10, 12)),
        Some(jiff::civil::date(-9999, 1, 1)),
        Some(jiff::civil::date(9999, 12, 31)),
    ];
    for _ in 0..3000 {
        let n = 1 + rng.below(25);
        let text = sentence(&mut rng, n);
        let start = rng.below(text.len() + 2);
        let end = start + rng.below(text.len() + 2);
        for t in timex::find(&text, start..end) {
            assert!(t.start <= t.end && t.end <= text.len());
            for anchor in anchors {
                for tense in [Tense::Past, Tense::Present, Tense::Future] {
                    let _ = timex::resolve(&t.reading, anchor, tense, None);
                }
            }
        }
    }
}

#[test]
fn the_query_string_parser_never_panics() {
    let mut rng = Rng::seeded(0x5eed_0003);
    let keys = [
        "from", "to", "kind", "actor", "place", "q", "after", "limit", "x", "", "%",
    ];
    let values = [
        "2020-10-12",
        "2020-02-30",
        "99999-01-01",
        "-0001-01-01",
        "talks",
        "fighting",
        "%FF%FE",
        "%",
        "%2",
        "é",
        "%E2%80%AE",
        "0",
        "-1",
        "4294967296",
        "1000000",
        "+",
        "&",
        "=",
        "",
        "Nagorno-Karabakh",
        "---",
        "a%00b",
        "eyJ9",
        "🇦🇲",
    ];
    for _ in 0..5000 {
        let mut q = String::new();
        for i in 0..rng.below(8) {
            if i > 0 {
                q.push('&');
            }
            q.push_str(rng.pick(&keys));
            if rng.below(6) > 0 {
                q.push('=');
                q.push_str(rng.pick(&values));
            }
        }
        let _ = web::filter_from_query(&q);
    }
    assert!(web::filter_from_query(&format!("q={}", "a".repeat(100_000))).is_err());
}

// ---------------------------------------------------------------------------
// The site under hostile requests, and XSS payloads in article text
// ---------------------------------------------------------------------------

const XSS_ARTICLE: &str = "---\ntitle: <script>alert('title')</script>\nsource: \"><img src=x onerror=alert(1)>\nurl: javascript:alert(document.cookie)\npublished: 2020-10-12\n---\n\
<script>alert('body')</script> Armenia and Azerbaijan held talks in Moscow on Friday. \
\"><img src=x onerror=alert(2)> Shelling hit Stepanakert on Sunday, Azerbaijan said, and 12 people were killed. \
</script><script>alert(3)</script> Shelling hit Stepanakert </script><!-- on Monday.\n";

async fn xss_store(dir: &Path) -> Store {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("xss.md"), XSS_ARTICLE).unwrap();
    std::fs::write(
        input.join("plain.txt"),
        "date 2021-05-10\nThe two foreign ministers met in Doha on Monday.\n",
    )
    .unwrap();
    let store = Store::open(&dir.join("t.db")).await.unwrap();
    let res = Resources::embedded().unwrap();
    ingest::ingest(&store, &res, &[input], &|_, _| {})
        .await
        .unwrap();
    store
}

#[tokio::test]
async fn xss_payloads_in_articles_come_out_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let store = xss_store(dir.path()).await;
    let event_ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM events")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(!event_ids.is_empty(), "the XSS article yields events");
    let app = web::router(store);
    let mut pages = vec![
        "/".to_string(),
        "/articles".into(),
        "/articles/xss.md".into(),
        "/actors".into(),
        "/places".into(),
        "/fragment/events".into(),
    ];
    pages.extend(event_ids.iter().map(|(id,)| format!("/events/{id}")));
    for page in &pages {
        let answer = get(&app, page).await;
        let (status, html) = (answer.status.as_u16(), answer.body);
        assert_eq!(status, 200, "{page}");
        for raw in [
            "<script>alert",
            "<img src=x",
            "href=\"javascript:",
            "<!-- on",
        ] {
            assert!(!html.contains(raw), "{page} contains raw {raw:?}");
        }
        // Every `</script` closes a script element we opened: none from the text
        // breaks out of the JSON-LD block.
        assert_eq!(
            html.matches("<script").count(),
            html.matches("</script").count(),
            "{page}: a </script> from the article text is not escaped"
        );
    }
}

#[tokio::test]
async fn hostile_requests_to_every_route_never_get_a_5xx() {
    let dir = tempfile::tempdir().unwrap();
    let store = xss_store(dir.path()).await;
    let (event,): (String,) = sqlx::query_as("SELECT id FROM events LIMIT 1")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let app = web::router(store);
    let routes = [
        "/".to_string(),
        "/fragment/events".into(),
        "/fragment/timeline".into(),
        format!("/events/{event}"),
        "/actors".into(),
        "/actors/armenia".into(),
        "/places".into(),
        "/places/stepanakert".into(),
        "/articles".into(),
        "/articles/xss.md".into(),
        "/api/events".into(),
        "/api/events.csv".into(),
        format!("/api/events/{event}"),
        "/api/actors".into(),
        "/api/places/stepanakert".into(),
        "/static/app.js".into(),
    ];
    let many_actors: String = (0..3000)
        .map(|i| format!("actor=a{i}"))
        .collect::<Vec<_>>()
        .join("&");
    let many_kinds = "kind=talks&".repeat(5000);
    let queries = [
        String::new(),
        "from=2020-13-45&to=0000-00-00".into(),
        format!("q={}", "%E2%80%AE".repeat(12_000)),
        format!("from={}", "9".repeat(100_000)),
        format!("x={}", "y".repeat(100_000)),
        many_actors,
        many_kinds,
        "place=%FF%FE&actor=%C0%AF".into(),
        "limit=-1&after=%00".into(),
        "limit=99999999999999999999".into(),
        "after=eyJkYXRlIjoiOTk5OTktMDEtMDEiLCJpZCI6IngifQ".into(),
        "from=2020-01-01&from=2020-01-02".into(),
        "q=%27%3B+DROP+TABLE+events%3B--&kind=fighting".into(),
        "q=%25_%5C&actor=%F0%9F%87%A6%F0%9F%87%B2".into(),
        "%=%&&&==&".into(),
        "from=2020-10-12&to=2020-10-11".into(),
    ];
    let mut failures = Vec::new();
    for route in &routes {
        for query in &queries {
            let uri = format!("{route}?{query}");
            let status = get(&app, &uri).await.status.as_u16();
            if status >= 500 {
                failures.push(format!("{status} {}", &uri[..uri.len().min(120)]));
            }
        }
    }
    let odd_paths = [
        format!("/events/{}", "x".repeat(100_000)),
        format!("/articles/{}", "%2F..%2F".repeat(1000)),
        "/articles/%FF%FE".into(),
        "/actors/%E2%80%AE%CC%81".into(),
        "/places/..%2F..%2Fetc%2Fpasswd".into(),
        "/static/../Cargo.toml".into(),
        "/static/%2e%2e/Cargo.toml".into(),
        "/api/events/%00".into(),
    ];
    for uri in &odd_paths {
        let answer = get(&app, uri).await;
        let (status, body) = (answer.status.as_u16(), answer.body);
        if status >= 500 {
            failures.push(format!("{status} {}", &uri[..uri.len().min(120)]));
        }
        assert!(
            !body.contains("[package]"),
            "{uri} leaks a file outside static/"
        );
    }
    assert!(failures.is_empty(), "5xx answers:\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Crash safety and ingest while serving
// ---------------------------------------------------------------------------

fn write_corpus(dir: &Path, articles: usize) -> PathBuf {
    let mut rng = Rng::seeded(0x5eed_0004);
    let places = ["Stepanakert", "Basra", "Moscow", "Geneva", "Doha"];
    let mut out = String::new();
    for i in 0..articles {
        let place = rng.pick(&places);
        let day = 1 + rng.below(28);
        let text = format!(
            "Shelling hit {place} on Sunday, officials said, and {} people were killed. \
             The foreign ministers held talks in {} on Friday.",
            1 + rng.below(40),
            rng.pick(&places)
        );
        out.push_str(
            &serde_json::json!({
                "id": format!("a{i:05}"),
                "published": format!("2020-{:02}-{day:02}", 1 + rng.below(12)),
                "text": text,
            })
            .to_string(),
        );
        out.push('\n');
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, out).unwrap();
    path
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_conflict-timeline"))
}

fn run_ingest(db: &Path, corpus: &Path) {
    let status = bin()
        .args(["ingest", "--quiet", "--db"])
        .arg(db)
        .arg(corpus)
        .status()
        .unwrap();
    assert!(status.success());
}

fn export(db: &Path) -> serde_json::Value {
    let out = bin()
        .args(["export", "--format", "json", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Ingest timestamps differ between runs; everything else must be identical.
    strip_keys(
        &mut v,
        &["ingested_at", "created_at", "exported_at", "generated_at"],
    );
    v
}

fn strip_keys(v: &mut serde_json::Value, keys: &[&str]) {
    match v {
        serde_json::Value::Object(map) => {
            for k in keys {
                map.remove(*k);
            }
            map.values_mut().for_each(|x| strip_keys(x, keys));
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|x| strip_keys(x, keys)),
        _ => {}
    }
}

async fn check_consistent(db: &Path) {
    let store = Store::open(db).await.unwrap();
    let one = |sql: &'static str| {
        let pool = store.pool().clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
            n
        }
    };
    let (ok,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(
        one("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.id)").await,
        0,
        "every event has at least one report"
    );
    assert_eq!(
        one("SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)").await,
        0,
        "no mention without its article"
    );
    assert_eq!(
        one("SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = r.article_id)").await,
        0,
        "every article with reports has its mentions"
    );
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkilled_ingests_leave_a_consistent_database_and_a_rerun_matches_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_corpus(dir.path(), 2000);
    let clean = dir.path().join("clean.db");
    let started = std::time::Instant::now();
    run_ingest(&clean, &corpus);
    let full = started.elapsed();
    let expected = export(&clean);

    let killed = dir.path().join("killed.db");
    let mut rng = Rng::seeded(0x5eed_0005);
    let mut kills = 0;
    for _ in 0..4 {
        let mut child = bin()
            .args(["ingest", "--quiet", "--db"])
            .arg(&killed)
            .arg(&corpus)
            .spawn()
            .unwrap();
        // Within the first half of a full run's time: mid-extraction or mid-batch.
        let wait_ms = 20 + rng.below((full.as_millis() as usize / 2).max(50));
        std::thread::sleep(Duration::from_millis(wait_ms as u64));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        check_consistent(&killed).await;
    }
    eprintln!("killed {kills} of 4 ingests (a full run takes {full:?})");
    assert!(
        kills >= 1,
        "no ingest was interrupted; the corpus is too small"
    );
    run_ingest(&killed, &corpus);
    check_consistent(&killed).await;
    assert_eq!(
        export(&killed),
        expected,
        "a resumed ingest ends where a clean one does"
    );
}

fn http_status(addr: std::net::SocketAddr, path: &str) -> u16 {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    std::str::from_utf8(&head[9..12]).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_site_answers_while_an_ingest_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let corpus = write_corpus(dir.path(), 1500);
    let store = Store::open(&db).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(listener, web::router(store)).into_future());

    let mut ingest = bin()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&corpus)
        .spawn()
        .unwrap();
    let paths = [
        "/",
        "/api/events?limit=50",
        "/articles",
        "/api/actors",
        "/places",
    ];
    let mut answered = 0;
    let statuses = tokio::task::spawn_blocking(move || {
        let mut seen = Vec::new();
        loop {
            for p in paths {
                seen.push((p, http_status(addr, p)));
            }
            if ingest.try_wait().unwrap().is_some() {
                assert!(ingest.wait().unwrap().success());
                return seen;
            }
        }
    })
    .await
    .unwrap();
    for (path, status) in &statuses {
        assert!(*status < 500, "{path} answered {status} during the ingest");
        answered += 1;
    }
    assert!(answered >= paths.len());
}

// ---------------------------------------------------------------------------
// Request limits and graceful shutdown
// ---------------------------------------------------------------------------

/// Sends `request` (a whole raw HTTP/1.1 request) and returns the status and the
/// rest of the answer (headers and body), read until the server closes.
fn raw_exchange(addr: std::net::SocketAddr, request: &[u8]) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    // hyper may answer and close before a huge request is fully sent: a write error
    // then is part of the refusal, and the answer is still there to read.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", &text[..text.len().min(200)]));
    (status, text)
}

fn get_with(path: &str, extra_headers: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{extra_headers}\r\n")
        .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_requests_get_a_4xx_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let store = xss_store(dir.path()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(listener, web::router(store)).into_future());

    let many_headers: String = (0..80).map(|i| format!("X-H{i}: v\r\n")).collect();
    let too_many_for_hyper: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    let many_params = "kind=talks&".repeat(300);
    // (request, expected status, words the explanation must hold; empty when the
    // answer comes from hyper itself, which sends no body)
    let cases: Vec<(String, Vec<u8>, u16, &str)> = vec![
        (
            "a 10 KB address".into(),
            get_with(&format!("/?q={}", "a".repeat(10_000)), ""),
            414,
            "accepts up to 8192",
        ),
        (
            "a 10 KB API address".into(),
            get_with(&format!("/api/events?q={}", "a".repeat(10_000)), ""),
            414,
            "\"ok\":false",
        ),
        (
            "a 70 KB address".into(),
            get_with(&format!("/?q={}", "a".repeat(70_000)), ""),
            414,
            "",
        ),
        (
            "a 1 MB address".into(),
            get_with(&format!("/?q={}", "a".repeat(1_000_000)), ""),
            431,
            "",
        ),
        (
            "300 query parameters".into(),
            get_with(&format!("/api/events?{many_params}"), ""),
            400,
            "300 query parameters",
        ),
        (
            "80 headers".into(),
            get_with("/", &many_headers),
            431,
            "82 headers; this site accepts up to 64",
        ),
        (
            "200 headers".into(),
            get_with("/", &too_many_for_hyper),
            431,
            "",
        ),
        (
            "a 20 KB header".into(),
            get_with("/", &format!("X-Big: {}\r\n", "b".repeat(20_000))),
            431,
            "accepts up to 16384",
        ),
        (
            "a 1 MB header".into(),
            get_with("/", &format!("X-Big: {}\r\n", "b".repeat(1_000_000))),
            431,
            "",
        ),
    ];
    for (what, request, expected, explanation) in cases {
        let (status, answer) = tokio::task::spawn_blocking(move || raw_exchange(addr, &request))
            .await
            .unwrap();
        assert_eq!(
            status,
            expected,
            "{what}: {}",
            &answer[..answer.len().min(300)]
        );
        assert!(
            answer.contains(explanation),
            "{what}: the answer does not say {explanation:?}: {}",
            &answer[..answer.len().min(600)]
        );
    }
    // Requests just under the limits are answered normally.
    let fine_params = "kind=talks&".repeat(200);
    let fine_headers: String = (0..40).map(|i| format!("X-H{i}: v\r\n")).collect();
    for request in [
        get_with(&format!("/static/style.css?v={}", "a".repeat(7_000)), ""),
        get_with(&format!("/api/events?{fine_params}"), ""),
        get_with("/", &fine_headers),
    ] {
        let (status, answer) = tokio::task::spawn_blocking(move || raw_exchange(addr, &request))
            .await
            .unwrap();
        let start = answer.find("\r\n\r\n").unwrap_or(0);
        assert_eq!(
            status,
            200,
            "{}",
            &answer[start..answer.len().min(start + 2000)]
        );
    }
}

/// A page that takes a while, to have a request in flight when the signal comes.
async fn slow_page() -> String {
    tokio::time::sleep(Duration::from_millis(1500)).await;
    "slow page, complete".repeat(10_000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_the_request_in_flight_finish_and_stops_accepting() {
    let dir = tempfile::tempdir().unwrap();
    let store = xss_store(dir.path()).await;
    let app =
        web::router(store).merge(axum::Router::new().route("/slow", axum::routing::get(slow_page)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (signal, on_signal) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(web::serve_until(listener, app, async move {
        let _ = on_signal.await;
    }));

    let in_flight = tokio::task::spawn_blocking(move || raw_exchange(addr, &get_with("/slow", "")));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let signalled = std::time::Instant::now();
    signal.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "a new connection was accepted after the shutdown signal"
    );
    let (status, answer) = in_flight.await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(answer.matches("slow page, complete").count(), 10_000);
    server.await.unwrap().unwrap();
    assert!(signalled.elapsed() < Duration::from_secs(10));
}

/// The real binary, stopped by SIGTERM or SIGINT (Ctrl-C) right after a request was
/// sent: the request is answered whole and the process exits 0.
#[test]
fn the_server_exits_cleanly_on_sigterm_and_sigint() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("site.db");
    let corpus = write_corpus(dir.path(), 300);
    run_ingest(&db, &corpus);
    for signal in ["TERM", "INT"] {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
        let mut server = bin()
            .args(["serve", "--read-only", "--addr", &addr.to_string(), "--db"])
            .arg(&db)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream.write_all(&get_with("/api/events.csv", "")).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &server.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "SIG{signal}: {answer:.200}"
        );
        // A complete answer: chunked bodies end with the zero-size chunk, others
        // carry their length.
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            assert!(body.ends_with("0\r\n\r\n"), "SIG{signal}: the body was cut");
        } else {
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .expect("a length");
            assert_eq!(body.len(), length, "SIG{signal}: the body was cut");
        }
        let status = server.wait().unwrap();
        assert!(status.success(), "SIG{signal}: exited with {status}");
    }
}
