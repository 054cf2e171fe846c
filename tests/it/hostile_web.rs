//! Attacks on the running site rather than on its input files: forged hosts, slow
//! clients, costly queries, odd paths and parameters. Each test drives the real
//! router (over TCP where the connection layer matters) on the sample articles.

use crate::helpers::{get, seeded_store};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The body of `GET uri` sent with extra `headers`, through `app`.
async fn get_with(app: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// The first event's page address.
async fn first_event(app: &axum::Router) -> String {
    let events = get(app, "/api/events?limit=1").await.json();
    let id = events["events"][0]["id"]
        .as_str()
        .expect("an event")
        .to_string();
    format!("/events/{id}")
}

#[tokio::test]
async fn a_forged_host_never_reaches_a_page_or_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(&dir.path().join("h.db")).await;
    let poison = [
        (header::HOST.as_str(), "evil.example"),
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "https"),
        ("forwarded", "host=evil.example;proto=https"),
    ];
    // Without --base-url: root-relative; with it: the configured origin only.
    let plain = conflict_timeline::web::router(store.clone());
    let base = "https://timeline.example".parse().unwrap();
    let configured = conflict_timeline::web::site_router(
        store,
        conflict_timeline::web::SiteOptions {
            base_url: Some(base),
            ..Default::default()
        },
    );
    for (app, expected) in [
        (&plain, "\"/events/"),
        (&configured, "\"https://timeline.example/events/"),
    ] {
        let page = first_event(app).await;
        for uri in [page.as_str(), "/", "/articles", "/actors"] {
            let (status, poisoned) = get_with(app, uri, &poison).await;
            // The second, ordinary request may be answered from the cache.
            let (_, after) =
                get_with(app, uri, &[(header::HOST.as_str(), "timeline.example")]).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            for body in [&poisoned, &after] {
                assert!(
                    !body.contains("evil.example"),
                    "{uri} carries the forged host"
                );
            }
        }
        let (_, body) = get_with(app, &page, &poison).await;
        let canonical = format!("<link rel=\"canonical\" href={expected}");
        assert!(body.contains(&canonical), "no {canonical} in {page}");
        assert!(body.contains(&format!("<meta property=\"og:url\" content={expected}")));
    }
}

/// The sample site served over TCP on a free loopback port under `limits`, until
/// the test ends.
async fn serve_over_tcp(
    dir: &std::path::Path,
    limits: conflict_timeline::web::Limits,
) -> std::net::SocketAddr {
    let store = seeded_store(&dir.join("tcp.db")).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = conflict_timeline::web::router(store);
    tokio::spawn(conflict_timeline::web::serve_with(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    addr
}

/// True when the server closes `stream` within `within` (end of file or a reset).
async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            // A 408 or other answer may come first; the close follows.
            Ok(Ok(_)) => continue,
        }
    }
}

/// Sends one whole request for `path` and reads the answer's status line.
async fn ordinary_request(addr: std::net::SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer);
    text.lines().next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn slow_clients_are_closed_and_cannot_crowd_out_a_visitor() {
    use tokio::io::AsyncWriteExt;
    let dir = tempfile::tempdir().unwrap();
    let limits = conflict_timeline::web::Limits {
        header_timeout: Duration::from_secs(2),
        max_connections: 64,
    };
    let addr = serve_over_tcp(dir.path(), limits).await;
    // 300 clients: a request line and one header, then nothing (slowloris); and a
    // few that send nothing at all.
    let mut slow = Vec::new();
    for i in 0..300 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        if i % 10 != 0 {
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
                .await
                .unwrap();
        }
        slow.push(stream);
    }
    // A visitor still gets the page, at once: only the cap is held by the crowd.
    let started = Instant::now();
    let status = tokio::time::timeout(Duration::from_secs(5), ordinary_request(addr, "/"))
        .await
        .expect("an ordinary request is answered while 300 slow clients wait");
    assert!(status.contains(" 200 "), "{status}");
    let waited = started.elapsed();
    // Every slow connection is closed: pushed out by the cap, or by the header
    // timeout. Nothing answers them for ever.
    let mut still_open = 0;
    for stream in &mut slow {
        if !closed_within(stream, Duration::from_secs(6)).await {
            still_open += 1;
        }
    }
    assert_eq!(still_open, 0, "slow connections left open");
    assert!(
        waited < Duration::from_secs(2),
        "the visitor waited {waited:?}"
    );
}

/// A database of odd but valid articles: a JSONL record whose id is `..`, one whose
/// outlet holds a right-to-left override, one with a 100 KB title.
async fn odd_articles(dir: &std::path::Path) -> axum::Router {
    let long_title = "Talks".repeat(20_000);
    let records = [
        serde_json::json!({"id": "..", "title": "Dot dot", "text": "Talks were held in Geneva on 3 March 2021."}),
        serde_json::json!({"id": "rlo", "title": "Override", "source": "\u{202E}evil outlet",
            "text": "Fighting broke out in Stepanakert on 5 March 2021."}),
        serde_json::json!({"id": "long", "title": long_title,
            "text": "A ceasefire took effect in Baku on 7 March 2021."}),
    ];
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    let input = dir.join("odd.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap();
    let (store, _) = crate::helpers::ingest_into(&dir.join("odd.db"), &[input]).await;
    conflict_timeline::web::router(store)
}

#[tokio::test]
async fn odd_keys_titles_and_paths_are_served_safely() {
    let dir = tempfile::tempdir().unwrap();
    let app = odd_articles(dir.path()).await;
    let list = get(&app, "/articles").await;
    assert_eq!(list.status, StatusCode::OK);
    // The `..` article is linked where a browser can follow the link, and opens.
    assert!(
        list.body.contains("href=\"/article?key=%2E%2E\""),
        "{}",
        &list.body[..2000]
    );
    let dots = get(&app, "/article?key=%2E%2E").await;
    assert_eq!(dots.status, StatusCode::OK);
    assert!(dots.body.contains("Dot dot"));
    // The override stays inside its own isolate, and the 100 KB title is cut.
    assert!(list.body.contains("<bdi>\u{202E}evil outlet</bdi>"));
    assert!(
        list.body.len() < 50_000,
        "the list is {} bytes",
        list.body.len()
    );
    assert!(!list.body.contains(&"Talks".repeat(100)));
    // Invalid UTF-8 in a path: the site's own page (JSON under /api/), not plain text.
    for uri in [
        "/events/%FF",
        "/articles/%C3%28",
        "/actors/%FF%FE",
        "/places/%80",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            answer.header(header::CONTENT_TYPE).starts_with("text/html"),
            "{uri}"
        );
        assert!(
            answer.body.contains("cannot be read"),
            "{uri}: {}",
            answer.body
        );
    }
    let api = get(&app, "/api/events/%FF").await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.json()["ok"], false);
    // `limit=+5` is not a page size.
    let plus = get(&app, "/api/events?limit=+5").await;
    assert_eq!(plus.status, StatusCode::BAD_REQUEST);
    assert!(plus.json()["error"].as_str().unwrap().starts_with("limit:"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_costly_query_stops_at_its_deadline_while_pages_still_answer() {
    use conflict_timeline::store::{StoreError, with_deadline};
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(&dir.path().join("b.db")).await;
    let app = conflict_timeline::web::router(store.clone());
    // A statement that would never end on its own.
    let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) \
                   SELECT count(*) FROM n";
    let costly = {
        let store = store.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let deadline = std::time::Instant::now() + Duration::from_millis(500);
            let result: Result<i64, sqlx::Error> = with_deadline(
                deadline,
                sqlx::query_scalar(endless).fetch_one(store.pool()),
            )
            .await;
            (result, started.elapsed())
        })
    };
    // Meanwhile an ordinary page answers.
    let page = get(&app, "/actors").await;
    assert_eq!(page.status, StatusCode::OK);
    let (result, took) = tokio::time::timeout(Duration::from_secs(20), costly)
        .await
        .expect("the endless statement was not stopped")
        .unwrap();
    let error = StoreError::from(result.expect_err("interrupted"));
    assert!(error.is_over_budget(), "{error}");
    assert!(took < Duration::from_secs(3), "stopped after {took:?}");
    // The interrupted connection goes back to work.
    assert_eq!(
        get(&app, "/api/events?limit=1").await.status,
        StatusCode::OK
    );

    // Through the site: a request whose budget is spent gets a clear 503 (JSON
    // under /api/), not a 500 and not the 30 s time limit.
    let spent = conflict_timeline::web::site_router(
        store,
        conflict_timeline::web::SiteOptions {
            query_budget: Duration::ZERO,
            ..Default::default()
        },
    );
    let page = get(&spent, "/?q=talks").await;
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("needs more work than one request may take")
    );
    let api = get(&spent, "/api/events.csv?q=talks").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.json()["status"], 503);
}

#[tokio::test]
async fn an_article_repeating_one_sentence_gives_a_bounded_event_page() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Azerbaijani forces shelled Stepanakert on 5 March 2021. ".repeat(300);
    let record = serde_json::json!({"id": "same", "title": "Same", "text": text});
    let input = dir.path().join("same.jsonl");
    std::fs::write(&input, record.to_string()).unwrap();
    let (store, _) = crate::helpers::ingest_into(&dir.path().join("s.db"), &[input]).await;
    let app = conflict_timeline::web::router(store);
    let page = first_event(&app).await;
    let body = get(&app, &page).await.body;
    let quotes = body.matches("<blockquote").count();
    assert!(quotes <= 20, "{quotes} quotes on one page");
    assert!(body.contains("more sentences of this article</a> tell of this event"));
}
