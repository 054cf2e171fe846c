//! Permanent event URLs: the same articles ingested in any order give the same
//! events, ids and exports, byte for byte; an id that stops naming an event (two
//! events merged, an article replaced) answers 301 with the event that took its
//! reports.

use crate::helpers::{get, seeds};
use axum::http::{StatusCode, header};
use conflict_timeline::extract::Resources;
use conflict_timeline::ingest;
use conflict_timeline::store::Store;
use std::path::{Path, PathBuf};

/// Three reports of one ministers' meeting: two on different days and one dated
/// only to the month, which could join either. Taken one at a time, the month's
/// report joined whichever came first.
const CRAFTED: [(&str, &str); 3] = [
    (
        "m_a.txt",
        "date 2020-10-23\nUS Secretary of State Mike Pompeo met Azerbaijani Foreign Minister Jeyhun Bayramov in Washington on Friday to discuss the fighting in Nagorno-Karabakh, where shelling killed civilians this week.\n",
    ),
    (
        "m_b.txt",
        "date 2020-10-25\nUS Secretary of State Mike Pompeo met Azerbaijani Foreign Minister Jeyhun Bayramov again in Washington on Sunday, as fighting over Nagorno-Karabakh went on despite a ceasefire.\n",
    ),
    (
        "m_c.txt",
        "date 2020-11-02\nIn October, US Secretary of State Mike Pompeo met Azerbaijani Foreign Minister Jeyhun Bayramov in Washington about the war in Nagorno-Karabakh, where fighting continues.\n",
    ),
];

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The JSON and CSV exports, as `conflict-timeline export` writes them, of a new
/// database into which `order` was ingested one file at a time.
async fn exports_after(db: &Path, order: &[PathBuf]) -> (String, String) {
    let store = Store::open(db).await.unwrap();
    let res = Resources::embedded().unwrap();
    for path in order {
        ingest::ingest(&store, &res, std::slice::from_ref(path), &|_, _| {})
            .await
            .unwrap();
    }
    let export = store.export().await.unwrap();
    let mut json = serde_json::to_string_pretty(&export).unwrap();
    json.push('\n');
    let mut csv = Vec::new();
    export
        .write_csv(&mut csv, conflict_timeline::web::event_url)
        .unwrap();
    (json, String::from_utf8(csv).unwrap())
}

#[tokio::test]
async fn any_ingest_order_gives_byte_identical_exports() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.extend(
        CRAFTED
            .iter()
            .map(|(name, text)| write(dir.path(), name, text)),
    );
    files.sort();
    let forward = exports_after(&dir.path().join("forward.db"), &files).await;
    let mut reversed = files.clone();
    reversed.reverse();
    // A fixed shuffle: every third file first, then the rest backwards.
    let mut shuffled: Vec<PathBuf> = files.iter().step_by(3).cloned().collect();
    shuffled.extend(
        files
            .iter()
            .rev()
            .filter(|p| !shuffled.contains(p))
            .cloned()
            .collect::<Vec<_>>(),
    );
    assert_eq!(shuffled.len(), files.len());
    for (name, order) in [("reversed", reversed), ("shuffled", shuffled)] {
        let other = exports_after(&dir.path().join(format!("{name}.db")), &order).await;
        assert!(forward.0 == other.0, "{name}: the JSON export differs");
        assert!(forward.1 == other.1, "{name}: the CSV export differs");
    }
    // All at once, as one ingest of a folder, too.
    let all = exports_after(
        &dir.path().join("all.db"),
        &[dir.path().to_path_buf(), seeds()],
    )
    .await;
    assert!(forward.0 == all.0, "one ingest: the JSON export differs");
    // The meeting's three reports are two events, however they came.
    let export: serde_json::Value = serde_json::from_str(&forward.0).unwrap();
    let meetings = export["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["article"].as_str().unwrap().starts_with("m_"))
        })
        .count();
    assert_eq!(meetings, 2, "{}", forward.0);
}

async fn event_id_of_article(store: &Store, article: &str) -> String {
    let export = serde_json::to_value(store.export().await.unwrap()).unwrap();
    export["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["kind"] == "talks"
                && e["mentions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["article"] == article)
        })
        .unwrap_or_else(|| panic!("no talks from {article}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn assert_moved(store: &Store, from: &str, to: &str) {
    assert_ne!(from, to);
    let app = conflict_timeline::web::router(store.clone());
    let page = get(&app, &format!("/events/{from}")).await;
    assert_eq!(page.status, StatusCode::MOVED_PERMANENTLY, "{}", page.body);
    assert_eq!(page.header(header::LOCATION), format!("/events/{to}"));
    let api = get(&app, &format!("/api/events/{from}")).await;
    assert_eq!(api.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(api.header(header::LOCATION), format!("/api/events/{to}"));
    assert_eq!(
        get(&app, &format!("/events/{to}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_merged_or_replaced_event_redirects_to_the_event_that_took_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db")).await.unwrap();
    let res = Resources::embedded().unwrap();
    let ingest = async |path: PathBuf| {
        ingest::ingest(&store, &res, &[path], &|_, _| {})
            .await
            .unwrap()
    };
    // The meeting, first from one article: its event is named after it.
    let (_, day) = CRAFTED[0];
    ingest(write(dir.path(), "z.txt", day)).await;
    let first = event_id_of_article(&store, "z.txt").await;
    // An article that sorts first reports the same meeting: the two are one event,
    // named after the canonically first report, and the old id moves there.
    let summary = ingest(write(dir.path(), "a.txt", day)).await;
    let merged = event_id_of_article(&store, "a.txt").await;
    assert_eq!(merged, event_id_of_article(&store, "z.txt").await);
    assert_eq!(
        (
            summary.events_new,
            summary.events_gone,
            summary.events_total
        ),
        (1, 1, 1),
        "{summary}"
    );
    assert_moved(&store, &first, &merged).await;

    // The article is replaced by a version whose report starts elsewhere, so the
    // event's id changes: both older ids lead to the new event.
    std::fs::remove_file(dir.path().join("z.txt")).unwrap();
    let longer = day.replacen('\n', "\nAn update follows.\n", 1);
    let replaced = ingest(write(dir.path(), "a.txt", &longer)).await;
    assert_eq!(replaced.replaced, 1, "{replaced}");
    let now = event_id_of_article(&store, "a.txt").await;
    assert_moved(&store, &merged, &now).await;
    assert_moved(&store, &first, &now).await;
}
