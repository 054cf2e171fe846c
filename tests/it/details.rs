//! Small promises a first user checks: the ingest summary counts what the database
//! holds, the progress count moves through a single large file, both CSV exports
//! have the same columns, a compound is found however it is spelt, and a count of
//! one reads in the singular.

use crate::helpers::{get, ingest_into, seeds};
use axum::http::StatusCode;
use conflict_timeline::extract::Resources;
use conflict_timeline::ingest;
use conflict_timeline::store::{EventFilter, Store};
use std::path::Path;
use std::sync::Mutex;

async fn count(store: &Store, sql: &'static str) -> usize {
    let n: i64 = sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap();
    n as usize
}

#[tokio::test]
async fn the_ingest_summary_counts_what_the_database_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (store, summary) = ingest_into(&dir.path().join("s.db"), &[seeds()]).await;
    let events = count(&store, "SELECT COUNT(*) FROM events").await;
    let reports = count(&store, "SELECT COUNT(*) FROM reports").await;
    assert_eq!(
        (
            summary.events_new,
            summary.events_gone,
            summary.events_total,
            summary.reports_total
        ),
        (events, 0, events, reports),
        "{summary}"
    );
    assert!(
        reports > events,
        "the samples merge some reports: {summary}"
    );
    let line = summary.to_string();
    assert!(
        line.contains(&format!(
            "events: {events} new, 0 gone, {events} in the database"
        )),
        "{line}"
    );

    let res = Resources::embedded().unwrap();
    let again = ingest::ingest(&store, &res, &[seeds()], &|_, _| {})
        .await
        .unwrap();
    assert_eq!(
        (again.events_new, again.events_gone, again.events_total),
        (0, 0, events)
    );
}

#[tokio::test]
async fn progress_counts_bytes_through_one_large_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.jsonl");
    let lines: Vec<String> = (0..5)
        .map(|i| {
            serde_json::json!({"id": format!("r{i}"), "published": "2020-10-24",
                "text": format!("Report {i}: talks were held in Moscow on Friday.")})
            .to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    let seen = Mutex::new(Vec::new());
    let store = Store::open(&dir.path().join("p.db")).await.unwrap();
    let res = Resources::embedded().unwrap();
    ingest::ingest(&store, &res, &[file], &|done, total| {
        seen.lock().unwrap().push((done, total))
    })
    .await
    .unwrap();
    let seen = seen.into_inner().unwrap();
    assert!(seen.iter().all(|&(_, total)| total == size), "{seen:?}");
    assert_eq!(seen.last().map(|s| s.0), Some(size));
    // One file, yet the count moved record by record before it was done.
    let before_end: Vec<u64> = seen
        .iter()
        .map(|s| s.0)
        .filter(|&d| d > 0 && d < size)
        .collect();
    assert!(before_end.len() >= 4, "{seen:?}");
    assert!(before_end.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
}

#[tokio::test]
async fn both_csv_exports_have_the_same_columns_and_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = ingest_into(&dir.path().join("c.db"), &[seeds()]).await;
    let mut cli = Vec::new();
    store
        .export()
        .await
        .unwrap()
        .write_csv(&mut cli, conflict_timeline::web::event_url)
        .unwrap();
    let app = conflict_timeline::web::router(store);
    let api = get(&app, "/api/events.csv").await;
    assert_eq!(api.status, StatusCode::OK);
    let rows = |text: &[u8]| -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(text)
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let header = |text: &[u8]| csv::Reader::from_reader(text).headers().unwrap().clone();
    assert_eq!(header(&cli), header(api.body.as_bytes()));
    assert!(header(&cli).iter().any(|c| c == "killed"));
    let by_id = |rows: Vec<csv::StringRecord>| {
        let mut rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                // id, url, kind, date, killed, wounded: what both must agree on.
                [0, 1, 2, 5, 14, 15]
                    .iter()
                    .map(|&i| r[i].to_string())
                    .collect()
            })
            .collect();
        rows.sort();
        rows
    };
    let (cli, api) = (by_id(rows(&cli)), by_id(rows(api.body.as_bytes())));
    assert_eq!(cli, api);
    assert!(
        cli.iter().any(|r| !r[4].is_empty()),
        "some event has a death toll"
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[tokio::test]
async fn ceasefire_cease_fire_and_cease_hyphen_fire_are_one_word_to_search() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write(
        &input,
        "h.txt",
        "date 2020-10-14\nAzerbaijani forces shelled Hadrut on October 12 despite the cease-fire, Armenia said.\n",
    );
    write(
        &input,
        "s.txt",
        "date 2020-10-14\nAzerbaijani forces shelled Shusha on October 12. The attack ended a cease fire.\n",
    );
    write(
        &input,
        "m.txt",
        "date 2020-10-14\nAzerbaijani forces shelled Martakert on October 13 despite the ceasefire, Armenia said.\n",
    );
    let (store, _) = ingest_into(&dir.path().join("q.db"), &[input]).await;
    let places = async |q: &str| {
        let filter = EventFilter {
            text: Some(q.to_string()),
            ..EventFilter::default()
        };
        let mut places: Vec<String> = store
            .list_events(&filter)
            .await
            .unwrap()
            .events
            .iter()
            .filter_map(|e| e.place.as_ref().map(|p| p.slug.to_string()))
            .collect();
        places.sort();
        places.dedup();
        places
    };
    let all = vec!["hadrut", "martakert", "shusha"];
    for q in [
        "ceasefire",
        "cease-fire",
        "cease fire",
        "Cease-Fire shelled",
    ] {
        assert_eq!(places(q).await, all, "{q}");
    }
    assert_eq!(places("cease hadrut").await, vec!["hadrut"]);
}

#[tokio::test]
async fn a_breach_one_day_later_reads_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write(
        &input,
        "cf.txt",
        "date 2020-10-12\nArmenia and Azerbaijan agreed a humanitarian ceasefire in Nagorno-Karabakh on October 10, after two weeks of fighting.\n\nAzerbaijan violated the ceasefire on October 11, Armenia said.\n",
    );
    let (store, _) = ingest_into(&dir.path().join("b.db"), &[input]).await;
    let app = conflict_timeline::web::router(store);
    let page = get(&app, "/?from=2020-10-01&to=2020-10-31").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("first reported breach 1 day later"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("1 days"));
}
