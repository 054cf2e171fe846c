//! Bounded pages whatever the article: a long article repeating one event sentence
//! is cut at ingest (events, event sentences, bytes read) with a message naming the
//! file, and is shown in parts with previous and next links that work without
//! JavaScript; a sentence's link from its event page opens the part that shows it.
//! The full-size case (15.8 MB) is `benches/hostile_article.sh`.

use crate::helpers::get;
use axum::http::StatusCode;
use conflict_timeline::domain::calendar::MONTHS;

/// The `href` of the first `<a rel="REL" …>` in `body`, unescaped.
fn link(body: &str, rel: &str) -> Option<String> {
    let at = body.find(&format!("<a rel=\"{rel}\" href=\""))? + rel.len() + 16;
    let end = at + body[at..].find('"')?;
    Some(body[at..end].replace("&amp;", "&"))
}

#[tokio::test]
async fn a_long_repeated_article_is_capped_at_ingest_and_shown_in_bounded_parts() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "Azerbaijani forces shelled Stepanakert on 5 March 2021. ";
    let text = sentence.repeat(6_000);
    let input = dir.path().join("long.txt");
    std::fs::write(&input, format!("---\ntitle: Long\n---\n{text}\n")).unwrap();
    let (store, summary) = crate::helpers::ingest_into(&dir.path().join("s.db"), &[input]).await;
    assert_eq!(summary.capped.len(), 1, "{summary}");
    let message = summary.to_string();
    assert!(message.contains("long.txt: "), "{message}");
    assert!(
        message.contains("6000 event sentences found, 1 and 5000 kept"),
        "{message}"
    );
    let app = conflict_timeline::web::router(store);

    // Every part by its next links, as a reader without JavaScript would.
    let mut at = Some("/articles/long.txt".to_string());
    let mut parts = Vec::new();
    while let Some(path) = at {
        let page = get(&app, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.body.len() < 2_000_000,
            "{path}: {} bytes",
            page.body.len()
        );
        assert!(page.body.matches("<mark ").count() <= 200, "{path}");
        at = link(&page.body, "next");
        if !parts.is_empty() {
            assert!(
                link(&page.body, "prev").is_some(),
                "{path} has no previous link"
            );
        }
        parts.push((path, page.body));
        assert!(parts.len() < 10, "the next links loop");
    }
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[1].0, "/articles/long.txt?part=2");
    assert!(parts[0].1.contains("Part 1 of 3"));
    assert!(parts[0].1.contains("The article has 5000 event sentences"));
    // The parts together hold the whole text (they overlap at their edges).
    let shown: usize = parts
        .iter()
        .map(|(_, body)| body.matches("shelled Stepanakert").count())
        .sum();
    assert!(shown >= 6_000, "{shown} sentences shown");

    let bad = get(&app, "/articles/long.txt?part=0").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("part: "));
    let past = get(&app, "/articles/long.txt?part=4").await;
    assert_eq!(past.status, StatusCode::NOT_FOUND);
    assert!(past.body.contains("has 3 parts"));

    // A sentence past the first part is linked on the part that shows it.
    let mentions = get(&app, "/api/events?limit=1").await.json()["events"][0]["id"]
        .as_str()
        .map(str::to_string)
        .expect("an event");
    let event = get(&app, &format!("/api/events/{mentions}")).await.json();
    let urls: Vec<&str> = event["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter_map(|m| m["url"].as_str())
        .collect();
    let later = urls
        .iter()
        .find(|u| u.contains("?part=2#m-"))
        .expect("a sentence in part 2");
    let (page, anchor) = later.split_once('#').unwrap();
    assert!(
        get(&app, page)
            .await
            .body
            .contains(&format!("id=\"{anchor}\""))
    );
}

/// `n` JSON Lines articles, each reporting shelling on a different day.
fn many_events(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let day = i % 28 + 1;
            let month = MONTHS[(i / 28) % 12];
            let year = 1990 + i / (28 * 12);
            let text = format!(
                "Azerbaijani forces shelled Stepanakert on {day} {month} {year}. \
                 Armenian officials said {i} shells fell."
            );
            serde_json::json!({"id": format!("a{i}"), "title": format!("Shelling {i}"), "text": text})
                .to_string()
        })
        .collect();
    let path = dir.join("many.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[tokio::test]
async fn the_streamed_csv_export_is_byte_identical_to_the_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_events(dir.path(), 1_200);
    let (store, summary) = crate::helpers::ingest_into(&dir.path().join("m.db"), &[input]).await;
    // More than four pages of the stream (500 events each).
    assert!(summary.events_total > 2_000, "{summary}");
    let mut whole = Vec::new();
    store
        .export()
        .await
        .unwrap()
        .write_csv(&mut whole, conflict_timeline::web::event_url)
        .unwrap();
    let app = conflict_timeline::web::router(store);
    // Every event: 2 400, more than an export made whole in an ordinary turn may
    // hold, so streamed from the costly line.
    let streamed = get(&app, "/api/events.csv").await;
    assert_eq!(streamed.status, StatusCode::OK);
    assert_eq!(streamed.body.len(), whole.len());
    assert!(
        streamed.body.as_bytes() == whole.as_slice(),
        "the bytes differ"
    );
    assert_eq!(streamed.body.matches("id,url,kind").count(), 1);
    // Two years: ~1 300 events by the kept counts, so made whole (in three pages);
    // its rows are the whole export's rows of those years, in the same order.
    let years = get(&app, "/api/events.csv?from=1990-01-01&to=1991-12-31").await;
    assert_eq!(years.status, StatusCode::OK);
    let rows: Vec<&str> = years.body.lines().collect();
    assert!(rows.len() > 1_000 && rows.len() < 2_000, "{}", rows.len());
    let text = String::from_utf8(whole).unwrap();
    let mut all = text.lines();
    assert_eq!(all.next(), Some(rows[0]), "the header");
    for row in &rows[1..] {
        assert!(
            all.any(|r| r == *row),
            "{row} is not in the whole export in order"
        );
    }
}

/// The CLI's streamed exports (JSON and CSV) and the whole ones built in memory.
async fn exports_match(store: &conflict_timeline::store::Store) {
    let whole = store.export().await.unwrap();
    let mut json = serde_json::to_vec_pretty(&whole).unwrap();
    json.push(b'\n');
    let mut streamed = Vec::new();
    store.write_export_json(&mut streamed).await.unwrap();
    assert_eq!(streamed.len(), json.len());
    assert!(streamed == json, "the JSON bytes differ");
    let mut csv = Vec::new();
    whole
        .write_csv(&mut csv, conflict_timeline::web::event_url)
        .unwrap();
    let mut streamed = Vec::new();
    store
        .write_export_csv(&mut streamed, conflict_timeline::web::event_url)
        .await
        .unwrap();
    assert!(streamed == csv, "the CSV bytes differ");
}

#[tokio::test]
async fn the_streamed_cli_exports_are_byte_identical_to_the_whole_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (seeded, _) =
        crate::helpers::ingest_into(&dir.path().join("s.db"), &[crate::helpers::seeds()]).await;
    exports_match(&seeded).await;
    let input = many_events(dir.path(), 1_200);
    let (many, _) = crate::helpers::ingest_into(&dir.path().join("m.db"), &[input]).await;
    exports_match(&many).await;
    let (empty, _) = crate::helpers::ingest_into(&dir.path().join("e.db"), &[]).await;
    exports_match(&empty).await;
}
