//! What a new reader meets first, over HTTP: the timeline opening on where the
//! events crowd (outliers one link away), zooming in onto events, coarse dates in
//! their own band, forgiving actor and place boxes with any/all, actor names on one
//! line after migrating, and the article list in pages.

use crate::helpers::{get, seeded_store};
use axum::Router;
use axum::http::StatusCode;
use conflict_timeline::store::Store;
use tempfile::TempDir;

async fn samples() -> (TempDir, Router) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = seeded_store(&dir.path().join("first.db")).await;
    (dir, conflict_timeline::web::router(store))
}

/// The `href` of the first link whose tag contains `marker`.
fn href_with(body: &str, marker: &str) -> String {
    let at = body
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in the page"));
    let tag_start = body[..at].rfind('<').expect("a tag");
    let tag_end = at + body[at..].find('>').expect("the end of the tag");
    let tag = &body[tag_start..tag_end];
    let href = tag.split("href=\"").nth(1).expect("an href");
    href[..href.find('"').expect("closing quote")].replace("&#38;", "&")
}

fn event_count(body: &str) -> usize {
    body.matches("class=\"event-card ").count()
}

#[tokio::test]
async fn the_timeline_opens_on_the_war_and_the_rest_is_one_link_away() {
    let (_dir, app) = samples().await;
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    // The 2020 war, not the 2022 talks two years later.
    assert!(
        page.body
            .contains("class=\"note opening-note\">Opening on "),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("2020, where three in four of the dated events are")
    );
    assert!(
        page.body.contains("data-start=\"2020-"),
        "the overview starts in 2020"
    );
    assert!(
        !page.body.contains("data-end=\"2022-"),
        "and ends before the 2022 talks"
    );
    let all = href_with(&page.body, ">Show every date<");
    assert_eq!(all, "/?dates=all");
    let everything = get(&app, &all).await;
    assert!(!everything.body.contains("opening-note"));
    assert!(
        everything.body.contains("data-end=\"2022-"),
        "every date is drawn"
    );
    assert!(event_count(&everything.body) > event_count(&page.body));

    // "+ Zoom in" lands on events, from the opening and from every date.
    for body in [&page.body, &everything.body] {
        let zoom = href_with(body, "data-nav=\"in\"");
        let zoomed = get(&app, &zoom).await;
        assert_eq!(zoomed.status, StatusCode::OK);
        assert!(event_count(&zoomed.body) > 0, "{zoom} shows no event");
    }
    // "All dates" asks for every date rather than the opening again.
    assert_eq!(href_with(&page.body, "data-nav=\"whole\""), "/?dates=all");
}

#[tokio::test]
async fn a_date_filtered_list_puts_coarse_dates_in_their_own_band() {
    let (_dir, app) = samples().await;
    let body = get(&app, "/?from=2020-10-01&to=2020-11-30").await.body;
    let band = body.find("id=\"coarse-title\"").expect("a coarse band");
    let day_headings: Vec<usize> = body
        .match_indices("class=\"day-heading\"><time datetime=\"2020-10-")
        .map(|(i, _)| i)
        .collect();
    assert!(!day_headings.is_empty());
    assert!(
        day_headings.iter().all(|&i| i < band),
        "day-dated events come first"
    );
    // The span of 23-24 October and the month of November are in the band.
    let list = &body[body.find("id=\"event-list\"").expect("the list")..band];
    assert!(
        !list.contains("dated to the month"),
        "no month-dated event ahead of the days"
    );
    assert_eq!(
        body.matches(">Friday 23 October 2020</time>").count(),
        1,
        "one heading for the day"
    );
    assert!(body[band..].contains("(dated to the month)"));

    // The band alone, also as JSON: only coarser dates.
    let coarse = get(
        &app,
        "/api/events?from=2020-10-01&to=2020-11-30&band=coarse",
    )
    .await
    .json();
    let events = coarse["events"].as_array().expect("events");
    assert!(!events.is_empty());
    assert!(
        events.iter().all(|e| e["date"]["precision"] != "day"),
        "{coarse}"
    );
    let days = get(&app, "/api/events?from=2020-10-01&to=2020-11-30&band=day")
        .await
        .json();
    let days = days["events"].as_array().expect("events");
    assert!(!days.is_empty());
    assert!(days.iter().all(|e| e["date"]["precision"] == "day"));
    let bad = get(&app, "/?band=weekly").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("band: &#34;weekly&#34;"), "{}", bad.body);
}

#[tokio::test]
async fn names_surnames_and_abbreviations_resolve_and_unknown_ones_keep_the_other_filters() {
    let (_dir, app) = samples().await;
    let pompeo = get(&app, "/?actor=Pompeo&kind=talks").await;
    assert_eq!(pompeo.status, StatusCode::OK);
    assert!(pompeo.body.contains("“pompeo” read as Mike Pompeo."));
    assert!(pompeo.body.contains("value=\"mike-pompeo\""));
    let us = get(&app, "/?actor=US").await;
    assert!(us.body.contains("“us” read as United States."));
    assert!(event_count(&us.body) > 0);

    // An unknown name: the page, not a 400, with the other filters kept and a note.
    let unknown = get(&app, "/?actor=Gorbachev&kind=talks&from=2020-10-01&q=talks").await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert!(unknown.body.contains("No actor is called “gorbachev”"));
    assert!(
        unknown
            .body
            .contains("name=\"kind\" value=\"talks\" checked")
    );
    assert!(unknown.body.contains("value=\"2020-10-01\""));
    assert!(unknown.body.contains("id=\"q\" name=\"q\" value=\"talks\""));
    assert!(
        unknown.body.contains("value=\"Gorbachev\"")
            || unknown.body.contains("value=\"gorbachev\"")
    );
    // The JSON twin cannot leave it out: it names the parameter.
    let api = get(&app, "/api/events?actor=Gorbachev").await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert!(
        api.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("actor: unknown actor")
    );
    let api = get(&app, "/api/events?actor=Pompeo").await;
    assert_eq!(api.status, StatusCode::OK);
    let place = get(&app, "/?place=karabakh").await;
    assert!(place.body.contains("“karabakh” read as Nagorno-Karabakh."));
}

#[tokio::test]
async fn two_actors_mean_any_or_all_as_chosen_and_the_twins_follow() {
    let (_dir, app) = samples().await;
    let total = |query: &'static str| {
        let app = app.clone();
        async move {
            let answer = get(&app, &format!("/api/events?{query}&limit=500")).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            answer.json()["events"].as_array().unwrap().len()
        }
    };
    let any = total("actor=armenia&actor=mike-pompeo&dates=all").await;
    let all = total("actor=armenia&actor=mike-pompeo&actors_match=all").await;
    let armenia = total("actor=armenia").await;
    assert!(all < any, "all ({all}) narrows any ({any})");
    assert!(any >= armenia);
    assert!(all > 0);
    let page = get(&app, "/?actor=armenia&actor=mike-pompeo&dates=all")
        .await
        .body;
    assert!(page.contains("Events with any of these actors."));
    let switch = href_with(&page, ">Show only events with all of them<");
    assert!(switch.contains("actors_match=all"), "{switch}");
    let page = get(&app, &switch).await.body;
    assert!(page.contains("Events with all of these actors."));
    assert!(page.contains("value=\"all\" checked"));
    assert_eq!(event_count(&page), all);
    let csv = get(
        &app,
        "/api/events.csv?actor=armenia&actor=mike-pompeo&actors_match=all",
    )
    .await;
    assert_eq!(csv.body.lines().count() - 1, all);
}

#[tokio::test]
async fn names_with_line_breaks_or_possessives_become_one_actor_when_migrated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("old.db");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema/0004.sqlite"),
        &db,
    )
    .unwrap();
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        for sql in [
            "INSERT INTO actors (slug, name, kind) VALUES \
             ('mikhail-gorbachev', 'Mikhail' || char(10) || 'Gorbachev', 'person'), \
             ('mikhail-gorbachev-s', 'Mikhail Gorbachev''s', 'person')",
            "INSERT INTO event_actors (event_id, actor_id, role) \
             SELECT id, (SELECT id FROM actors WHERE slug = 'mikhail-gorbachev-s'), 'participant' \
             FROM events ORDER BY id LIMIT 2",
            "INSERT INTO event_actors (event_id, actor_id, role) \
             SELECT id, (SELECT id FROM actors WHERE slug = 'mikhail-gorbachev'), 'participant' \
             FROM events ORDER BY id LIMIT 1 OFFSET 1",
            "UPDATE events SET alleged_by = json_array('Mikhail Gorbachev''s') \
             WHERE id = (SELECT id FROM events ORDER BY id LIMIT 1)",
        ] {
            sqlx::query(sql).execute(&mut conn).await.expect(sql);
        }
        conn.close().await.unwrap();
    }
    let store = Store::open(&db).await.expect("migrates");
    let app = conflict_timeline::web::router(store);
    let actors = get(&app, "/api/actors").await.json();
    let gorbachevs: Vec<&serde_json::Value> = actors
        .as_array()
        .or_else(|| actors["actors"].as_array())
        .expect("actors")
        .iter()
        .filter(|a| a.to_string().contains("Gorbachev"))
        .collect();
    assert_eq!(gorbachevs.len(), 1, "{gorbachevs:?}");
    assert!(gorbachevs[0].to_string().contains("\"Mikhail Gorbachev\""));
    let events = get(&app, "/api/events?actor=mikhail-gorbachev&dates=all")
        .await
        .json();
    let events = events["events"].as_array().expect("events");
    assert_eq!(events.len(), 2, "both events, each once");
    let csv = get(&app, "/api/events.csv?limit=500").await.body;
    assert!(!csv.contains("Gorbachev's") && !csv.contains("Mikhail\nGorbachev"));
}

#[tokio::test]
async fn the_article_list_is_paged_searched_and_filtered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("articles.db")).await.unwrap();
    for i in 0..250 {
        sqlx::query(
            "INSERT INTO articles (key, source_path, title, source, published, published_basis, \
             published_how, content_hash, text, ingested_at) \
             VALUES (?, 'feed.jsonl', ?, ?, ?, 'stated', 'metadata', ?, 'text', '2024-01-01')",
        )
        .bind(format!("feed/{i:03}"))
        .bind(if i % 10 == 0 {
            format!("Ceasefire talk {i}")
        } else {
            format!("Grain prices {i}")
        })
        .bind(if i % 2 == 0 { "Agency A" } else { "Agency B" })
        .bind((i % 7 != 0).then(|| format!("1987-03-{:02}", 1 + i % 28)))
        .bind(format!("h{i}"))
        .execute(store.pool())
        .await
        .unwrap();
    }
    let app = conflict_timeline::web::router(store);
    let first = get(&app, "/articles").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("<h2>250 articles</h2>"));
    assert_eq!(first.body.matches("href=\"/articles/feed%2F").count(), 100);
    // Walking "Next page" lists every article exactly once.
    let mut seen = std::collections::BTreeSet::new();
    let mut url = "/articles".to_string();
    for _ in 0..5 {
        let body = get(&app, &url).await.body;
        for (i, _) in body.match_indices("href=\"/articles/feed%2F") {
            let at = i + "href=\"/articles/feed%2F".len();
            let key = &body[at..at + 3];
            assert!(seen.insert(key.to_string()), "{key} listed twice");
        }
        if !body.contains("rel=\"next\"") {
            break;
        }
        url = href_with(&body, "rel=\"next\"");
    }
    assert_eq!(seen.len(), 250);

    let searched = get(&app, "/articles?q=ceasefire&source=Agency+A")
        .await
        .body;
    assert!(
        searched.contains("<h2>25 articles match</h2>"),
        "{searched}"
    );
    let bad = get(&app, "/articles?after=nonsense").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("after: &#34;nonsense&#34;"),
        "{}",
        bad.body
    );
    let pattern = get(&app, "/articles?q=%25").await.body;
    assert!(
        pattern.contains("<h2>0 articles match</h2>"),
        "a % is no wildcard"
    );
}
