//! The one place that builds URLs. Handlers and templates ask here for every link,
//! so that paths, percent-encoding and the query string of a filter are written once
//! and a page's whole state always round-trips through its URL.

use crate::store::{ActorsMatch, ArticleFilter, DEFAULT_PAGE_SIZE, EventFilter};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Escapes everything but the RFC 3986 unreserved characters, so a value is safe both
/// as one path segment (a `/` in a JSONL id stays inside its segment) and in a query.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One path segment or query value, percent-encoded.
fn encode(value: &str) -> String {
    match value {
        // Browsers resolve "." and ".." segments away before sending the request
        // (and a query value of them must not be read as one either).
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => utf8_percent_encode(value, COMPONENT).to_string(),
    }
}

/// The query string (with its leading `?`, or empty) that encodes `filter`, in a
/// fixed key order so equal filters give equal URLs.
pub fn filter_query(filter: &EventFilter) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(from) = filter.from {
        pairs.push(("from", from.to_string()));
    }
    if let Some(to) = filter.to {
        pairs.push(("to", to.to_string()));
    }
    for kind in &filter.kinds {
        pairs.push(("kind", kind.as_str().to_string()));
    }
    for actor in &filter.actors {
        pairs.push(("actor", actor.to_string()));
    }
    if filter.actors_match != ActorsMatch::Any {
        pairs.push(("actors_match", filter.actors_match.as_str().to_string()));
    }
    if let Some(place) = &filter.place {
        pairs.push(("place", place.to_string()));
    }
    if let Some(text) = &filter.text {
        pairs.push(("q", text.clone()));
    }
    if let Some(band) = filter.band {
        pairs.push(("band", band.as_str().to_string()));
    }
    if filter.limit != DEFAULT_PAGE_SIZE {
        pairs.push(("limit", filter.limit.to_string()));
    }
    if filter.every_date {
        pairs.push(("dates", "all".to_string()));
    }
    if let Some(after) = &filter.after {
        pairs.push(("after", after.to_token()));
    }
    if pairs.is_empty() {
        return String::new();
    }
    let joined: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect();
    format!("?{}", joined.join("&"))
}

/// The site's public address (`serve --base-url`), the only origin absolute URLs
/// (canonical link, `og:url`, JSON-LD `url`) are built from. Request headers (`Host`,
/// `X-Forwarded-*`) are never used: anyone can send them, and a page rendered with a
/// forged host would be kept by the response cache and shown to every later visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl std::str::FromStr for BaseUrl {
    type Err = String;

    /// `http://` or `https://`, a host of letters, digits, `.`, `-`, `:`, `[`, `]`,
    /// and an optional path prefix; no query, fragment or user info. A trailing `/`
    /// is dropped, so `https://example.org/timeline/` + `/events/x` joins cleanly.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("{text:?} must start with http:// or https://"))?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !host_ok {
            return Err(format!("{text:?} has no valid host name after the scheme"));
        }
        let path_ok = path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~' | '%'));
        if !path_ok {
            return Err(format!(
                "{text:?}: the path may only hold letters, digits and / - _ . ~ % \
                 (no query, fragment or spaces)"
            ));
        }
        Ok(BaseUrl(text.trim_end_matches('/').to_string()))
    }
}

impl BaseUrl {
    /// The absolute form of a site path such as `/events/x`.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// `path` made absolute under `base`, or left root-relative without one.
pub fn public(base: Option<&BaseUrl>, path: &str) -> String {
    base.map_or_else(|| path.to_string(), |b| b.join(path))
}

/// The front page: the unfiltered timeline.
pub fn home() -> String {
    "/".to_string()
}

/// The timeline page for `filter`.
pub fn timeline(filter: &EventFilter) -> String {
    format!("/{}", filter_query(filter))
}

/// The event-list fragment of the timeline (for in-page updates).
pub fn timeline_fragment(filter: &EventFilter) -> String {
    format!("/fragment/events{}", filter_query(filter))
}

/// The JSON twin of the timeline.
pub fn api_events(filter: &EventFilter) -> String {
    format!("/api/events{}", filter_query(filter))
}

/// The CSV twin of the timeline.
pub fn api_events_csv(filter: &EventFilter) -> String {
    format!("/api/events.csv{}", filter_query(filter))
}

pub fn event(id: &str) -> String {
    format!("/events/{}", encode(id))
}

/// The event page reached from a list narrowed by `filter`: the filter rides along
/// (paging dropped) so that the page's previous/next links walk the same list.
pub fn event_in(id: &str, filter: &EventFilter) -> String {
    let along = EventFilter {
        after: None,
        limit: DEFAULT_PAGE_SIZE,
        ..filter.clone()
    };
    format!("{}{}", event(id), filter_query(&along))
}

pub fn api_event(id: &str) -> String {
    format!("/api/events/{}", encode(id))
}

pub fn actors() -> String {
    "/actors".to_string()
}

pub fn api_actors() -> String {
    "/api/actors".to_string()
}

pub fn actor(slug: &str) -> String {
    format!("/actors/{}", encode(slug))
}

/// The actor page with its event list narrowed by `filter`; the page fixes the
/// actor itself, so it is not repeated in the query.
pub fn actor_filtered(slug: &str, filter: &EventFilter) -> String {
    let mut rest = filter.clone();
    rest.actors.retain(|a| a != slug);
    format!("{}{}", actor(slug), filter_query(&rest))
}

pub fn places() -> String {
    "/places".to_string()
}

pub fn place(slug: &str) -> String {
    format!("/places/{}", encode(slug))
}

/// The place page with its event list narrowed by `filter`, like [`actor_filtered`].
pub fn place_filtered(slug: &str, filter: &EventFilter) -> String {
    let rest = EventFilter {
        place: None,
        ..filter.clone()
    };
    format!("{}{}", place(slug), filter_query(&rest))
}

/// The JSON twin of the place page, with its event list narrowed by `filter`.
pub fn api_place_filtered(slug: &str, filter: &EventFilter) -> String {
    let rest = EventFilter {
        place: None,
        ..filter.clone()
    };
    format!("/api/places/{}{}", encode(slug), filter_query(&rest))
}

pub fn articles() -> String {
    "/articles".to_string()
}

/// The article list narrowed by `filter`, from its page `filter.after`.
pub fn articles_list(filter: &ArticleFilter) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(text) = &filter.text {
        pairs.push(("q", text.clone()));
    }
    if let Some(source) = &filter.source {
        pairs.push(("source", source.clone()));
    }
    if filter.with_events {
        pairs.push(("events", "yes".to_string()));
    }
    if let Some(after) = &filter.after {
        pairs.push(("after", after.to_token()));
    }
    let joined: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect();
    if joined.is_empty() {
        articles()
    } else {
        format!("{}?{}", articles(), joined.join("&"))
    }
}

/// An article's page. A key that is a dot segment (`.` or `..`, a JSONL id may be
/// one) cannot be a path segment in any spelling: browsers resolve `%2E%2E` like
/// `..` (WHATWG URL), so those keys go in the query of `/article` instead.
pub fn article(key: &str) -> String {
    match key {
        "." | ".." => format!("/article?key={}", encode(key)),
        _ => format!("/articles/{}", encode(key)),
    }
}

/// Part `index` (from 0) of an article's page; the first part is the article's
/// own address.
pub fn article_part(key: &str, index: u32) -> String {
    let page = article(key);
    match index {
        0 => page,
        _ if page.contains('?') => format!("{page}&part={}", u64::from(index) + 1),
        _ => format!("{page}?part={}", u64::from(index) + 1),
    }
}

/// One highlighted sentence inside its article (on the article's first part; see
/// [`mention_at`] when the sentence's offset is known).
pub fn mention(article_key: &str, mention_id: i64) -> String {
    format!("{}#{}", article(article_key), mention_anchor(mention_id))
}

/// One highlighted sentence starting at byte `start` of its article: on the part of
/// a long article that shows it.
pub fn mention_at(article_key: &str, mention_id: i64, start: i64) -> String {
    format!(
        "{}#{}",
        article_part(article_key, crate::store::part_of(start)),
        mention_anchor(mention_id)
    )
}

/// The element id of a highlighted sentence on the article page.
pub fn mention_anchor(mention_id: i64) -> String {
    format!("m-{mention_id}")
}

pub fn stylesheet() -> String {
    "/static/style.css".to_string()
}

/// The progressive-enhancement script (an ES module; the pages work without it).
pub fn script() -> String {
    "/static/timeline.js".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EventKind;
    use crate::store::Cursor;
    use jiff::civil::date;

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(
            article("000_0f573e205182e577.txt"),
            "/articles/000_0f573e205182e577.txt"
        );
        assert_eq!(article("feed/42 a?b#c"), "/articles/feed%2F42%20a%3Fb%23c");
        assert_eq!(article(".."), "/article?key=%2E%2E");
        assert_eq!(article("..."), "/articles/...");
        assert_eq!(mention("a.txt", 7), "/articles/a.txt#m-7");
    }

    #[test]
    fn a_base_url_is_checked_and_joined() {
        let base: BaseUrl = "https://timeline.example/war/".parse().unwrap();
        assert_eq!(
            public(Some(&base), "/events/x"),
            "https://timeline.example/war/events/x"
        );
        assert_eq!(public(None, "/events/x"), "/events/x");
        for bad in [
            "timeline.example",
            "ftp://x",
            "https://",
            "https://a b",
            "https://x/?q=1",
            "https://x/#f",
            "https://u@x",
        ] {
            assert!(bad.parse::<BaseUrl>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn filters_round_trip_into_a_stable_query() {
        assert_eq!(timeline(&EventFilter::default()), "/");
        let filter = EventFilter {
            from: Some(date(2020, 10, 1)),
            kinds: vec![EventKind::Talks, EventKind::Fighting],
            actors: vec!["armenia".parse().unwrap()],
            text: Some("cease fire&x=1".into()),
            limit: 10,
            after: Some(Cursor {
                date_start: None,
                id: "0f".parse().unwrap(),
            }),
            ..EventFilter::default()
        };
        assert_eq!(
            api_events(&filter),
            "/api/events?from=2020-10-01&kind=talks&kind=fighting&actor=armenia\
             &q=cease%20fire%26x%3D1&limit=10&after=2d7c3066"
        );
    }
}
