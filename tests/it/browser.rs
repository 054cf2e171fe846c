//! Real-browser tests of the interactive timeline: headless Chromium driven through
//! ChromeDriver (fantoccini). Each test ingests the sample articles into its own
//! temporary database, serves the site on a free loopback port, starts its own
//! `chromedriver` and stops everything at the end, also when the test fails.
//!
//! ChromeDriver is required: without it these tests fail, saying so (`.ci/run`
//! installs it). The HTML check needs the Nu Html Checker: `.ci/run` installs the
//! `vnu-jar` npm package under `target/vnu` and points `CONFLICT_TIMELINE_VNU_JAR`
//! at the jar.
//!
//! Screenshots of every page type (360 and 1280 px wide, light and dark) are written
//! to `target/screenshots/` for people to look at.

use crate::helpers::seeded_store;
use conflict_timeline::store::Store;
use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MOUSE_BUTTON_LEFT, MouseActions, PointerAction,
    WheelAction, WheelActions,
};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::future::Future;
use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const CHROMIUM: &str = "/usr/bin/chromium";
const WAIT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------------
// The harness: database, server, chromedriver, browser sessions.

/// A chromedriver process, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn start_chromedriver() -> Driver {
    let port = free_port();
    let child = match Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => panic!(
            "chromedriver is not installed, and the browser tests need it: install \
             Debian's chromium and chromium-driver packages (.ci/run does)"
        ),
        Err(error) => panic!("cannot start chromedriver: {error}"),
    };
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on port {port} within {WAIT:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

/// What a test gets: the site's address and a way to open browser sessions.
#[derive(Clone)]
struct Site {
    base: String,
    driver_url: String,
    sessions: Arc<Mutex<Vec<Client>>>,
    profiles: Arc<Mutex<Vec<TempDir>>>,
}

impl Site {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A new headless Chromium session, with or without JavaScript.
    async fn browser(&self, javascript: bool) -> Client {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&self.driver_url)
            .await
            .unwrap_or_else(|e| panic!("cannot open a Chromium session ({CHROMIUM}): {e}"));
        self.sessions.lock().unwrap().push(client.clone());
        self.profiles.lock().unwrap().push(profile);
        if javascript {
            // Smooth scrolling would move elements while WebDriver clicks them.
            cdp(
                &client,
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
            )
            .await;
        }
        client
    }
}

/// Runs `body` against a freshly ingested site; closes every browser session and
/// stops chromedriver afterwards, then re-raises the body's panic, if any.
async fn with_site<F, Fut>(body: F)
where
    F: FnOnce(Site) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let store = seeded_store(&dir.path().join("browser.db")).await;
    with_store_site(store, body).await;
}

/// Runs `body` against a site serving `store`, as [`with_site`] does.
async fn with_store_site<F, Fut>(store: Store, body: F)
where
    F: FnOnce(Site) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the site");
    let addr = listener.local_addr().expect("site address");
    let server = tokio::spawn(async move {
        axum::serve(listener, conflict_timeline::web::router(store))
            .await
            .expect("site serves");
    });

    let driver = start_chromedriver();
    let site = Site {
        base: format!("http://{addr}"),
        driver_url: driver.url.clone(),
        sessions: Arc::default(),
        profiles: Arc::default(),
    };
    let outcome = tokio::spawn(body(site.clone())).await;
    let sessions: Vec<Client> = site.sessions.lock().unwrap().drain(..).collect();
    for client in sessions {
        let _ = client.close().await;
    }
    drop(driver);
    server.abort();
    if let Err(error) = outcome {
        if error.is_panic() {
            std::panic::resume_unwind(error.into_panic());
        }
        panic!("test task failed: {error}");
    }
}

/// Polls `check` until it gives `Some`, or fails naming `what`.
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// The event ids of the cards listed, in order (read in one go, so that a swap in
/// progress cannot leave a stale element behind).
async fn card_ids(client: &Client) -> Vec<String> {
    let ids = js(
        client,
        "return [...document.querySelectorAll('.event-card[data-event-id]')] \
         .map(c => c.dataset.eventId);",
    )
    .await;
    serde_json::from_value(ids).expect("a list of ids")
}

/// Clicks the element matching `css` after scrolling it to the middle of the
/// viewport (ChromeDriver's own scrolling leaves it under the sticky day heading).
async fn click(client: &Client, css: &str) {
    let element = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"));
    client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(&element).expect("element reference")],
        )
        .await
        .expect("scroll");
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

async fn query_of(client: &Client) -> Vec<(String, String)> {
    let url = client.current_url().await.expect("url");
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

async fn press(client: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await.expect("key press");
}

async fn active_id(client: &Client) -> String {
    js(
        client,
        "const a = document.activeElement; \
         const card = a && a.closest('.event-card'); \
         return card ? card.dataset.eventId : (a ? a.id : '');",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The slug of the actor with the most events, from the form's suggestions.
async fn first_actor(client: &Client) -> String {
    client
        .find(Locator::Css("#actor-options option"))
        .await
        .expect("actor suggestions")
        .attr("value")
        .await
        .expect("value")
        .expect("a slug")
}

// ---------------------------------------------------------------------------------
// 1. The foundation flow.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_by_actor_open_event_and_follow_its_source_to_the_article() {
    with_site(|site| async move {
        let client = site.browser(true).await;
        // Every date: the actor's events are then all among those listed.
        client.goto(&site.url("/?dates=all")).await.unwrap();
        let all = card_ids(&client).await;
        assert!(all.len() > 5, "the sample articles give events: {all:?}");

        let slug = first_actor(&client).await;
        let field = client.find(Locator::Id("actor")).await.unwrap();
        field.send_keys(&slug).await.unwrap();
        click(&client, "#filter-form button[type=submit]").await;
        eventually("the actor filter in the URL", || async {
            let query = query_of(&client).await;
            query
                .contains(&("actor".into(), slug.clone()))
                .then_some(())
        })
        .await;
        let narrowed = eventually("the narrowed list", || async {
            let ids = card_ids(&client).await;
            (!ids.is_empty() && ids != all).then_some(ids)
        })
        .await;
        assert!(narrowed.iter().all(|id| all.contains(id)));

        click(&client, ".event-card .event-headline a").await;
        eventually("the event page", || async {
            let url = client.current_url().await.ok()?;
            url.path().starts_with("/events/").then_some(())
        })
        .await;
        assert_eq!(
            client.current_url().await.unwrap().path(),
            format!("/events/{}", narrowed[0])
        );

        // A source sentence links to its place in the article.
        click(&client, ".source .quote figcaption a").await;
        let url = eventually("the article page", || async {
            let url = client.current_url().await.ok()?;
            url.path().starts_with("/articles/").then_some(url)
        })
        .await;
        let anchor = url.fragment().expect("the link points at the sentence");
        let marked = js(
            &client,
            &format!(
                "const el = document.getElementById({anchor:?}); \
                 return !!el && !!el.closest('mark') && \
                 !!document.querySelector('mark:target, mark:has(span:target)');"
            ),
        )
        .await;
        assert_eq!(marked, Value::Bool(true), "the sentence is highlighted");
    })
    .await;
}

// ---------------------------------------------------------------------------------
// 2. Drag to select a range on the overview.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dragging_across_the_overview_selects_a_date_range() {
    with_site(|site| async move {
        let client = site.browser(true).await;
        client.goto(&site.url("/")).await.unwrap();
        let before = card_ids(&client).await;
        js(&client, "window.__marker = 1; document.querySelector('.overview-chart').scrollIntoView({block: 'center'}); return 0;").await;
        let rect = js(
            &client,
            "const r = document.querySelector('.overview-chart').getBoundingClientRect(); \
             return [r.left, r.top, r.width, r.height];",
        )
        .await;
        let rect: Vec<f64> = rect
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let (left, top, width, height) = (rect[0], rect[1], rect[2], rect[3]);
        // Along the axis (tick labels only, no links), from 55% to 99% of the width:
        // the later part of the period, which holds most events.
        let y = top + height - 8.0;
        let drag = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo {
                duration: None,
                x: left + width * 0.55,
                y,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveTo {
                duration: Some(Duration::from_millis(150)),
                x: left + width * 0.75,
                y,
            })
            .then(PointerAction::MoveTo {
                duration: Some(Duration::from_millis(150)),
                x: left + width * 0.99,
                y,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        client.perform_actions(drag).await.unwrap();

        let query = eventually("from and to in the URL", || async {
            let query = query_of(&client).await;
            let has = |k: &str| query.iter().any(|(key, _)| key == k);
            (has("from") && has("to")).then_some(query)
        })
        .await;
        let get = |k: &str| {
            query
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert!(get("from") < get("to"), "{query:?}");
        let after = eventually("the list of the range", || async {
            let ids = card_ids(&client).await;
            (ids != before).then_some(ids)
        })
        .await;
        assert!(!after.is_empty() && after.len() < before.len());
        assert!(after.iter().all(|id| before.contains(id)));
        // The overview now shows the selected range.
        let start = js(
            &client,
            "return document.querySelector('.overview-chart').dataset.start;",
        )
        .await;
        assert_eq!(start.as_str().unwrap(), get("from"));
        assert_eq!(js(&client, "return window.__marker;").await, json!(1));

        // The wheel zooms around the pointer: scrolling up narrows the range.
        let days = |q: &[(String, String)]| {
            let day = |k: &str| {
                let v = &q.iter().find(|(key, _)| key == k).unwrap().1;
                v.parse::<jiff::civil::Date>().unwrap()
            };
            (day("to") - day("from")).get_days()
        };
        let before_wheel = days(&query);
        let centre = js(
            &client,
            "const r = document.querySelector('.overview-chart').getBoundingClientRect(); \
             return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];",
        )
        .await;
        let (cx, cy) = (centre[0].as_i64().unwrap(), centre[1].as_i64().unwrap());
        let wheel = WheelActions::new("wheel".into()).then(WheelAction::Scroll {
            duration: None,
            x: cx,
            y: cy,
            delta_x: 0,
            delta_y: -120,
        });
        client.perform_actions(wheel).await.unwrap();
        eventually("a narrower range after the wheel", || async {
            let q = query_of(&client).await;
            q.iter()
                .any(|(k, _)| k == "from")
                .then(|| days(&q))
                .filter(|&d| d < before_wheel)
        })
        .await;
    })
    .await;
}

// ---------------------------------------------------------------------------------
// 3. The keyboard.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_moves_between_events_and_opens_one() {
    with_site(|site| async move {
        let client = site.browser(true).await;
        client.goto(&site.url("/")).await.unwrap();
        let ids = card_ids(&client).await;
        assert!(ids.len() >= 3);

        press(&client, '/').await;
        assert_eq!(active_id(&client).await, "q", "/ goes to the search field");
        press(&client, '\u{e00c}').await; // Escape leaves the field
        press(&client, 'j').await;
        assert_eq!(active_id(&client).await, ids[0]);
        press(&client, 'j').await;
        press(&client, 'j').await;
        assert_eq!(active_id(&client).await, ids[2]);
        press(&client, 'k').await;
        assert_eq!(active_id(&client).await, ids[1]);
        let selected = js(
            &client,
            "return [...document.querySelectorAll('.event-card.is-selected')].map(c => c.dataset.eventId);",
        )
        .await;
        assert_eq!(selected, json!([ids[1]]));
        // The selected card's mark in the overview lights up with it.
        let linked = js(
            &client,
            "return [...document.querySelectorAll('.overview-chart .is-linked')] \
             .map(m => m.dataset.eventId);",
        )
        .await;
        let drawn = js(
            &client,
            &format!(
                "return !!document.querySelector('.overview-chart [data-event-id=\"{}\"]');",
                ids[1]
            ),
        )
        .await;
        if drawn == json!(true) {
            // A ceasefire is drawn as its mark and its lifetime line: every linked
            // shape belongs to the selected event, and there is at least one.
            let linked = linked.as_array().cloned().unwrap_or_default();
            assert!(!linked.is_empty(), "the selected event's mark is linked");
            assert!(linked.iter().all(|m| *m == json!(ids[1])), "{linked:?}");
        }
        // Focus is visible on the selected card.
        let outline = js(
            &client,
            "return getComputedStyle(document.activeElement).outlineStyle;",
        )
        .await;
        assert_ne!(outline, json!("none"));

        // And the reverse: a first click on a mark selects its card.
        let mark = js(
            &client,
            // The first mark not covered by another (marks of one day overlap).
            "for (const m of document.querySelectorAll('.overview-chart a.mark')) { \
               m.scrollIntoView({ block: 'center' }); \
               const r = m.getBoundingClientRect(); \
               const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); \
               if (top && m.contains(top)) return m.dataset.eventId; \
             } \
             return null;",
        )
        .await;
        if let Some(mark) = mark.as_str() {
            click(&client, &format!(".overview-chart a.mark[data-event-id=\"{mark}\"]")).await;
            assert_eq!(client.current_url().await.unwrap().path(), "/");
            assert_eq!(active_id(&client).await, mark);
        }
        // Enter opens whichever card is selected now.
        let target = active_id(&client).await;
        assert!(ids.contains(&target));

        press(&client, '\u{e007}').await; // Enter
        eventually("the event page", || async {
            let url = client.current_url().await.ok()?;
            (url.path() == format!("/events/{target}")).then_some(())
        })
        .await;
    })
    .await;
}

// ---------------------------------------------------------------------------------
// 4. Filtering in place, and the back button.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_swap_the_list_in_place_and_back_restores_the_view() {
    with_site(|site| async move {
        let client = site.browser(true).await;
        client.goto(&site.url("/")).await.unwrap();
        let before = card_ids(&client).await;
        let summary_before = client
            .find(Locator::Id("results-title"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        js(&client, "window.__marker = 1; return 0;").await;

        click(&client, "input[name=kind][value=fighting]").await;
        eventually("kind=fighting in the URL", || async {
            let query = query_of(&client).await;
            query
                .contains(&("kind".into(), "fighting".into()))
                .then_some(())
        })
        .await;
        let fighting = eventually("the fighting list", || async {
            let ids = card_ids(&client).await;
            (ids != before).then_some(ids)
        })
        .await;
        assert_eq!(
            js(&client, "return window.__marker;").await,
            json!(1),
            "no full page load"
        );
        let kinds = js(
            &client,
            "return [...document.querySelectorAll('.event-card')].every(c => c.classList.contains('kind-fighting'));",
        )
        .await;
        assert_eq!(kinds, json!(true));
        let overview_lanes = js(
            &client,
            "return document.querySelectorAll('.lane.kind-talks a, .lane.kind-ceasefire a.mark, .lane.kind-ceasefire a.bubble').length;",
        )
        .await;
        assert_eq!(overview_lanes, json!(0), "the overview follows the filter");
        let summary = client
            .find(Locator::Id("results-title"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_ne!(summary, summary_before);

        client.back().await.unwrap();
        eventually("the first view again", || async {
            let query = query_of(&client).await;
            let ids = card_ids(&client).await;
            (query.is_empty() && ids == before).then_some(())
        })
        .await;
        assert_eq!(js(&client, "return window.__marker;").await, json!(1));
        let checked = js(
            &client,
            "return document.querySelector('input[name=kind][value=fighting]').checked;",
        )
        .await;
        assert_eq!(checked, json!(false), "the form follows the history");

        client.forward().await.unwrap();
        eventually("the fighting view again", || async {
            (card_ids(&client).await == fighting).then_some(())
        })
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_page_appends_in_place_and_zoom_buttons_keep_focus() {
    with_site(|site| async move {
        let client = site.browser(true).await;
        client.goto(&site.url("/?limit=5&dates=all")).await.unwrap();
        let first = card_ids(&client).await;
        assert_eq!(first.len(), 5);
        js(&client, "window.__marker = 1; return 0;").await;
        click(&client, ".pager-next").await;
        let more = eventually("the next page appended", || async {
            let ids = card_ids(&client).await;
            (ids.len() > 5).then_some(ids)
        })
        .await;
        assert_eq!(&more[..5], &first[..], "the first page stays");
        assert_eq!(js(&client, "return window.__marker;").await, json!(1));
        assert_eq!(
            client.current_url().await.unwrap().query(),
            Some("limit=5&dates=all"),
            "appending is not a new view"
        );
        assert_eq!(
            active_id(&client).await,
            more[5],
            "focus on the first new event"
        );

        // Zooming by keyboard: the button keeps focus across the swap.
        click(&client, ".overview-nav a[data-nav=in]").await;
        eventually("a zoomed view", || async {
            let query = query_of(&client).await;
            query.iter().any(|(k, _)| k == "from").then_some(())
        })
        .await;
        let focused = js(&client, "return document.activeElement.dataset.nav || '';").await;
        assert_eq!(focused, json!("in"));
        press(&client, '-').await;
        eventually("zoomed out again", || async {
            let query = query_of(&client).await;
            (!query.iter().any(|(k, _)| k == "from")).then_some(())
        })
        .await;
    })
    .await;
}

// ---------------------------------------------------------------------------------
// 5. Without JavaScript.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_same_urls_list_the_same_events() {
    with_site(|site| async move {
        let with_js = site.browser(true).await;
        let without = site.browser(false).await;
        with_js.goto(&site.url("/")).await.unwrap();
        let slug = first_actor(&with_js).await;
        let urls = [
            "/".to_string(),
            "/?kind=fighting".to_string(),
            "/?from=2020-10-20&to=2020-10-31".to_string(),
            format!("/?actor={slug}"),
            format!("/actors/{slug}"),
        ];
        for path in &urls {
            with_js.goto(&site.url(path)).await.unwrap();
            without.goto(&site.url(path)).await.unwrap();
            let a = card_ids(&with_js).await;
            let b = card_ids(&without).await;
            assert!(!a.is_empty(), "{path} lists events");
            assert_eq!(a, b, "{path}: the same events with and without JavaScript");
        }
        let html_class = without
            .find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("class")
            .await
            .unwrap();
        assert_eq!(html_class, None, "the script did not run");

        // The overview's zoom links work as plain links.
        without.goto(&site.url("/")).await.unwrap();
        click(&without, ".overview-nav a[data-nav=in]").await;
        let zoomed = eventually("the zoomed page", || async {
            let query = query_of(&without).await;
            query.iter().any(|(k, _)| k == "from").then_some(())
        })
        .await;
        let () = zoomed;
        let url = without.current_url().await.unwrap();
        with_js.goto(url.as_str()).await.unwrap();
        assert_eq!(card_ids(&with_js).await, card_ids(&without).await);
    })
    .await;
}

// ---------------------------------------------------------------------------------
// 6. Screenshots, light and dark, phone and desktop.

/// A ChromeDriver command outside WebDriver: a Chrome DevTools Protocol call.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

async fn cdp(client: &Client, cmd: &'static str, params: Value) {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("{cmd} failed: {e}"));
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshots_of_every_page_type_light_and_dark() {
    with_site(|site| async move {
        let client = site.browser(true).await;
        client.goto(&site.url("/")).await.unwrap();
        let event = card_ids(&client).await[2].clone();
        let actor = first_actor(&client).await;
        let pages = [
            ("timeline", "/".to_string()),
            ("event", format!("/events/{event}")),
            ("actor", format!("/actors/{actor}")),
        ];
        let dir = screenshot_dir();
        for scheme in ["light", "dark"] {
            cdp(
                &client,
                "Emulation.setEmulatedMedia",
                json!({ "features": [
                    { "name": "prefers-color-scheme", "value": scheme },
                    { "name": "prefers-reduced-motion", "value": "reduce" },
                ] }),
            )
            .await;
            let mut backgrounds = Vec::new();
            for width in [360_u32, 1280] {
                for (name, path) in &pages {
                    cdp(
                        &client,
                        "Emulation.setDeviceMetricsOverride",
                        json!({ "width": width, "height": 900, "deviceScaleFactor": 1,
                                "mobile": width < 600 }),
                    )
                    .await;
                    client.goto(&site.url(path)).await.unwrap();
                    let height = js(
                        &client,
                        "return Math.min(document.documentElement.scrollHeight, 6000);",
                    )
                    .await
                    .as_u64()
                    .unwrap_or(900);
                    cdp(
                        &client,
                        "Emulation.setDeviceMetricsOverride",
                        json!({ "width": width, "height": height, "deviceScaleFactor": 1,
                                "mobile": width < 600 }),
                    )
                    .await;
                    let overflow = js(
                        &client,
                        "return document.documentElement.scrollWidth - window.innerWidth;",
                    )
                    .await;
                    assert!(
                        overflow.as_i64().unwrap_or(0) <= 0,
                        "{name} at {width}px scrolls sideways by {overflow}px"
                    );
                    backgrounds.push(
                        js(
                            &client,
                            "return getComputedStyle(document.body).backgroundColor;",
                        )
                        .await,
                    );
                    let png = client.screenshot().await.expect("screenshot");
                    assert!(png.starts_with(b"\x89PNG"), "a PNG");
                    let file = dir.join(format!("{name}-{width}-{scheme}.png"));
                    std::fs::write(&file, png).expect("write screenshot");
                }
            }
            let expected = if scheme == "dark" {
                "rgb(21, 21, 19)"
            } else {
                "rgb(251, 250, 248)"
            };
            assert!(
                backgrounds.iter().all(|b| b == expected),
                "{scheme} background: {backgrounds:?}"
            );
        }
    })
    .await;
}

// ---------------------------------------------------------------------------------
// 7. Accessibility (axe-core) and HTML validity (the Nu Html Checker).

const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// One page of each type, as paths on the site.
async fn page_of_each_type(site: &Site, client: &Client) -> Vec<String> {
    client.goto(&site.url("/")).await.unwrap();
    let event = card_ids(client).await[0].clone();
    let actor = first_actor(client).await;
    client
        .goto(&site.url(&format!("/events/{event}")))
        .await
        .unwrap();
    let article = client
        .find(Locator::Css(".source h3 a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    client.goto(&site.url("/places")).await.unwrap();
    let place = client
        .find(Locator::Css(".list-table td a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    vec![
        "/".into(),
        "/?kind=fighting&from=2020-10-20&to=2020-10-31".into(),
        format!("/events/{event}"),
        "/actors".into(),
        format!("/actors/{actor}"),
        "/places".into(),
        place,
        "/articles".into(),
        article,
        "/no/such/page".into(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_without_serious_violations() {
    with_site(|site| async move {
        let client = site.browser(true).await;
        let pages = page_of_each_type(&site, &client).await;
        let mut problems = Vec::new();
        for scheme in ["light", "dark"] {
            cdp(
                &client,
                "Emulation.setEmulatedMedia",
                json!({ "features": [
                    { "name": "prefers-color-scheme", "value": scheme },
                    { "name": "prefers-reduced-motion", "value": "reduce" },
                ] }),
            )
            .await;
            for path in &pages {
                client.goto(&site.url(path)).await.unwrap();
                js(&client, &format!("{AXE}\nwindow.axe = axe; return 0;")).await;
                let result = client
                    .execute_async(
                        "const done = arguments[arguments.length - 1]; \
                         window.axe.run(document, { resultTypes: ['violations'] }) \
                           .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, \
                              help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))) \
                           .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
                        Vec::new(),
                    )
                    .await
                    .expect("axe runs");
                for violation in result.as_array().cloned().unwrap_or_default() {
                    let impact = violation["impact"].as_str().unwrap_or_default();
                    if impact == "serious" || impact == "critical" {
                        problems.push(format!("{scheme} {path}: {violation}"));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "axe violations:\n{}", problems.join("\n"));

        // The check itself works: an image without a text alternative is caught.
        js(
            &client,
            "const img = document.createElement('img'); img.src = 'data:,'; \
             document.querySelector('main').append(img); return 0;",
        )
        .await;
        let caught = client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 window.axe.run(document, { runOnly: ['image-alt'] }) \
                   .then(r => done(r.violations.length), e => done(String(e)));",
                Vec::new(),
            )
            .await
            .expect("axe runs");
        assert_eq!(caught, json!(1), "axe finds a missing alt text");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_is_valid_html() {
    let Ok(jar) = std::env::var("CONFLICT_TIMELINE_VNU_JAR") else {
        panic!(
            "CONFLICT_TIMELINE_VNU_JAR is not set: the HTML check needs the Nu Html Checker \
             (.ci/run installs the vnu-jar npm package under target/vnu and sets it)"
        );
    };
    assert!(
        Path::new(&jar).is_file(),
        "CONFLICT_TIMELINE_VNU_JAR={jar} is not a file"
    );
    with_site(move |site| async move {
        let client = site.browser(true).await;
        let pages = page_of_each_type(&site, &client).await;
        let dir = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        for (i, path) in pages.iter().enumerate() {
            // The HTML as served (not as the script may have changed it).
            let html = client
                .execute_async(
                    &format!(
                        "const done = arguments[arguments.length - 1]; \
                         fetch({path:?}).then(r => r.text()).then(done, e => done(String(e)));"
                    ),
                    Vec::new(),
                )
                .await
                .expect("fetch the page");
            let file = dir.path().join(format!("page-{i}.html"));
            std::fs::write(&file, html.as_str().unwrap()).unwrap();
            files.push((path.clone(), file));
        }
        let output = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .arg("--errors-only")
            .arg("--format")
            .arg("text")
            .args(files.iter().map(|(_, f)| f))
            .output()
            .expect("java runs the Nu Html Checker");
        let mut report = String::from_utf8_lossy(&output.stderr).into_owned();
        report.push_str(&String::from_utf8_lossy(&output.stdout));
        for (path, file) in &files {
            report = report.replace(&format!("file:{}", file.display()), path);
        }
        assert!(output.status.success(), "invalid HTML:\n{report}");
    })
    .await;
}

// ---------------------------------------------------------------------------------
// 8. The first view: where it opens, count bubbles, phones.

/// A database with the shape of Reuters-21578: most events in one year, crowded on
/// a few days (hundreds on one, a hundred and more on the next), a steady trickle
/// through the year, and a few outliers decades away. Written as reports through
/// the store, so that it does not depend on what extraction finds.
async fn outlier_store(db: &Path) -> Store {
    use conflict_timeline::domain::{
        ActorKind, ActorRef, Basis, DateSource, EventDate, EventDraft, EventKind, MentionSpan,
        PlaceRef, Reference, Status,
    };
    use conflict_timeline::store::{ArticleRecord, ArticleToSave};
    use jiff::civil::date;
    use std::collections::BTreeMap;

    let mut days: Vec<EventDate> = Vec::new();
    days.extend((0..300).map(|_| EventDate::day(date(1987, 3, 10))));
    days.extend((0..145).map(|_| EventDate::day(date(1987, 3, 12))));
    days.extend((0..40).map(|_| EventDate::day(date(1987, 1, 2))));
    days.extend((0..40).map(|_| EventDate::day(date(1987, 12, 30))));
    let mut day = date(1987, 1, 1);
    while day.year() == 1987 {
        days.push(EventDate::day(day));
        day = day.tomorrow().unwrap();
    }
    days.push(EventDate::year(1917).unwrap());
    days.push(EventDate::day(date(1950, 6, 25)));
    days.push(EventDate::month(1999, 5).unwrap());
    let store = Store::open(db).await.expect("database opens");
    let actor = ActorRef {
        name: "Testland".into(),
        slug: "testland".into(),
        kind: ActorKind::State,
        role: None,
        affiliation: None,
    };
    let reference = Reference {
        date: Some(date(1999, 12, 31)),
        basis: Basis::Stated,
        how: "the publication date in the metadata".into(),
    };
    let text = "Testland forces shelled the town.";
    let aliases = BTreeMap::new();
    let articles: Vec<(String, Vec<EventDraft>)> = days
        .chunks(50)
        .enumerate()
        .map(|(n, chunk)| {
            let drafts = chunk
                .iter()
                .enumerate()
                .map(|(i, &date)| {
                    // A place of its own, so that no two reports are one event.
                    let place = PlaceRef {
                        name: format!("Town {n} {i}"),
                        slug: format!("town-{n}-{i}"),
                        kind: "town".into(),
                        country: None,
                    };
                    EventDraft {
                        kind: if i % 5 == 0 {
                            EventKind::Talks
                        } else {
                            EventKind::Fighting
                        },
                        subtype: "shelling".into(),
                        status: Status::Reported,
                        alleged_by: vec![],
                        denied_by: vec![],
                        date: Some(date),
                        date_source: DateSource::Explicit,
                        date_basis: "a date in the sentence".into(),
                        actors: vec![actor.clone()],
                        place: Some(place.clone()),
                        places_mentioned: vec![place],
                        casualties: vec![],
                        mentions: vec![MentionSpan {
                            start: 0,
                            end: text.len(),
                            sentence: 0,
                        }],
                        headline: format!("Shelling of Town {n} {i}"),
                        found_by: String::new(),
                    }
                })
                .collect();
            (format!("outliers/{n:03}.txt"), drafts)
        })
        .collect();
    let to_save: Vec<ArticleToSave<'_>> = articles
        .iter()
        .map(|(key, drafts)| ArticleToSave {
            record: ArticleRecord {
                key,
                source_path: key,
                title: Some(key),
                source: Some("Test Wire"),
                url: None,
                reference: &reference,
                content_hash: key,
                text,
            },
            drafts,
            aliases: &aliases,
        })
        .collect();
    store
        .save_articles(&to_save, "2024-01-01T00:00:00Z")
        .await
        .expect("saved");
    store
}

/// Puts the page at `width` × `height` CSS pixels (a phone below 600).
async fn viewport(client: &Client, width: u32, height: u32) {
    cdp(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1,
                "mobile": width < 600 }),
    )
    .await;
}

/// A screenshot of the whole page into `target/screenshots/{name}.png`.
async fn full_screenshot(client: &Client, name: &str, width: u32) {
    let height = js(
        client,
        "return Math.min(document.documentElement.scrollHeight, 4000);",
    )
    .await
    .as_u64()
    .unwrap_or(900) as u32;
    viewport(client, width, height).await;
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).expect("write screenshot");
}

/// Every count bubble's circle as [left, top, right, bottom] on screen, with the
/// overview frame's box last.
async fn bubble_boxes(client: &Client) -> (Vec<[f64; 4]>, [f64; 4]) {
    let found = js(
        client,
        "const box = (e) => { const r = e.getBoundingClientRect(); \
           return [r.left, r.top, r.right, r.bottom]; }; \
         return { bubbles: [...document.querySelectorAll('#tl-overview .bubble circle')].map(box), \
                  frame: box(document.querySelector('#tl-overview .overview-frame')) };",
    )
    .await;
    let bubbles = serde_json::from_value(found["bubbles"].clone()).expect("boxes");
    let frame = serde_json::from_value(found["frame"].clone()).expect("frame");
    (bubbles, frame)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outliers_leave_the_first_view_and_count_bubbles_neither_touch_nor_get_cut() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = outlier_store(&dir.path().join("outliers.db")).await;
    with_store_site(store, |site| async move {
        let client = site.browser(true).await;
        for width in [390_u32, 1280] {
            viewport(&client, width, 900).await;
            client.goto(&site.url("/")).await.unwrap();
            let note = client
                .find(Locator::Css(".opening-note"))
                .await
                .expect("the page says it opens on the crowded period")
                .text()
                .await
                .unwrap();
            assert!(
                note.contains("1987") && note.contains("lie outside it"),
                "{note}"
            );
            let start = js(
                &client,
                "return document.querySelector('.overview-chart').dataset.start;",
            )
            .await;
            assert!(
                start.as_str().unwrap() >= "1986-12",
                "opens on 1987, not on 1917: {start}"
            );
            let (bubbles, frame) = bubble_boxes(&client).await;
            assert!(bubbles.len() >= 3, "crowded days are counted: {bubbles:?}");
            for b in &bubbles {
                assert!(
                    b[0] >= frame[0] && b[2] <= frame[2],
                    "a bubble is cut at {width}px: {b:?} outside {frame:?}"
                );
            }
            for (i, a) in bubbles.iter().enumerate() {
                for b in &bubbles[i + 1..] {
                    let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
                    assert!(apart, "bubbles overlap at {width}px: {a:?} and {b:?}");
                }
            }
            full_screenshot(&client, &format!("overview-outliers-{width}"), width).await;
            // "+ Zoom in" shows events.
            viewport(&client, width, 900).await;
            client.goto(&site.url("/")).await.unwrap();
            click(&client, "#tl-overview a[data-nav='in']").await;
            eventually("zoomed-in events", || async {
                let query = query_of(&client).await;
                let ids = card_ids(&client).await;
                (query.iter().any(|(k, _)| k == "from") && !ids.is_empty()).then_some(())
            })
            .await;
        }
        // The outliers are one link away.
        client.goto(&site.url("/")).await.unwrap();
        click(&client, ".opening-note a").await;
        eventually("every date", || async {
            let start = js(
                &client,
                "return document.querySelector('.overview-chart').dataset.start;",
            )
            .await;
            start
                .as_str()
                .is_some_and(|s| s.starts_with("1917"))
                .then_some(())
        })
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_events_come_first_and_the_filters_fold_without_javascript() {
    with_site(|site| async move {
        for javascript in [false, true] {
            let client = site.browser(javascript).await;
            viewport(&client, 390, 844).await;
            client.goto(&site.url("/")).await.unwrap();
            let first = js(
                &client,
                "const card = document.querySelector('.event-card'); \
                 return card.getBoundingClientRect().top;",
            )
            .await
            .as_f64()
            .unwrap();
            assert!(
                first < 844.0 - 60.0,
                "the first event starts at {first}px (js: {javascript})"
            );
            let form_shown = "return document.getElementById('filter-form').checkVisibility();";
            assert_eq!(
                js(&client, form_shown).await,
                json!(false),
                "filters folded"
            );
            click(&client, "#filters-panel > summary").await;
            assert_eq!(js(&client, form_shown).await, json!(true), "and unfold");
            let suffix = if javascript { "js" } else { "nojs" };
            viewport(&client, 390, 844).await;
            client.goto(&site.url("/")).await.unwrap();
            full_screenshot(&client, &format!("timeline-phone-390-{suffix}"), 390).await;

            // Wide screens show the filters beside the list, script or not.
            viewport(&client, 1280, 900).await;
            client.goto(&site.url("/")).await.unwrap();
            assert_eq!(
                js(&client, form_shown).await,
                json!(true),
                "wide: shown (js: {javascript})"
            );
            full_screenshot(&client, &format!("timeline-samples-1280-{suffix}"), 1280).await;
        }
    })
    .await;
}
