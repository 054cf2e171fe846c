//! Query plans of every page: drives the real router over a migrated database for
//! each filter combination, records every statement the store runs (from sqlx's
//! statement log), and asks SQLite for each one's `EXPLAIN QUERY PLAN`. A plan that
//! walks the whole of `events`, `mentions`, `event_actors` or `casualties` fails
//! the test: at a million events such a page takes seconds. Searches through the
//! FTS index are fine, and so is an index walk in the query's own order that a
//! LIMIT stops (keyset pagination).
//!
//! Also checks that the tables migrations/0003 keeps by triggers agree with the
//! aggregates they replace, after an ingest and after re-ingesting changed articles.

// The integration tests' helpers; this binary uses some of them.
#[allow(dead_code)]
#[path = "it/helpers.rs"]
mod helpers;

use axum::http::StatusCode;
use conflict_timeline::extract::Resources;
use conflict_timeline::ingest;
use conflict_timeline::store::Store;
use helpers::{get, seeded_store, seeds};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use tracing::field::{Field, Visit};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};

/// Every statement sqlx reports, in full.
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<BTreeSet<String>>>);

struct StatementVisitor {
    summary: String,
    statement: String,
}

impl Visit for StatementVisitor {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_string(),
            "db.statement" => self.statement = value.to_string(),
            _ => {}
        }
    }
    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut visitor = StatementVisitor {
            summary: String::new(),
            statement: String::new(),
        };
        event.record(&mut visitor);
        // sqlx leaves `db.statement` empty when the summary is the whole statement.
        let sql = if visitor.statement.trim().is_empty() {
            visitor.summary
        } else {
            visitor.statement
        };
        self.0.lock().unwrap().insert(sql.trim().to_string());
    }
}

/// Held by each test for its whole run: the recorder is process-wide, so the plan
/// test must not see the other test's statements.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The process-wide statement recorder (a subscriber can be installed only once).
fn recorder() -> Statements {
    static RECORDER: OnceLock<Statements> = OnceLock::new();
    RECORDER
        .get_or_init(|| {
            let statements = Statements::default();
            let subscriber = tracing_subscriber::registry().with(statements.clone());
            tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
            statements
        })
        .clone()
}

async fn scalar(store: &Store, sql: &str) -> String {
    sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The aliases under which `table` appears in `sql` (and its own name).
fn aliases(sql: &str, table: &str) -> BTreeSet<String> {
    let words: Vec<&str> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = BTreeSet::from([table.to_string()]);
    for pair in words.windows(2) {
        if pair[0] == table {
            let alias = pair[1];
            let keyword = [
                "WHERE", "JOIN", "ON", "LEFT", "CROSS", "GROUP", "ORDER", "LIMIT", "AS", "SET",
                "VALUES", "UNION",
            ]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(alias));
            if !keyword {
                found.insert(alias.to_string());
            }
        }
    }
    found
}

/// The full scans of the guarded tables in `sql`'s plan, as plan lines.
async fn full_scans(store: &Store, sql: &str) -> Vec<String> {
    let plan: Vec<(i64, i64, i64, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
            .fetch_all(store.pool())
            .await
            .unwrap_or_else(|e| panic!("EXPLAIN QUERY PLAN {sql}: {e}"));
    let guarded: BTreeSet<String> = ["events", "mentions", "event_actors", "casualties"]
        .iter()
        .flat_map(|t| aliases(sql, t))
        .collect();
    // An index walk in the ORDER BY's own order that a LIMIT stops is bounded by
    // the page size, not by the table: that is what keyset pagination does.
    let sorted = plan
        .iter()
        .any(|(_, _, _, d)| d.contains("TEMP B-TREE FOR ORDER BY"));
    let limited = sql.contains(" LIMIT ");
    plan.iter()
        .map(|(_, _, _, detail)| detail)
        .filter(|detail| {
            let mut words = detail.split_whitespace();
            let (Some("SCAN"), Some(name)) = (words.next(), words.next()) else {
                return false;
            };
            if !guarded.contains(name) {
                return false;
            }
            let ordered_walk = detail.contains("USING") && limited && !sorted;
            !ordered_walk
        })
        .map(|detail| format!("{detail}   in   {sql}"))
        .collect()
}

#[tokio::test]
async fn no_page_scans_a_large_table() {
    let _serial = SERIAL.lock().await;
    let statements = recorder();
    let dir = tempfile::tempdir().expect("temp dir");
    let store = seeded_store(&dir.path().join("plans.db")).await;
    let actor = scalar(
        &store,
        "SELECT a.slug FROM actor_counts c JOIN actors a ON a.id = c.actor_id \
         ORDER BY c.events DESC, a.slug LIMIT 1",
    )
    .await;
    let place = scalar(
        &store,
        "SELECT p.slug FROM place_counts c JOIN places p ON p.id = c.place_id \
         ORDER BY c.events DESC, p.slug LIMIT 1",
    )
    .await;
    let event = scalar(
        &store,
        "SELECT id FROM events WHERE kind = 'ceasefire' ORDER BY date_start IS NULL, id LIMIT 1",
    )
    .await;
    let article = scalar(
        &store,
        "SELECT replace(key, '/', '%2F') FROM articles LIMIT 1",
    )
    .await;
    let app = conflict_timeline::web::router(store.clone());
    // Only what the pages run counts: ingest (which regroups every report) is not a
    // page.
    statements.0.lock().unwrap().clear();

    // Every filter combination the form can make: dates, kinds, actor, place, words.
    let dates = [
        "",
        "from=2019-01-01",
        "to=2020-12-31",
        "from=2019-01-01&to=2020-12-31",
    ];
    let kinds = ["", "kind=fighting", "kind=fighting&kind=talks"];
    let actors = [String::new(), format!("actor={actor}")];
    let places = [String::new(), format!("place={place}")];
    let words = ["", "q=ceasefire"];
    let mut queries = Vec::new();
    for d in dates {
        for k in kinds {
            for a in &actors {
                for p in &places {
                    for w in words {
                        let parts: Vec<&str> = [d, k, a.as_str(), p.as_str(), w]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect();
                        queries.push(parts.join("&"));
                    }
                }
            }
        }
    }
    let mut uris = vec![
        "/actors".to_string(),
        "/places".to_string(),
        format!("/actors/{actor}"),
        format!("/places/{place}"),
        format!("/articles/{article}"),
        format!("/api/events/{event}"),
        "/api/actors".to_string(),
        format!("/api/places/{place}"),
    ];
    for q in &queries {
        uris.push(format!("/?{q}"));
        uris.push(format!("/api/events?{q}"));
        uris.push(format!("/events/{event}?{q}"));
    }
    // A later page, so that the keyset condition is planned too.
    let json = get(&app, "/api/events?limit=1").await.json();
    if let Some(next) = json["next"].as_str() {
        uris.push(next.to_string());
        uris.push(next.replace("/api/events", "/"));
    }
    for uri in &uris {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
    }

    let recorded: Vec<String> = statements.0.lock().unwrap().iter().cloned().collect();
    let reads: Vec<&String> = recorded
        .iter()
        .filter(|sql| sql.starts_with("SELECT") || sql.starts_with("WITH"))
        .collect();
    assert!(
        reads.len() > 30,
        "too few statements recorded: {}",
        reads.len()
    );
    let mut failures = Vec::new();
    for sql in reads {
        failures.extend(full_scans(&store, sql).await);
        // A list whose words more than TEXT_SAMPLE events have walks timeline order
        // instead (`+e.rowid`); this small database has no such word, so that form is
        // planned from the recorded one.
        let common = "e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)";
        if sql.contains(common) {
            let walked = sql.replace(common, &format!("+{common}"));
            failures.extend(full_scans(&store, &walked).await);
        }
    }
    assert!(failures.is_empty(), "full scans:\n{}", failures.join("\n"));
}

/// The trigger-kept tables equal what they summarise.
async fn assert_derived_consistent(store: &Store) {
    let checks = [
        (
            "actor counts",
            "SELECT COUNT(*) FROM (SELECT actor_id, COUNT(DISTINCT event_id) AS n \
             FROM event_actors GROUP BY actor_id EXCEPT SELECT actor_id, events \
             FROM actor_counts WHERE events > 0)",
            "SELECT COUNT(*) FROM actor_counts c WHERE events <> (SELECT COUNT(DISTINCT \
             event_id) FROM event_actors WHERE actor_id = c.actor_id)",
        ),
        (
            "place counts",
            "SELECT COUNT(*) FROM (SELECT place_id, COUNT(*) FROM events WHERE place_id \
             IS NOT NULL GROUP BY place_id EXCEPT SELECT place_id, events FROM place_counts)",
            "SELECT COUNT(*) FROM place_counts c WHERE events <> (SELECT COUNT(*) FROM \
             events WHERE place_id = c.place_id)",
        ),
        (
            "kind counts",
            "SELECT COUNT(*) FROM (SELECT kind, COUNT(*) FROM events GROUP BY kind \
             EXCEPT SELECT kind, events FROM kind_counts)",
            "SELECT COUNT(*) FROM kind_counts c WHERE events <> (SELECT COUNT(*) FROM \
             events WHERE kind = c.kind)",
        ),
        (
            "actor events",
            "SELECT COUNT(*) FROM (SELECT ea.actor_id, ea.role, e.id, e.kind, e.date_start, \
             COALESCE(e.date_end, e.date_start), e.status <> 'planned' AND (e.kind = \
             'fighting' OR (e.kind = 'ceasefire' AND e.subtype IN ('violated', 'collapsed'))) \
             FROM event_actors ea JOIN events e ON e.id = ea.event_id \
             EXCEPT SELECT * FROM actor_events)",
            "SELECT COUNT(*) FROM (SELECT actor_id, role, event_id FROM actor_events \
             EXCEPT SELECT actor_id, role, event_id FROM event_actors)",
        ),
        (
            "date span",
            "SELECT COUNT(*) FROM events WHERE julianday(date_end) - julianday(date_start) \
             > (SELECT max_days FROM date_span)",
            "SELECT COUNT(*) FROM date_span WHERE id <> 1",
        ),
    ];
    for (what, missing, wrong) in checks {
        for sql in [missing, wrong] {
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(store.pool())
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            assert_eq!(n, 0, "{what} disagree: {sql}");
        }
    }
}

#[tokio::test]
async fn derived_tables_follow_every_write() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus dir");
    for entry in std::fs::read_dir(seeds()).expect("seeds") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, corpus.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let db = dir.path().join("derived.db");
    let store = Store::open(&db).await.expect("database opens");
    let res = Resources::embedded().expect("gazetteer loads");
    ingest::ingest(&store, &res, std::slice::from_ref(&corpus), &|_, _| {})
        .await
        .expect("ingest runs");
    assert_derived_consistent(&store).await;

    // Changed and removed text: events are re-reconciled, merged or dropped.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let first = std::fs::read_to_string(&files[0]).expect("read");
    let half = first.len() / 2;
    let cut = (0..=half)
        .rev()
        .find(|&i| first.is_char_boundary(i))
        .unwrap_or(0);
    std::fs::write(&files[0], &first[..cut]).expect("shorten");
    let second = std::fs::read_to_string(&files[1]).expect("read");
    std::fs::write(&files[1], second.replace("ceasefire", "truce")).expect("rewrite");
    ingest::ingest(&store, &res, std::slice::from_ref(&corpus), &|_, _| {})
        .await
        .expect("re-ingest runs");
    assert_derived_consistent(&store).await;

    // Deleting events cascades to their links; the counts follow.
    let mut conn = store.pool().acquire().await.expect("connection");
    for sql in [
        "CREATE TEMP TABLE gone AS SELECT id FROM events ORDER BY id LIMIT 3",
        "DELETE FROM reports WHERE event_id IN (SELECT id FROM gone)",
        "DELETE FROM events WHERE id IN (SELECT id FROM gone)",
    ] {
        sqlx::query(sql).execute(&mut *conn).await.expect(sql);
    }
    drop(conn);
    assert_derived_consistent(&store).await;
}

/// The event bins of migrations/0006, recounted from the events: rows that differ
/// either way (bins left at zero by deletes are no bins).
async fn assert_bins_recounted(store: &Store) {
    let facts = "(SELECT 0 AS scope, 0 AS ref, kind, COALESCE(date_precision, '') AS prec, \
         date_start AS first, COALESCE(date_end, date_start) AS last FROM events \
         UNION ALL SELECT 2, place_id, kind, COALESCE(date_precision, ''), date_start, \
         COALESCE(date_end, date_start) FROM events WHERE place_id IS NOT NULL \
         UNION ALL SELECT 1, l.actor_id, e.kind, COALESCE(e.date_precision, ''), e.date_start, \
         COALESCE(e.date_end, e.date_start) \
         FROM (SELECT DISTINCT event_id, actor_id FROM event_actors) l \
         JOIN events e ON e.id = l.event_id)";
    let months = format!(
        "SELECT scope, ref, kind, month, prec, SUM(s), SUM(t) FROM ( \
         SELECT scope, ref, kind, COALESCE(substr(first, 1, 7), '') AS month, prec, \
         1 AS s, 0 AS t FROM {facts} \
         UNION ALL SELECT scope, ref, kind, substr(last, 1, 7), prec, 0, 1 FROM {facts} \
         WHERE first IS NOT NULL) GROUP BY 1, 2, 3, 4, 5"
    );
    let days = format!(
        "SELECT scope, ref, kind, day, prec, SUM(s), SUM(t) FROM ( \
         SELECT scope, ref, kind, first AS day, prec, 1 AS s, 0 AS t FROM {facts} \
         WHERE first IS NOT NULL \
         UNION ALL SELECT scope, ref, kind, last, prec, 0, 1 FROM {facts} \
         WHERE first IS NOT NULL) GROUP BY 1, 2, 3, 4, 5"
    );
    let kept_months = "SELECT * FROM event_months WHERE starts <> 0 OR ends <> 0";
    let kept_days = "SELECT * FROM event_days WHERE starts <> 0 OR ends <> 0";
    for (what, recount, kept) in [("months", &months, kept_months), ("days", &days, kept_days)] {
        for (a, b) in [(recount.as_str(), kept), (kept, recount.as_str())] {
            let sql = format!("SELECT COUNT(*) FROM ({a} EXCEPT {b})");
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
                .fetch_one(store.pool())
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            assert_eq!(n, 0, "event {what} disagree with a recount: {sql}");
        }
    }
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert!(total > 0, "the random corpus holds events");
}

/// `count_events` (answered from the bins for these filters) equals counting the
/// matching events, for every kind, over actors, places, date ranges and bands.
async fn assert_counts_recounted(store: &Store, rng: &mut fastrand::Rng) {
    use conflict_timeline::domain::Slug;
    use conflict_timeline::store::{DateBand, EventFilter};
    use jiff::civil::Date;
    let strings = |sql: &'static str| async move {
        sqlx::query_scalar::<_, String>(sql)
            .fetch_all(store.pool())
            .await
            .expect(sql)
    };
    let actors = strings("SELECT slug FROM actors ORDER BY slug").await;
    let places = strings("SELECT slug FROM places ORDER BY slug").await;
    let mut days = strings(
        "SELECT date_start FROM events WHERE date_start IS NOT NULL UNION \
         SELECT date_end FROM events WHERE date_end IS NOT NULL ORDER BY 1",
    )
    .await;
    days.push("2020-01-01".to_string());
    let day = |rng: &mut fastrand::Rng| -> Date { days[rng.usize(..days.len())].parse().unwrap() };
    for _ in 0..60 {
        let mut filter = EventFilter::default();
        match rng.u8(..3) {
            0 if !actors.is_empty() => {
                filter.actors = vec![actors[rng.usize(..actors.len())].parse::<Slug>().unwrap()]
            }
            1 if !places.is_empty() => {
                filter.place = Some(places[rng.usize(..places.len())].parse().unwrap())
            }
            _ => {}
        }
        let (a, b) = (day(rng), day(rng));
        match rng.u8(..4) {
            0 => (filter.from, filter.to) = (Some(a.min(b)), Some(a.max(b))),
            1 => filter.from = Some(a),
            2 => filter.to = Some(a),
            _ => {}
        }
        filter.band = [None, Some(DateBand::Day), Some(DateBand::Coarse)][rng.usize(..3)];
        let counts = store.count_events(&filter).await.expect("counts");
        let band = match filter.band {
            None => "1",
            Some(DateBand::Day) => "e.date_precision = 'day'",
            Some(DateBand::Coarse) => "e.date_precision <> 'day'",
        };
        for (kind, count) in counts.by_kind {
            let sql = format!(
                "SELECT COUNT(*) FROM events e WHERE e.kind = ?1 AND {band} \
                 AND (?2 IS NULL OR COALESCE(e.date_end, e.date_start) >= ?2) \
                 AND (?3 IS NULL OR e.date_start <= ?3) \
                 AND (?4 IS NULL OR e.id IN (SELECT ea.event_id FROM event_actors ea \
                      JOIN actors a ON a.id = ea.actor_id WHERE a.slug = ?4)) \
                 AND (?5 IS NULL OR e.place_id = (SELECT id FROM places WHERE slug = ?5))"
            );
            let expected: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .bind(kind.as_str())
                .bind(filter.from.map(|d| d.to_string()))
                .bind(filter.to.map(|d| d.to_string()))
                .bind(filter.actors.first().map(|s| s.to_string()))
                .bind(filter.place.as_ref().map(|s| s.to_string()))
                .fetch_one(store.pool())
                .await
                .expect("recount");
            assert_eq!(count, expected, "{kind:?} events of {filter:?}");
        }
        let extent = store.date_extent(&filter).await.expect("extent");
        let sql = format!(
            "SELECT MIN(e.date_start), MAX(COALESCE(e.date_end, e.date_start)) FROM events e \
             WHERE e.date_start IS NOT NULL AND {band} \
             AND (?1 IS NULL OR e.id IN (SELECT ea.event_id FROM event_actors ea \
                  JOIN actors a ON a.id = ea.actor_id WHERE a.slug = ?1)) \
             AND (?2 IS NULL OR e.place_id = (SELECT id FROM places WHERE slug = ?2))"
        );
        let (first, last): (Option<String>, Option<String>) =
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(filter.actors.first().map(|s| s.to_string()))
                .bind(filter.place.as_ref().map(|s| s.to_string()))
                .fetch_one(store.pool())
                .await
                .expect("recount extent");
        let expected: Option<(Date, Date)> = first
            .zip(last)
            .map(|(f, l)| (f.parse().unwrap(), l.parse().unwrap()));
        assert_eq!(extent, expected, "extent of {filter:?}");
    }
}

/// Articles made of random lines of the sample articles, published on random days
/// of autumn 2020: events repeat across articles, so that ingesting them merges
/// reports into shared events.
fn write_random_articles(corpus: &std::path::Path, rng: &mut fastrand::Rng, names: &[usize]) {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(seeds()).expect("seeds") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).expect("seed");
            lines.extend(
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(String::from),
            );
        }
    }
    lines.sort();
    for &n in names {
        let count = rng.usize(1..6);
        let text: Vec<&str> = (0..count)
            .map(|_| lines[rng.usize(..lines.len())].as_str())
            .collect();
        // A publication date, so that "on Monday" and "last week" are dated, close
        // enough across articles for their reports to merge.
        let published = format!("2020-{:02}-{:02}", rng.u8(9..12), rng.u8(1..29));
        let article = format!("---\npublished: {published}\n---\n{}\n", text.join("\n"));
        std::fs::write(corpus.join(format!("random_{n:03}.txt")), article).expect("write article");
    }
}

#[tokio::test]
async fn event_bins_equal_a_recount_after_random_writes() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus dir");
    let mut rng = fastrand::Rng::with_seed(6);
    write_random_articles(&corpus, &mut rng, &(0..16).collect::<Vec<_>>());
    let store = Store::open(&dir.path().join("bins.db"))
        .await
        .expect("database opens");
    let res = Resources::embedded().expect("gazetteer loads");
    for round in 0..5 {
        ingest::ingest(&store, &res, std::slice::from_ref(&corpus), &|_, _| {})
            .await
            .expect("ingest runs");
        assert_bins_recounted(&store).await;
        assert_counts_recounted(&store, &mut rng).await;
        // Replace some articles (their events are recomputed, merged or dropped)
        // and add new ones (their reports join existing events or found new ones).
        let replaced: Vec<usize> = (0..4).map(|_| rng.usize(..16 + round * 2)).collect();
        write_random_articles(&corpus, &mut rng, &replaced);
        write_random_articles(&corpus, &mut rng, &[16 + round * 2, 17 + round * 2]);
    }
    // Deleting events cascades to their links; the bins follow.
    let mut conn = store.pool().acquire().await.expect("connection");
    for sql in [
        "CREATE TEMP TABLE gone_bins AS SELECT id FROM events ORDER BY id LIMIT 3",
        "DELETE FROM reports WHERE event_id IN (SELECT id FROM gone_bins)",
        "DELETE FROM events WHERE id IN (SELECT id FROM gone_bins)",
        "UPDATE OR IGNORE event_actors SET actor_id = (SELECT MIN(id) FROM actors) \
         WHERE event_id = (SELECT MAX(event_id) FROM event_actors) AND role = 'participant'",
    ] {
        sqlx::query(sql).execute(&mut *conn).await.expect(sql);
    }
    drop(conn);
    assert_bins_recounted(&store).await;
    assert_counts_recounted(&store, &mut rng).await;
}
