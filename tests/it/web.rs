//! HTTP tests of the website: each test opens a fresh temporary database, fills it
//! with a small hand-written fixture (plain SQL, independent of the ingest side) and
//! drives the real router with `oneshot`.

use crate::helpers::get;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use conflict_timeline::store::Store;
use http_body_util::BodyExt;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

/// The first article: talks and a ceasefire, plus markup that must stay text.
const ARTICLE_A: &str = "MOSCOW, 10 October 2020.\n\n\
Armenia and Azerbaijan held talks in Moscow on Friday. \
A humanitarian ceasefire took effect at noon on Saturday.\n\n\
Readers wrote <script>alert('x')</script> in the comments.\n\n\
Shelling hit Stepanakert on Wednesday night, Azerbaijan said, and 12 people were killed.";

/// The second article (a JSONL record, hence a key with a slash).
const ARTICLE_B: &str = "Armenia denied that Shelling hit Stepanakert. \
Local officials said 14 people were killed in the shelling.\n\n\
Fighting resumed in November.";

struct Fixture {
    _dir: TempDir,
    app: Router,
    store: Store,
}

/// Byte offsets of `needle` in `text`.
fn span(text: &str, needle: &str) -> (i64, i64) {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    (start as i64, (start + needle.len()) as i64)
}

async fn exec(store: &Store, sql: &'static str, binds: &[&str]) {
    let mut query = sqlx::query(sql);
    for value in binds {
        query = query.bind(value.to_string());
    }
    query.execute(store.pool()).await.expect(sql);
}

struct EventRow<'a> {
    id: &'a str,
    kind: &'a str,
    subtype: &'a str,
    status: &'a str,
    alleged_by: &'a str,
    denied_by: &'a str,
    date: Option<(&'a str, &'a str, &'a str, &'a str)>,
    headline: &'a str,
    place: Option<&'a str>,
}

async fn insert_event(store: &Store, e: EventRow<'_>) {
    let (start, end, precision, value) = match e.date {
        Some((s, e, p, v)) => (Some(s), Some(e), Some(p), Some(v)),
        None => (None, None, None, None),
    };
    sqlx::query(
        "INSERT INTO events (id, kind, subtype, status, alleged_by, denied_by, date_start, \
         date_end, date_precision, date_value, date_basis, headline, place_id, confidence, \
         source_count, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'stated as a weekday relative to the article date', \
         ?, (SELECT id FROM places WHERE slug = ?), 0.8, 1, '2024-01-01T00:00:00Z')",
    )
    .bind(e.id)
    .bind(e.kind)
    .bind(e.subtype)
    .bind(e.status)
    .bind(e.alleged_by)
    .bind(e.denied_by)
    .bind(start)
    .bind(end)
    .bind(precision)
    .bind(value)
    .bind(e.headline)
    .bind(e.place)
    .execute(store.pool())
    .await
    .expect("insert event");
    sqlx::query(
        "INSERT INTO events_fts (rowid, headline, body) \
         SELECT rowid, headline, headline FROM events WHERE id = ?",
    )
    .bind(e.id)
    .execute(store.pool())
    .await
    .expect("index event");
}

async fn link_actor(store: &Store, event: &str, actor: &str, role: &str) {
    exec(
        store,
        "INSERT INTO event_actors (event_id, actor_id, role) \
         VALUES (?, (SELECT id FROM actors WHERE slug = ?), ?)",
        &[event, actor, role],
    )
    .await;
}

/// A mention of `event` in article `article_id` (1 or 2) at `needle`; returns its id.
async fn mention(store: &Store, event: &str, article_id: i64, text: &str, needle: &str) -> i64 {
    let (start, end) = span(text, needle);
    let report: i64 = sqlx::query_scalar(
        "INSERT INTO reports (event_id, article_id, draft) VALUES (?, ?, '{}') RETURNING id",
    )
    .bind(event)
    .bind(article_id)
    .fetch_one(store.pool())
    .await
    .expect("insert report");
    sqlx::query_scalar(
        "INSERT INTO mentions (report_id, event_id, article_id, start, end, text) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(report)
    .bind(event)
    .bind(article_id)
    .bind(start)
    .bind(end)
    .bind(needle)
    .fetch_one(store.pool())
    .await
    .expect("insert mention")
}

/// Event ids of the fixture in timeline order (date, then id; undated last).
const ALL_IDS: [&str; 11] = [
    "talks1", "cease1", "fight1", "fight2", "fight3", "fight4", "fight5", "fight6", "month1",
    "undated1", "undated2",
];

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("web.db"))
        .await
        .expect("open store");
    let s = &store;

    sqlx::query(
        "INSERT INTO articles (id, key, source_path, title, source, url, published, \
         published_basis, published_how, content_hash, text, ingested_at) VALUES \
         (1, '000_a.txt', 'seeds/000_a.txt', 'Talks in Moscow', 'Agency A', \
          'javascript:alert(1)', '2020-10-10', 'stated', 'dateline at the top of the article', \
          'h1', ?, '2024-01-01'), \
         (2, 'feed/42', 'feed.jsonl', 'Fighting goes on', 'Agency B', 'https://example.org/42', \
          '2020-10-15', 'inferred', 'the publication date of the feed record', 'h2', ?, \
          '2024-01-01')",
    )
    .bind(ARTICLE_A)
    .bind(ARTICLE_B)
    .execute(s.pool())
    .await
    .expect("insert articles");

    exec(
        s,
        "INSERT INTO places (slug, name, kind, country) VALUES \
         ('moscow', 'Moscow', 'city', 'Russia'), \
         ('stepanakert', 'Stepanakert', 'city', NULL)",
        &[],
    )
    .await;
    exec(
        s,
        "INSERT INTO actors (slug, name, kind, role, affiliation) VALUES \
         ('armenia', 'Armenia', 'state', NULL, NULL), \
         ('azerbaijan', 'Azerbaijan', 'state', NULL, NULL), \
         ('russia', 'Russia', 'state', NULL, NULL), \
         ('sergey-lavrov', 'Sergey Lavrov', 'person', 'Foreign Minister', 'russia')",
        &[],
    )
    .await;
    exec(
        s,
        "INSERT INTO actor_aliases (actor_id, alias) \
         SELECT id, 'Baku' FROM actors WHERE slug = 'azerbaijan'",
        &[],
    )
    .await;

    let event = |id, kind, subtype, date, headline, place| EventRow {
        id,
        kind,
        subtype,
        status: "reported",
        alleged_by: "",
        denied_by: "",
        date,
        headline,
        place,
    };
    insert_event(
        s,
        event(
            "talks1",
            "talks",
            "negotiations",
            Some(("2020-10-09", "2020-10-09", "day", "2020-10-09")),
            "Armenia and Azerbaijan hold talks in Moscow",
            Some("moscow"),
        ),
    )
    .await;
    insert_event(
        s,
        event(
            "cease1",
            "ceasefire",
            "humanitarian_truce",
            Some(("2020-10-10", "2020-10-10", "day", "2020-10-10")),
            "Humanitarian ceasefire takes effect",
            None,
        ),
    )
    .await;
    insert_event(
        s,
        EventRow {
            status: "denied",
            alleged_by: r#"["Azerbaijan"]"#,
            denied_by: r#"["Armenia"]"#,
            ..event(
                "fight1",
                "fighting",
                "shelling",
                Some(("2020-10-14", "2020-10-15", "span", "2020-10-14/2020-10-15")),
                "Shelling of Stepanakert",
                Some("stepanakert"),
            )
        },
    )
    .await;
    // Several events on one day, so that pages break inside a run of equal dates.
    for id in ["fight2", "fight3", "fight4", "fight5", "fight6"] {
        insert_event(
            s,
            event(
                id,
                "fighting",
                "clashes",
                Some(("2020-10-20", "2020-10-20", "day", "2020-10-20")),
                "Clashes along the line of contact",
                None,
            ),
        )
        .await;
    }
    insert_event(
        s,
        event(
            "month1",
            "fighting",
            "clashes",
            Some(("2020-11-01", "2020-11-30", "month", "2020-11")),
            "Fighting resumes in November",
            None,
        ),
    )
    .await;
    for id in ["undated1", "undated2"] {
        insert_event(
            s,
            event(
                id,
                "talks",
                "meeting",
                None,
                "Envoys meet at some point",
                None,
            ),
        )
        .await;
    }

    for actor in ["armenia", "azerbaijan", "russia"] {
        link_actor(s, "talks1", actor, "participant").await;
    }
    link_actor(s, "fight1", "azerbaijan", "alleger").await;
    link_actor(s, "fight1", "armenia", "denier").await;
    link_actor(s, "cease1", "armenia", "participant").await;

    mention(
        s,
        "talks1",
        1,
        ARTICLE_A,
        "Armenia and Azerbaijan held talks in Moscow on Friday.",
    )
    .await;
    mention(
        s,
        "cease1",
        1,
        ARTICLE_A,
        "A humanitarian ceasefire took effect at noon on Saturday.",
    )
    .await;
    let shelling_a =
        "Shelling hit Stepanakert on Wednesday night, Azerbaijan said, and 12 people were killed.";
    mention(s, "fight1", 1, ARTICLE_A, shelling_a).await;
    mention(
        s,
        "fight1",
        2,
        ARTICLE_B,
        "Armenia denied that Shelling hit Stepanakert.",
    )
    .await;
    mention(s, "month1", 2, ARTICLE_B, "Fighting resumed in November.").await;

    let (a_start, a_end) = span(ARTICLE_A, shelling_a);
    let toll_b = "Local officials said 14 people were killed in the shelling.";
    let (b_start, b_end) = span(ARTICLE_B, toll_b);
    sqlx::query(
        "INSERT INTO casualties (event_id, article_id, party, grp, killed, wounded, cumulative, \
         reported_by, start, end) VALUES \
         ('fight1', 1, 'Stepanakert residents', 'civilian', 12, NULL, 0, 'Azerbaijan', ?, ?), \
         ('fight1', 2, NULL, NULL, 14, 3, 1, 'local officials', ?, ?)",
    )
    .bind(a_start)
    .bind(a_end)
    .bind(b_start)
    .bind(b_end)
    .execute(s.pool())
    .await
    .expect("insert casualties");

    exec(
        s,
        "INSERT INTO event_redirects (old_id, new_id) VALUES ('merged1', 'fight1')",
        &[],
    )
    .await;

    Fixture {
        app: conflict_timeline::web::router(store.clone()),
        store,
        _dir: dir,
    }
}

/// The event ids `/api/events?{query}` returns (first page).
async fn ids(app: &Router, query: &str) -> Vec<String> {
    let answer = get(app, &format!("/api/events?{query}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.body);
    answer.json()["events"]
        .as_array()
        .expect("events array")
        .iter()
        .map(|e| e["id"].as_str().expect("id").to_string())
        .collect()
}

mod pages {
    use super::*;

    #[tokio::test]
    async fn timeline_lists_events_in_date_order_with_counts() {
        let f = fixture().await;
        let page = get(&f.app, "/").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.header(header::CONTENT_TYPE).starts_with("text/html"));
        let body = &page.body;
        let talks = body
            .find("Armenia and Azerbaijan hold talks in Moscow")
            .unwrap();
        let month = body.find("Fighting resumes in November").unwrap();
        let undated = body.find("Envoys meet at some point").unwrap();
        assert!(talks < month && month < undated, "date order, undated last");
        // Kind by shape and word, not colour alone; date precision kept.
        assert!(body.contains("◆") && body.contains("■") && body.contains("▲"));
        assert!(body.contains("<time class=\"date\" datetime=\"2020-11\">Nov 2020</time>"));
        assert!(body.contains("14–15 Oct 2020"));
        assert!(body.contains("11 events"));
        // Actor chips narrow the timeline; places link to their page.
        assert!(body.contains("class=\"chip\" href=\"/?actor=russia\""));
        assert!(body.contains("href=\"/places/moscow\""));
        assert!(body.contains(">alleged by Azerbaijan</span>"));
        assert!(body.contains(">denied by Armenia</span>"));
        // Events are grouped under their day, or their month when that is all we know.
        assert!(body.contains("<time datetime=\"2020-10-09\">Friday 9 October 2020</time>"));
        assert!(body.contains("November 2020 (dated to the month)"));
        // The plain GET form, with a checkbox per kind.
        assert!(body.contains("method=\"get\" action=\"/\">"));
        assert!(body.contains("name=\"kind\" value=\"ceasefire\""));
        assert!(!body.contains("Next page"), "everything fits one page");
        // The one script is our own module; no inline script or style.
        assert_eq!(body.matches("<script").count(), 1);
        assert!(body.contains("<script type=\"module\" src=\"/static/timeline.js\"></script>"));
        assert!(!body.contains("style="), "no inline styles");
    }

    #[tokio::test]
    async fn timeline_pages_and_serves_the_list_as_a_fragment() {
        let f = fixture().await;
        let page = get(&f.app, "/?kind=fighting&limit=2").await;
        assert!(page.body.contains("Next page"));
        assert!(
            page.body
                .contains("data-fragment=\"/fragment/events?kind=fighting&#38;limit=2&#38;after=")
        );
        assert!(page.body.contains("checked"));

        let fragment = get(&f.app, "/fragment/events?kind=fighting&limit=2").await;
        assert_eq!(fragment.status, StatusCode::OK);
        assert!(
            fragment
                .body
                .trim_start()
                .starts_with("<div class=\"event-list\"")
        );
        assert!(!fragment.body.contains("<html"));
        assert!(fragment.body.contains("Shelling of Stepanakert"));
        assert!(!fragment.body.contains("hold talks"));
    }

    #[tokio::test]
    async fn event_page_quotes_every_source() {
        let f = fixture().await;
        let page = get(&f.app, "/events/fight1").await;
        assert_eq!(page.status, StatusCode::OK);
        let body = &page.body;
        assert!(body.contains("<h1>Shelling of Stepanakert</h1>"));
        assert!(body.contains("▲"));
        assert!(body.contains("stated as a weekday relative to the article date"));
        assert!(body.contains("a span of days"));
        assert!(body.contains("claimed by <a href=\"/actors/azerbaijan\">Azerbaijan</a>"));
        assert!(body.contains("denied by <a href=\"/actors/armenia\">Armenia</a>"));
        assert!(body.contains("<a href=\"/places/stepanakert\">Stepanakert</a>"));
        assert!(body.contains("80%"));
        // Both casualty figures side by side, with their sources.
        assert!(body.contains(">12<") && body.contains(">14 <span class=\"cumulative\">"));
        assert!(body.contains("local officials"));
        // Every source sentence, linking to its highlight in the article.
        let mentions: Vec<(i64, String)> = sqlx::query_as(
            "SELECT m.id, a.key FROM mentions m JOIN articles a ON a.id = m.article_id \
             WHERE m.event_id = 'fight1'",
        )
        .fetch_all(f.store.pool())
        .await
        .unwrap();
        assert_eq!(mentions.len(), 2);
        for (id, key) in mentions {
            let key = key.replace('/', "%2F");
            assert!(
                body.contains(&format!("href=\"/articles/{key}#m-{id}\"")),
                "{key} {id}"
            );
        }
        assert!(body.contains("Armenia denied that Shelling hit Stepanakert."));
        assert!(body.contains("Agency B"));
    }

    #[tokio::test]
    async fn actor_pages_show_aliases_members_and_events() {
        let f = fixture().await;
        let list = get(&f.app, "/actors").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("href=\"/actors/sergey-lavrov\""));

        let azerbaijan = get(&f.app, "/actors/azerbaijan").await;
        assert_eq!(azerbaijan.status, StatusCode::OK);
        assert!(azerbaijan.body.contains("Baku"));
        assert!(azerbaijan.body.contains("Shelling of Stepanakert"));
        assert!(azerbaijan.body.contains("hold talks in Moscow"));
        assert!(!azerbaijan.body.contains("Humanitarian ceasefire"));

        let russia = get(&f.app, "/actors/russia").await;
        assert!(russia.body.contains("Sergey Lavrov"));
        assert!(russia.body.contains("Foreign Minister"));

        let place = get(&f.app, "/places/moscow").await;
        assert_eq!(place.status, StatusCode::OK);
        assert!(place.body.contains("hold talks in Moscow"));
        assert!(!place.body.contains("Shelling of Stepanakert"));
        assert_eq!(get(&f.app, "/places").await.status, StatusCode::OK);
    }

    #[tokio::test]
    async fn article_page_highlights_and_anchors_event_sentences() {
        let f = fixture().await;
        let talks_mention: i64 =
            sqlx::query_scalar("SELECT id FROM mentions WHERE event_id = 'talks1'")
                .fetch_one(f.store.pool())
                .await
                .unwrap();
        let page = get(&f.app, "/articles/000_a.txt").await;
        assert_eq!(page.status, StatusCode::OK);
        let body = &page.body;
        assert!(body.contains(&format!(
            "<mark class=\"kind-talks\" id=\"m-{talks_mention}\"><a href=\"/events/talks1\""
        )));
        assert!(
            body.contains(">Armenia and Azerbaijan held talks in Moscow on Friday.</a></mark>")
        );
        // Paragraphs preserved.
        assert!(body.contains("<p>MOSCOW, 10 October 2020.</p>"));
        // Published date and how it was obtained.
        assert!(body.contains("2020-10-10"));
        assert!(body.contains("stated in the article: dateline at the top of the article"));
        // A javascript: URL is never turned into a link.
        assert!(!body.contains("javascript:"));

        let feed = get(&f.app, "/articles/feed%2F42").await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(
            feed.body
                .contains("inferred: the publication date of the feed record")
        );
        assert!(feed.body.contains("href=\"https://example.org/42\""));
        assert_eq!(get(&f.app, "/articles").await.status, StatusCode::OK);
    }

    #[tokio::test]
    async fn article_markup_is_escaped() {
        let f = fixture().await;
        let page = get(&f.app, "/articles/000_a.txt").await;
        assert!(!page.body.contains("<script>alert"));
        assert!(page.body.contains("&#60;script&#62;alert("));
    }

    #[tokio::test]
    async fn merged_event_ids_redirect_permanently() {
        let f = fixture().await;
        let page = get(&f.app, "/events/merged1").await;
        assert_eq!(page.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(page.header(header::LOCATION), "/events/fight1");
        let api = get(&f.app, "/api/events/merged1").await;
        assert_eq!(api.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(api.header(header::LOCATION), "/api/events/fight1");
    }
}

mod api {
    use super::*;

    #[tokio::test]
    async fn events_json_has_events_cursor_and_counts() {
        let f = fixture().await;
        let answer = get(&f.app, "/api/events").await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(
            answer
                .header(header::CONTENT_TYPE)
                .starts_with("application/json")
        );
        let json = answer.json();
        assert_eq!(json["ok"], true);
        assert_eq!(json["total"], 11);
        assert_eq!(json["counts"]["talks"], 3);
        assert_eq!(json["counts"]["ceasefire"], 1);
        assert_eq!(json["counts"]["fighting"], 7);
        assert_eq!(json["next"], Value::Null);
        let first = &json["events"][0];
        assert_eq!(first["id"], "talks1");
        assert_eq!(first["kind"], "talks");
        assert_eq!(first["url"], "/events/talks1");
        assert_eq!(first["date"]["value"], "2020-10-09");
        assert_eq!(first["date"]["precision"], "day");
        assert_eq!(first["place"]["slug"], "moscow");
        assert_eq!(first["actors"].as_array().unwrap().len(), 3);
        let month = &json["events"][8];
        assert_eq!(month["date"]["value"], "2020-11");
        assert_eq!(month["date"]["text"], "Nov 2020");
        assert_eq!(json["events"][10]["date"], Value::Null);
    }

    #[tokio::test]
    async fn event_json_carries_casualties_and_mentions() {
        let f = fixture().await;
        let json = get(&f.app, "/api/events/fight1").await.json();
        assert_eq!(json["ok"], true);
        assert_eq!(json["id"], "fight1");
        assert_eq!(json["status"], "denied");
        assert_eq!(json["alleged_by"][0], "Azerbaijan");
        let casualties = json["casualties"].as_array().unwrap();
        assert_eq!(casualties.len(), 2);
        assert_eq!(casualties[0]["killed"], 12);
        assert_eq!(casualties[1]["killed"], 14);
        assert_eq!(casualties[1]["cumulative"], true);
        assert_eq!(
            casualties[1]["sentence"],
            "Local officials said 14 people were killed in the shelling."
        );
        assert_eq!(json["mentions"].as_array().unwrap().len(), 2);

        let actors = get(&f.app, "/api/actors").await.json();
        let names: Vec<&str> = actors["actors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["slug"].as_str().unwrap())
            .collect();
        assert_eq!(names[0], "armenia", "most events first");
        assert!(names.contains(&"sergey-lavrov"));

        let place = get(&f.app, "/api/places/stepanakert").await.json();
        assert_eq!(place["place"]["name"], "Stepanakert");
        assert_eq!(place["ok"], true);
        assert_eq!(place["total"], 1);
        assert_eq!(place["events"][0]["id"], "fight1");
        let missing = get(&f.app, "/api/places/atlantis").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn csv_has_a_header_and_one_row_per_event() {
        let f = fixture().await;
        let answer = get(&f.app, "/api/events.csv").await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.header(header::CONTENT_TYPE).starts_with("text/csv"));
        let mut reader = csv::Reader::from_reader(answer.body.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "id");
        assert_eq!(&headers[9], "headline");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
        assert_eq!(ids, ALL_IDS);
        assert_eq!(&rows[2][5], "2020-10-14/2020-10-15");
        assert_eq!(&rows[8][5], "2020-11");

        // The same filters as the page, and no paging: a small limit still gives all.
        let talks = get(&f.app, "/api/events.csv?kind=talks&limit=1").await;
        assert_eq!(talks.body.lines().count(), 1 + 3);
    }
}

mod filters {
    use super::*;

    #[tokio::test]
    async fn date_range_keeps_overlapping_dated_events() {
        let f = fixture().await;
        assert_eq!(ids(&f.app, "to=2020-10-10").await, ["talks1", "cease1"]);
        // The shelling spans 14–15 October: a range touching either day finds it.
        assert_eq!(
            ids(&f.app, "from=2020-10-15&to=2020-10-15").await,
            ["fight1"]
        );
        // The November event is known only to the month; a day inside it matches.
        assert_eq!(ids(&f.app, "from=2020-11-15").await, ["month1"]);
        let later = ids(&f.app, "from=2020-10-14").await;
        assert_eq!(later.first().map(String::as_str), Some("fight1"));
        assert!(!later.iter().any(|id| id.starts_with("undated")));
    }

    #[tokio::test]
    async fn kind_actor_place_and_text_narrow_the_list() {
        let f = fixture().await;
        assert_eq!(
            ids(&f.app, "kind=talks&kind=ceasefire").await,
            ["talks1", "cease1", "undated1", "undated2"]
        );
        assert_eq!(ids(&f.app, "actor=russia").await, ["talks1"]);
        assert_eq!(
            ids(&f.app, "actor=armenia").await,
            ["talks1", "cease1", "fight1"]
        );
        assert_eq!(
            ids(&f.app, "actor=russia&actor=azerbaijan").await,
            ["talks1", "fight1"]
        );
        assert_eq!(
            ids(&f.app, "actor=Azerbaijan&kind=fighting").await,
            ["fight1"]
        );
        assert_eq!(ids(&f.app, "place=moscow").await, ["talks1"]);
        assert_eq!(ids(&f.app, "q=moscow").await, ["talks1"]);
        assert_eq!(ids(&f.app, "q=Stepanak").await, ["fight1"], "prefix match");
        assert_eq!(ids(&f.app, "q=shelling+stepanakert").await, ["fight1"]);

        // Counts follow the filter; the kind counts ignore the kind restriction.
        let json = get(&f.app, "/api/events?actor=armenia&kind=talks")
            .await
            .json();
        assert_eq!(json["total"], 1);
        assert_eq!(json["counts"]["ceasefire"], 1);
        assert_eq!(json["counts"]["fighting"], 1);
    }

    #[tokio::test]
    async fn search_text_with_fts_syntax_is_plain_text() {
        let f = fixture().await;
        for q in [
            "%22",
            "NEAR(a",
            "a%20OR",
            "*",
            "-moscow",
            "moscow%22%20OR%20%22",
            "(",
            "%5E",
            ":",
            "AND",
            "col:moscow",
        ] {
            let answer = get(&f.app, &format!("/api/events?q={q}")).await;
            assert_eq!(answer.status, StatusCode::OK, "q={q}: {}", answer.body);
            let page = get(&f.app, &format!("/?q={q}")).await;
            assert_eq!(page.status, StatusCode::OK, "q={q}");
        }
    }

    #[tokio::test]
    async fn keyset_pagination_walks_every_event_exactly_once() {
        let f = fixture().await;
        for limit in [1, 2, 3, 4, 50] {
            let mut seen: Vec<String> = Vec::new();
            let mut url = format!("/api/events?limit={limit}");
            let mut pages = 0;
            loop {
                let json = get(&f.app, &url).await.json();
                assert_eq!(json["total"], 11);
                let events = json["events"].as_array().unwrap();
                assert!(events.len() <= limit);
                seen.extend(events.iter().map(|e| e["id"].as_str().unwrap().to_string()));
                pages += 1;
                match json["next"].as_str() {
                    Some(next) => url = next.to_string(),
                    None => break,
                }
                assert!(pages <= 11, "paging does not end");
            }
            assert_eq!(seen, ALL_IDS, "limit {limit}");
        }
        // Paging keeps the filter.
        let first = get(&f.app, "/api/events?kind=fighting&limit=3")
            .await
            .json();
        let next = first["next"].as_str().unwrap();
        assert!(next.starts_with("/api/events?kind=fighting&limit=3&after="));
        assert_eq!(
            ids(&f.app, next.trim_start_matches("/api/events?")).await,
            ["fight4", "fight5", "fight6"]
        );
    }
}

mod errors {
    use super::*;

    #[tokio::test]
    async fn bad_parameters_are_named_in_a_4xx_answer() {
        let f = fixture().await;
        let cases = [
            (
                "from=2020-13-45",
                StatusCode::BAD_REQUEST,
                "from: \"2020-13-45\" is not a date (expected YYYY-MM-DD)",
            ),
            (
                "kind=war",
                StatusCode::BAD_REQUEST,
                "kind: unknown kind \"war\" (expected talks, ceasefire or fighting)",
            ),
            ("limit=0", StatusCode::BAD_REQUEST, "limit: \"0\""),
            ("limit=abc", StatusCode::BAD_REQUEST, "limit: "),
            (
                "after=garbage",
                StatusCode::BAD_REQUEST,
                "after: \"garbage\"",
            ),
            (
                "to=2020-01-01&from=2020-02-01",
                StatusCode::BAD_REQUEST,
                "to: ",
            ),
            (
                "actor=nobody",
                StatusCode::BAD_REQUEST,
                "actor: unknown actor \"nobody\"",
            ),
            (
                "place=atlantis",
                StatusCode::BAD_REQUEST,
                "place: unknown place \"atlantis\"",
            ),
            (
                "from=a&from=b",
                StatusCode::BAD_REQUEST,
                "from: given more than once",
            ),
        ];
        for (query, status, message) in cases {
            let api = get(&f.app, &format!("/api/events?{query}")).await;
            assert_eq!(api.status, status, "{query}");
            let json = api.json();
            assert_eq!(json["ok"], false);
            assert_eq!(json["status"], status.as_u16());
            let error = json["error"].as_str().unwrap();
            assert!(error.starts_with(message), "{query}: {error}");

            // An unknown actor or place is no error on the timeline: the page keeps
            // the other filters and says so beside the box.
            let forgiven = query.starts_with("actor=") || query.starts_with("place=");
            for page in ["/", "/fragment/events", "/api/events.csv", "/places/moscow"] {
                if page == "/places/moscow" && query.starts_with("place=") {
                    continue; // the place page fixes the place itself
                }
                let answer = get(&f.app, &format!("{page}?{query}")).await;
                let expected = if forgiven && page == "/" {
                    StatusCode::OK
                } else {
                    status
                };
                assert_eq!(answer.status, expected, "{page}?{query}");
            }
            let html = get(&f.app, &format!("/?{query}")).await;
            assert!(html.header(header::CONTENT_TYPE).starts_with("text/html"));
            let param = message.split(':').next().unwrap();
            if forgiven {
                assert!(html.body.contains("class=\"field-note\""), "{query}");
            } else {
                assert!(html.body.contains(&format!("{param}: ")), "{query}");
            }
        }
    }

    #[tokio::test]
    async fn unknown_things_are_404_pages() {
        let f = fixture().await;
        for (uri, message) in [
            ("/events/nope", "no event has the id"),
            ("/actors/nobody", "no actor has the slug"),
            ("/places/atlantis", "no place has the slug"),
            ("/articles/missing.txt", "no article has the key"),
            // Ids and slugs that break their rule name nothing: 404, saying why.
            (
                "/events/Not%20An%20Id",
                "invalid event id &#34;Not An Id&#34;: an event id has only",
            ),
            (
                "/actors/Bad_Slug",
                "invalid slug &#34;Bad_Slug&#34;: a slug has only",
            ),
            ("/places/..", "invalid slug &#34;..&#34;"),
            ("/no/such/page", "there is no page at /no/such/page"),
            ("/static/missing.css", "there is no page at"),
        ] {
            let answer = get(&f.app, uri).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
            assert!(answer.header(header::CONTENT_TYPE).starts_with("text/html"));
            assert!(answer.body.contains(message), "{uri}: {}", answer.body);
        }
        for uri in [
            "/api/events/nope",
            "/api/events/NOPE",
            "/api/places/Bad_Slug",
            "/api/nothing",
        ] {
            let answer = get(&f.app, uri).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
            let json = answer.json();
            assert_eq!(json["ok"], false);
            assert_eq!(json["status"], 404);
        }
    }

    #[tokio::test]
    async fn static_files_cannot_escape_their_folder() {
        let f = fixture().await;
        for uri in [
            "/static/../Cargo.toml",
            "/static/%2e%2e/Cargo.toml",
            "/static/..%2fCargo.toml",
            "/static/%2e%2e%2fsrc%2flib.rs",
        ] {
            let answer = get(&f.app, uri).await;
            assert!(answer.status.is_client_error(), "{uri}: {}", answer.status);
            assert!(!answer.body.contains("[package]"), "{uri}");
            assert!(!answer.body.contains("pub mod"), "{uri}");
        }
    }
}

mod headers {
    use super::*;

    #[tokio::test]
    async fn every_answer_carries_the_security_headers() {
        let f = fixture().await;
        for uri in [
            "/",
            "/events/fight1",
            "/api/events",
            "/events/nope",
            "/?kind=war",
            "/static/style.css",
        ] {
            let answer = get(&f.app, uri).await;
            let csp = answer.header(header::CONTENT_SECURITY_POLICY);
            assert!(csp.contains("default-src 'self'"), "{uri}");
            assert!(csp.contains("script-src 'self'"), "{uri}");
            assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
            assert_eq!(answer.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
            assert_eq!(answer.header(header::REFERRER_POLICY), "no-referrer");
        }
    }

    #[tokio::test]
    async fn static_files_are_served_with_cache_headers() {
        let f = fixture().await;
        let css = get(&f.app, "/static/style.css").await;
        assert_eq!(css.status, StatusCode::OK);
        assert!(css.header(header::CONTENT_TYPE).starts_with("text/css"));
        assert!(css.header(header::CACHE_CONTROL).contains("max-age="));
        assert!(css.body.contains("prefers-color-scheme"));
    }

    #[tokio::test]
    async fn responses_are_gzipped_when_asked() {
        let f = fixture().await;
        let request = Request::get("/")
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .unwrap();
        let response = f.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    }
}

/// The interactive timeline's server side: the overview, the fragment that in-page
/// updates swap in, the event page's walk along a filtered list, link previews.
mod interactive {
    use super::*;

    #[tokio::test]
    async fn the_overview_draws_lanes_bubbles_and_bars_with_a_text_alternative() {
        let f = fixture().await;
        let body = get(&f.app, "/").await.body;
        assert!(body.contains("class=\"overview-chart\""));
        // The period runs over the dated events.
        assert!(body.contains("data-start=\"2020-10-09\" data-end=\"2020-11-30\""));
        // Five fights on 20 October are too close to draw apart: a count, zooming in.
        assert!(body.contains("href=\"/?from=2020-10-20&#38;to=2020-10-20\" data-nav=\"zoom\""));
        assert!(body.contains(">5</text>"));
        // A day is a mark, a month a bar, each linking to its event.
        assert!(body.contains("class=\"mark\" href=\"/events/talks1\" data-event-id=\"talks1\""));
        assert!(body.contains("class=\"bar\" href=\"/events/month1\""));
        assert!(body.contains(
            "<title>Nov 2020 — Fighting resumes in November (dated to the month)</title>"
        ));
        // The text alternative counts every dated event.
        assert!(body.contains(
            "<caption>Events per kind and period, 9 Oct – 30 Nov 2020 (9 dated events)</caption>"
        ));
        // Zoom and pan are plain links too.
        assert!(body.contains("data-nav=\"in\""));
        // Casualty figures as a chart, each claim its own series, with a table.
        assert!(body.contains("id=\"casualty-title\""));
        assert!(body.contains("<summary>The figures as a table</summary>"));
    }

    #[tokio::test]
    async fn zoom_links_keep_the_filter_and_the_period_follows_from_and_to() {
        let f = fixture().await;
        let body = get(&f.app, "/?from=2020-10-01&to=2020-10-31&kind=fighting")
            .await
            .body;
        assert!(body.contains("data-start=\"2020-10-01\" data-end=\"2020-10-31\""));
        // Zooming in centres on the events (14 to 20 October), not on the middle.
        assert!(body.contains(
            "href=\"/?from=2020-10-10&#38;to=2020-10-24&#38;kind=fighting\" data-nav=\"in\""
        ));
        assert!(body.contains("href=\"/?kind=fighting&#38;dates=all\" data-nav=\"whole\""));
        assert!(
            !body.contains("href=\"/events/talks1\" data-event-id"),
            "talks filtered out"
        );
    }

    #[tokio::test]
    async fn the_timeline_fragment_holds_every_part_that_changes() {
        let f = fixture().await;
        let fragment = get(&f.app, "/fragment/timeline?kind=fighting").await;
        assert_eq!(fragment.status, StatusCode::OK);
        let body = &fragment.body;
        assert!(!body.contains("<html"));
        for id in ["tl-overview", "tl-facets", "tl-results"] {
            assert!(body.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert!(body.contains("Shelling of Stepanakert"));
        assert!(!body.contains("hold talks in Moscow"));
        // Facets: per-kind counts (all kinds, to show what another kind would add)
        // and the most involved actors.
        assert!(body.contains("href=\"/?kind=talks\""));
        assert!(body.contains("href=\"/?kind=fighting&#38;actor=azerbaijan\""));
        let bad = get(&f.app, "/fragment/timeline?kind=war").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn cards_carry_the_filter_to_the_event_page_which_walks_the_list() {
        let f = fixture().await;
        let list = get(&f.app, "/?kind=fighting").await.body;
        assert!(list.contains("href=\"/events/fight2?kind=fighting\""));
        let page = get(&f.app, "/events/fight2?kind=fighting").await;
        assert_eq!(page.status, StatusCode::OK);
        let body = &page.body;
        assert!(body.contains("rel=\"prev\" href=\"/events/fight1?kind=fighting\""));
        assert!(body.contains("rel=\"next\" href=\"/events/fight3?kind=fighting\""));
        assert!(body.contains("href=\"/?kind=fighting\">Back to the filtered timeline"));
        // Without a filter the walk is the whole timeline.
        let plain = get(&f.app, "/events/fight1").await.body;
        assert!(plain.contains("rel=\"prev\" href=\"/events/cease1\""));
        assert!(plain.contains("rel=\"next\" href=\"/events/fight2\""));
        let last = get(&f.app, "/events/undated2").await.body;
        assert!(!last.contains("rel=\"next\""));
    }

    #[tokio::test]
    async fn event_pages_preview_well_when_shared() {
        let f = fixture().await;
        // Absolute addresses come from --base-url, never from the request's Host.
        let base = "https://timeline.example".parse().unwrap();
        let app = conflict_timeline::web::site_router(
            f.store.clone(),
            conflict_timeline::web::SiteOptions {
                base_url: Some(base),
                ..Default::default()
            },
        );
        let request = Request::get("/events/fight1")
            .header(header::HOST, "evil.example")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8(bytes.to_vec()).unwrap();
        assert!(!body.contains("evil.example"));
        assert!(body.contains("<meta property=\"og:title\" content=\"Shelling of Stepanakert\">"));
        assert!(body.contains(
            "<meta property=\"og:url\" content=\"https://timeline.example/events/fight1\">"
        ));
        assert!(body.contains("<meta name=\"twitter:card\" content=\"summary\">"));
        assert!(
            body.contains(
                "<link rel=\"canonical\" href=\"https://timeline.example/events/fight1\">"
            )
        );
        let start = body.find("<script type=\"application/ld+json\">").unwrap();
        let rest = &body[start + "<script type=\"application/ld+json\">".len()..];
        let json: Value = serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).unwrap();
        assert_eq!(json["@type"], "Event");
        assert_eq!(json["name"], "Shelling of Stepanakert");
        assert_eq!(json["startDate"], "2020-10-14");
        assert_eq!(json["endDate"], "2020-10-15");
        assert_eq!(json["location"]["name"], "Stepanakert");
        assert_eq!(json["url"], "https://timeline.example/events/fight1");
        // Related: within a week, a party or the place in common.
        let talks = get(&f.app, "/events/talks1").await.body;
        assert!(talks.contains("id=\"related-title\""));
        assert!(talks.contains("Humanitarian ceasefire takes effect"));
    }

    #[tokio::test]
    async fn actor_pages_chart_activity_per_month() {
        let f = fixture().await;
        let body = get(&f.app, "/actors/armenia").await.body;
        assert!(body.contains("id=\"activity-title\""));
        assert!(body.contains("<th scope=\"row\">Oct 2020</th>"));
    }
}
