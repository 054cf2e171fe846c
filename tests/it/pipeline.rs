//! The ingest → store → export path on real files in a real SQLite database: the
//! sample articles, idempotence, stable event ids, bad input, and the extraction
//! quality floor measured by the gold scorer.

use crate::helpers::{get, ingest_into, seeds};
use conflict_timeline::extract::Resources;
use conflict_timeline::ingest;
use std::path::Path;

fn export_json(export: &conflict_timeline::store::export::Export) -> serde_json::Value {
    serde_json::to_value(export).expect("export serializes")
}

#[tokio::test]
async fn seeds_ingest_and_export_in_the_scorer_contract() {
    let dir = tempfile::tempdir().unwrap();
    let (store, summary) = ingest_into(&dir.path().join("t.db"), &[seeds()]).await;
    assert_eq!(summary.new, 5, "{summary}");
    assert!(summary.rejected.is_empty(), "{:?}", summary.rejected);
    let export = export_json(&store.export().await.unwrap());
    let articles = export["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    assert!(
        articles
            .iter()
            .all(|a| a["file"].as_str().unwrap().ends_with(".txt"))
    );
    let events = export["events"].as_array().unwrap();
    assert!(
        events.len() >= 15,
        "the seeds report many events, got {}",
        events.len()
    );
    for e in events {
        assert!(["talks", "ceasefire", "fighting"].contains(&e["kind"].as_str().unwrap()));
        assert!(!e["id"].as_str().unwrap().is_empty());
        for m in e["mentions"].as_array().unwrap() {
            // Every mention quotes its article exactly at its byte offsets.
            let file = seeds().join(m["article"].as_str().unwrap());
            let text = std::fs::read_to_string(file).unwrap();
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..t], m["text"].as_str().unwrap());
        }
    }
    // The meeting that three articles report is one event with three sources.
    assert!(
        events
            .iter()
            .any(|e| e["kind"] == "talks" && e["source_count"].as_i64() == Some(3)),
        "cross-article merge"
    );
}

#[tokio::test]
async fn ingesting_twice_changes_nothing_and_rebuilding_keeps_every_event_id() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = ingest_into(&dir.path().join("a.db"), &[seeds()]).await;
    let first = export_json(&store.export().await.unwrap());
    let res = Resources::embedded().unwrap();
    let again = ingest::ingest(&store, &res, &[seeds()], &|_, _| {})
        .await
        .unwrap();
    assert_eq!(
        (again.new, again.unchanged, again.replaced),
        (0, 5, 0),
        "{again}"
    );
    assert_eq!(first, export_json(&store.export().await.unwrap()));

    let (rebuilt, _) = ingest_into(&dir.path().join("b.db"), &[seeds()]).await;
    let ids = |v: &serde_json::Value| -> Vec<String> {
        let mut ids: Vec<String> = v["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(&first),
        ids(&export_json(&rebuilt.export().await.unwrap()))
    );
}

#[tokio::test]
async fn a_changed_file_replaces_its_old_version_and_events() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let file = input.join("a.md");
    std::fs::write(&file, "---\npublished: 2021-03-02\n---\nGovernment troops clashed with rebels in Goma on Monday.\n").unwrap();
    let (store, s1) = ingest_into(&dir.path().join("t.db"), std::slice::from_ref(&input)).await;
    assert_eq!(s1.new, 1);
    std::fs::write(
        &file,
        "---\npublished: 2021-03-02\n---\nArmenian and Azerbaijani delegations met in Geneva on Monday to discuss a ceasefire in the war.\n",
    )
    .unwrap();
    let res = Resources::embedded().unwrap();
    let s2 = ingest::ingest(&store, &res, &[input], &|_, _| {})
        .await
        .unwrap();
    assert_eq!(s2.replaced, 1);
    let export = export_json(&store.export().await.unwrap());
    let kinds: Vec<&str> = export["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec!["talks"],
        "the old version's fighting event is gone"
    );
}

#[tokio::test]
async fn bad_files_are_reported_and_skipped_while_good_ones_go_in() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("bad-utf8.txt"), b"Troops \xff\xfe clashed.").unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("binary.txt"), b"\x00\x01\x02 data").unwrap();
    std::fs::write(
        input.join("wire.jsonl"),
        "{\"id\": \"w1\", \"published\": \"1987-03-02\", \"text\": \"Iraqi and Iranian forces clashed near Basra on Sunday.\"}\n{broken json\n",
    )
    .unwrap();
    std::fs::write(
        input.join("good.txt"),
        "date 2021-05-10\nThe two foreign ministers met in Doha on Monday.\n",
    )
    .unwrap();
    let (store, summary) = ingest_into(&dir.path().join("t.db"), &[input]).await;
    let reasons: Vec<String> = summary.rejected.iter().map(|r| r.to_string()).collect();
    assert_eq!(summary.rejected.len(), 4, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("bad-utf8.txt") && r.contains("not valid UTF-8 at byte 7"))
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("empty.txt") && r.contains("empty file"))
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("binary.txt") && r.contains("binary"))
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("wire.jsonl:2") && r.contains("malformed JSON"))
    );
    assert_eq!(summary.new, 2, "the good text file and the good JSON line");
    let export = export_json(&store.export().await.unwrap());
    let files: Vec<&str> = export["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, vec!["good.txt", "w1"]);
}

/// The extraction quality floor on the sample articles, measured by the gold
/// scorer (tests/gold holds a copy of the answer key and of the scorer).
#[tokio::test]
async fn the_gold_scorer_figures_meet_the_floor() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = ingest_into(&dir.path().join("t.db"), &[seeds()]).await;
    let path = dir.path().join("export.json");
    std::fs::write(
        &path,
        serde_json::to_vec(&store.export().await.unwrap()).unwrap(),
    )
    .unwrap();
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let out = std::process::Command::new("python3")
        .arg(gold.join("score_events.py"))
        .args([
            "--gold".as_ref(),
            gold.as_os_str(),
            "--articles".as_ref(),
            seeds().as_os_str(),
            "--json".as_ref(),
            path.as_os_str(),
        ])
        .output()
        .expect("python3 runs the scorer");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &result["summary"];
    let f = |k: &str| s[k].as_f64().unwrap_or(0.0);
    eprintln!("{}", serde_json::to_string_pretty(s).unwrap());
    assert!(f("f1") >= FLOOR.f1, "event F1 {} < {}", f("f1"), FLOOR.f1);
    assert!(
        f("date_accuracy") >= FLOOR.date,
        "date accuracy {}",
        f("date_accuracy")
    );
    assert!(
        f("actor_recall") >= FLOOR.actor_recall,
        "actor recall {}",
        f("actor_recall")
    );
    assert!(
        f("actor_precision") >= FLOOR.actor_precision,
        "actor precision {}",
        f("actor_precision")
    );
    assert!(
        s["cross_article_merged"].as_i64() >= Some(FLOOR.merged),
        "cross-article merges {}",
        s["cross_article_merged"]
    );
    assert_eq!(s["wrong_merges"].as_i64(), Some(0), "wrong merges");
    assert_eq!(
        s["article_dates_right"].as_str(),
        Some(FLOOR.article_dates),
        "article reference dates"
    );
}

struct Floor {
    f1: f64,
    date: f64,
    actor_recall: f64,
    actor_precision: f64,
    merged: i64,
    article_dates: &'static str,
}

/// The targets of the extraction issue, raised as extraction improves, never lowered:
/// event F1 ≥ 0.90, date accuracy ≥ 0.95, actor recall ≥ 0.90 and precision ≥ 0.85,
/// all 4 cross-article pairs merged with no wrong merge, every reference date right.
const FLOOR: Floor = Floor {
    f1: 0.90,
    date: 0.95,
    actor_recall: 0.90,
    actor_precision: 0.85,
    merged: 4,
    article_dates: "5/5",
};

/// The sample articles through the real router: every page type answers with real
/// content, and each filter narrows the list to what it names.
#[tokio::test]
async fn the_site_serves_the_sample_articles_and_every_filter_narrows() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = ingest_into(&dir.path().join("t.db"), &[seeds()]).await;
    let app = conflict_timeline::web::router(store);
    let page = |uri: &'static str| {
        let app = app.clone();
        async move {
            let answer = get(&app, uri).await;
            (answer.status, answer.body)
        }
    };
    let api = |query: &'static str| {
        let app = app.clone();
        async move {
            let answer = get(&app, &format!("/api/events?limit=500&{query}")).await;
            assert_eq!(answer.status, 200, "{query}: {}", answer.body);
            answer.json()["events"].as_array().unwrap().clone()
        }
    };

    let all = api("").await;
    assert!(all.len() >= 20);
    let (status, home) = page("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Mike Pompeo") && home.contains("Stepanakert"));

    // The meeting three articles report: its page quotes all three.
    let (status, event) = page("/events/b58ad9c640a2").await;
    assert_eq!(status, 200, "event ids are stable across rebuilds");
    for article in [
        "000_0f573e205182e577.txt",
        "001_26e76fc965c3c4df.txt",
        "004_a90a240d41388cce.txt",
    ] {
        assert!(event.contains(article), "{article} is quoted");
    }
    assert!(
        event.contains("How this event was put together") && event.contains("stated in the text")
    );
    let (status, actor) = page("/actors/jeyhun-bayramov").await;
    assert_eq!(status, 200);
    assert!(actor.contains("Jeyhun Bayramov"));
    let (status, article) = page("/articles/004_a90a240d41388cce.txt").await;
    assert_eq!(status, 200);
    assert!(article.contains("<mark") && article.contains("Martakert"));

    let kinds = |events: &[serde_json::Value]| -> Vec<String> {
        events
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let talks = api("kind=talks").await;
    assert!(!talks.is_empty() && talks.len() < all.len());
    assert!(kinds(&talks).iter().all(|k| k == "talks"));
    let two = api("kind=talks&kind=ceasefire").await;
    assert!(
        two.len() > talks.len() && kinds(&two).iter().all(|k| k == "talks" || k == "ceasefire")
    );

    let by_actor = api("actor=ilham-aliyev").await;
    assert!(!by_actor.is_empty() && by_actor.len() < all.len());
    assert!(
        by_actor
            .iter()
            .all(|e| e["actors"].to_string().contains("Ilham Aliyev")),
        "{by_actor:?}"
    );

    let in_range = api("from=2022-01-01&to=2022-12-31").await;
    assert!(!in_range.is_empty() && in_range.len() < all.len());
    assert!(
        in_range
            .iter()
            .all(|e| e["date"]["end"].as_str() >= Some("2022-01-01")
                && e["date"]["start"].as_str() <= Some("2022-12-31")),
        "{in_range:?}"
    );

    let at_place = api("place=martakert").await;
    assert_eq!(at_place.len(), 1, "{at_place:?}");

    let searched = api("q=Geneva").await;
    assert!(!searched.is_empty() && searched.len() < all.len());
}
