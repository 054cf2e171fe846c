//! Read queries for the website and the API: the filtered timeline with keyset
//! pagination and per-kind counts, and the detail of one event, actor, place or
//! article. Every answer is a typed struct built from validated inputs
//! ([`EventFilter`]); stored strings are parsed back into domain types here, so a
//! corrupt row surfaces as [`StoreError::Corrupt`] instead of reaching a page.
//!
//! This module never writes. Dynamic filters are built with `QueryBuilder` and bound
//! parameters only; user text reaches SQL solely as bound values. `AssertSqlSafe`
//! wraps nothing but SQL glued together from this module's own constants.

use super::{Result, Store, StoreError};
use crate::domain::{ActorKind, EventDate, EventKind, Status};
use jiff::civil::Date;
use sqlx::{QueryBuilder, Sqlite};
use std::collections::HashMap;

mod timeline;

use std::fmt;
use std::str::FromStr;
pub use timeline::{
    ActivityMonth, Breach, CasualtyPoint, EventNeighbours, OVERVIEW_LIMIT, OverviewEvent, TopActor,
};

/// Events per page when the request does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// The largest page a request may ask for; keeps one response bounded.
pub const MAX_PAGE_SIZE: u32 = 500;
/// How many merge redirects are followed before giving up (guards against cycles).
const MAX_REDIRECT_HOPS: usize = 16;

/// Which events to list: every field narrows the set; empty fields do not filter.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFilter {
    /// Keep events whose date span ends on or after this day (undated events drop out).
    pub from: Option<Date>,
    /// Keep events whose date span starts on or before this day (undated events drop out).
    pub to: Option<Date>,
    /// Keep events of any of these kinds; empty means all kinds.
    pub kinds: Vec<EventKind>,
    /// Keep events involving any of these actors (by slug, in any role).
    pub actors: Vec<String>,
    /// Keep events at this place (by slug).
    pub place: Option<String>,
    /// Free text, matched against headlines and source sentences. Plain words: the
    /// store quotes them, so no input can be an FTS5 syntax error.
    pub text: Option<String>,
    /// Keyset cursor: list only events after this one in timeline order.
    pub after: Option<Cursor>,
    /// Page size, 1..=[`MAX_PAGE_SIZE`].
    pub limit: u32,
}

impl Default for EventFilter {
    fn default() -> Self {
        EventFilter {
            from: None,
            to: None,
            kinds: Vec::new(),
            actors: Vec::new(),
            place: None,
            text: None,
            after: None,
            limit: DEFAULT_PAGE_SIZE,
        }
    }
}

impl EventFilter {
    /// The same filter, starting after `cursor` (or from the first page with `None`).
    pub fn with_after(&self, cursor: Option<Cursor>) -> EventFilter {
        EventFilter {
            after: cursor,
            ..self.clone()
        }
    }

    /// True when nothing narrows the list (paging aside).
    pub fn is_unfiltered(&self) -> bool {
        self.from.is_none()
            && self.to.is_none()
            && self.kinds.is_empty()
            && self.actors.is_empty()
            && self.place.is_none()
            && self.text.is_none()
    }
}

/// A position in timeline order: the last event of a page, as (date_start, id).
/// Undated events sort last, so `date_start: None` points into that tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub date_start: Option<Date>,
    pub id: String,
}

/// Why a page token was rejected; the web layer names the parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid page cursor")]
pub struct BadCursor(pub String);

impl Cursor {
    /// The opaque token used in `after=`: hex of `date|id` (`-` for undated), so that
    /// clients treat it as a token and never build one by hand.
    pub fn to_token(&self) -> String {
        let date = self
            .date_start
            .map_or_else(|| "-".to_string(), |d| d.to_string());
        format!("{date}|{}", self.id)
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Parses a token made by [`Cursor::to_token`].
    pub fn from_token(token: &str) -> Result<Cursor, BadCursor> {
        let bad = || BadCursor(token.to_string());
        if token.is_empty() || token.len() % 2 != 0 || !token.is_ascii() {
            return Err(bad());
        }
        let bytes = (0..token.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&token[i..i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (date, id) = text.split_once('|').ok_or_else(bad)?;
        if id.is_empty() || id.chars().any(char::is_control) {
            return Err(bad());
        }
        let date_start = match date {
            "-" => None,
            d => Some(d.parse::<Date>().map_err(|_| bad())?),
        };
        Ok(Cursor {
            date_start,
            id: id.to_string(),
        })
    }
}

/// A link target for an actor or place: its slug and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub slug: String,
    pub name: String,
}

/// The part an actor plays in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorRole {
    Participant,
    /// Claims the event happened (for alleged or denied events).
    Alleger,
    /// Denies the event happened.
    Denier,
}

impl ActorRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorRole::Participant => "participant",
            ActorRole::Alleger => "alleger",
            ActorRole::Denier => "denier",
        }
    }
}

impl FromStr for ActorRole {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "participant" => Ok(ActorRole::Participant),
            "alleger" => Ok(ActorRole::Alleger),
            "denier" => Ok(ActorRole::Denier),
            other => Err(format!("unknown actor role {other:?}")),
        }
    }
}

impl fmt::Display for ActorRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An actor as it takes part in one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventActor {
    pub slug: String,
    pub name: String,
    pub kind: ActorKind,
    pub role: ActorRole,
}

/// One event as the timeline lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSummary {
    pub id: String,
    pub kind: EventKind,
    pub subtype: String,
    pub status: Status,
    /// Who claims it, as named by the sources (for alleged and denied events).
    pub alleged_by: Vec<String>,
    /// Who denies it.
    pub denied_by: Vec<String>,
    /// `None` for events no source dates.
    pub date: Option<EventDate>,
    pub headline: String,
    pub place: Option<Named>,
    pub actors: Vec<EventActor>,
    pub confidence: f64,
    /// Distinct articles reporting the event.
    pub source_count: i64,
    /// The casualty figures its sources give, each as stated (never summed).
    pub figures: Vec<Figure>,
}

/// A casualty figure in brief, as an event list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub party: Option<String>,
    /// `military`, `civilian` or `None`.
    pub group: Option<String>,
    pub killed: Option<i64>,
    pub wounded: Option<i64>,
    pub cumulative: bool,
    pub reported_by: Option<String>,
}

impl EventSummary {
    /// Where this event sits in timeline order (the keyset of the next page).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            date_start: self.date.map(|d| d.start),
            id: self.id.clone(),
        }
    }
}

/// One page of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPage {
    pub events: Vec<EventSummary>,
    /// Cursor of the page after this one; `None` on the last page.
    pub next: Option<Cursor>,
}

/// How many events match a filter, in total and per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCounts {
    /// Events matching the whole filter.
    pub total: i64,
    /// Per kind, for the filter without its kind restriction, so that a reader sees
    /// what ticking another kind would add. Always all three kinds, in `EventKind::ALL` order.
    pub by_kind: Vec<(EventKind, i64)>,
}

/// A casualty figure as one article gives it, with the sentence that states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasualtyReport {
    pub article_key: String,
    pub article_title: Option<String>,
    pub article_source: Option<String>,
    pub article_published: Option<String>,
    /// The mention in the same article whose sentence contains the figure, for a link.
    pub mention_id: Option<i64>,
    pub party: Option<String>,
    /// `military`, `civilian` or `None` when the source does not say.
    pub group: Option<String>,
    pub killed: Option<i64>,
    pub wounded: Option<i64>,
    /// A running total rather than the toll of this event alone.
    pub cumulative: bool,
    pub reported_by: Option<String>,
    /// The stating sentence, cut from the article by its byte offsets.
    pub sentence: String,
}

/// One source sentence of an event, with the article it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub id: i64,
    pub article_key: String,
    pub article_title: Option<String>,
    pub article_source: Option<String>,
    pub article_published: Option<String>,
    /// Byte offsets of the sentence in the article text.
    pub start: i64,
    pub end: i64,
    pub text: String,
}

/// Everything the event page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDetail {
    pub summary: EventSummary,
    /// The TIMEX3-style value as stored (`2020-10`, `2020-10-23/2020-10-24`).
    pub date_value: Option<String>,
    /// Where the date came from, in words for readers.
    pub date_basis: String,
    pub casualties: Vec<CasualtyReport>,
    pub mentions: Vec<Mention>,
    /// Each article's own account, as extracted, from which the fields were reconciled.
    pub reports: Vec<Report>,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    article_key: String,
    article_title: Option<String>,
    article_published: Option<String>,
    article_dated: String,
    draft: String,
}

/// One article's account of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub article_key: String,
    pub article_title: Option<String>,
    /// The article's reference date, and how it was obtained.
    pub article_published: Option<String>,
    pub article_dated: String,
    pub draft: crate::domain::EventDraft,
}

/// The answer to "show event X": the event, a newer id it was merged into, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum EventLookup {
    Found(Box<EventDetail>),
    /// The id was merged away; the surviving event has this id.
    MergedInto(String),
    Missing,
}

/// An actor with the number of events it appears in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorSummary {
    pub slug: String,
    pub name: String,
    pub kind: ActorKind,
    /// For people: their office ("Foreign Minister").
    pub role: Option<String>,
    /// For people: the state or organisation they act for, when it is a known actor.
    pub affiliation: Option<Named>,
    pub event_count: i64,
}

/// Everything the actor page shows besides its event list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorDetail {
    pub actor: ActorSummary,
    /// Other names the sources use for this actor.
    pub aliases: Vec<String>,
    /// People whose affiliation is this actor.
    pub members: Vec<ActorSummary>,
}

/// A place with the number of events located there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceSummary {
    pub slug: String,
    pub name: String,
    /// city | town | region | country | facility ...
    pub kind: String,
    pub country: Option<String>,
    pub event_count: i64,
}

/// One event sentence inside an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMention {
    pub id: i64,
    pub event_id: String,
    /// `None` when the event row is gone (the mention outlived a re-ingest).
    pub kind: Option<EventKind>,
    pub headline: Option<String>,
    /// Byte offsets into the article text.
    pub start: i64,
    pub end: i64,
    pub text: String,
}

/// An article as ingested, with the event sentences found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDetail {
    pub key: String,
    pub source_path: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Reference date (YYYY-MM-DD), when known.
    pub published: Option<String>,
    /// stated | inferred | unknown
    pub published_basis: String,
    /// How the reference date was obtained, in words for readers.
    pub published_how: String,
    pub text: String,
    /// In text order.
    pub mentions: Vec<ArticleMention>,
}

/// An article in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    pub key: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub mention_count: i64,
}

// ---------------------------------------------------------------------------------
// Raw rows: exactly what SQLite returns, converted to the types above in one place.

#[derive(sqlx::FromRow)]
struct EventRow {
    id: String,
    kind: String,
    subtype: String,
    status: String,
    alleged_by: String,
    denied_by: String,
    date_start: Option<String>,
    date_end: Option<String>,
    date_precision: Option<String>,
    date_value: Option<String>,
    date_basis: String,
    headline: String,
    confidence: f64,
    source_count: i64,
    place_slug: Option<String>,
    place_name: Option<String>,
}

/// Columns of [`EventRow`], for `FROM events e LEFT JOIN places p ON p.id = e.place_id`.
const EVENT_COLUMNS: &str = "SELECT e.id, e.kind, e.subtype, e.status, e.alleged_by, \
     e.denied_by, e.date_start, e.date_end, e.date_precision, e.date_value, e.date_basis, \
     e.headline, e.confidence, e.source_count, \
     p.slug AS place_slug, p.name AS place_name \
     FROM events e LEFT JOIN places p ON p.id = e.place_id";

fn corrupt(what: impl fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn parse_column<T: FromStr>(value: &str, column: &str, id: &str) -> Result<T>
where
    T::Err: fmt::Display,
{
    value
        .parse()
        .map_err(|e| corrupt(format_args!("{column} of {id}: {e}")))
}

/// Splits a `'; '`-joined list of names, dropping empty parts.
fn split_names(joined: &str) -> Vec<String> {
    joined
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl EventRow {
    fn date(&self) -> Result<Option<EventDate>> {
        match (&self.date_start, &self.date_end, &self.date_precision) {
            (None, _, _) => Ok(None),
            (Some(start), end, precision) => {
                let end = end.as_deref().unwrap_or(start);
                let precision = precision.as_deref().unwrap_or("day");
                EventDate::from_parts(start, end, precision)
                    .map(Some)
                    .ok_or_else(|| {
                        corrupt(format_args!(
                            "date of {}: {start:?}..{end:?} ({precision:?})",
                            self.id
                        ))
                    })
            }
        }
    }

    fn into_summary(self, actors: Vec<EventActor>, figures: Vec<Figure>) -> Result<EventSummary> {
        let date = self.date()?;
        let place = match (self.place_slug, self.place_name) {
            (Some(slug), Some(name)) => Some(Named { slug, name }),
            _ => None,
        };
        Ok(EventSummary {
            kind: parse_column(&self.kind, "kind", &self.id)?,
            status: parse_column(&self.status, "status", &self.id)?,
            alleged_by: split_names(&self.alleged_by),
            denied_by: split_names(&self.denied_by),
            date,
            subtype: self.subtype,
            headline: self.headline,
            place,
            actors,
            confidence: self.confidence,
            source_count: self.source_count,
            figures,
            id: self.id,
        })
    }
}

#[derive(sqlx::FromRow)]
struct EventActorRow {
    event_id: String,
    slug: String,
    name: String,
    kind: String,
    role: String,
}

impl EventActorRow {
    fn into_actor(self) -> Result<EventActor> {
        Ok(EventActor {
            kind: parse_column(&self.kind, "kind", &self.slug)?,
            role: parse_column(&self.role, "role", &self.event_id)?,
            slug: self.slug,
            name: self.name,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ActorRow {
    slug: String,
    name: String,
    kind: String,
    role: Option<String>,
    affiliation_slug: Option<String>,
    affiliation_name: Option<String>,
    event_count: i64,
}

impl ActorRow {
    fn into_summary(self) -> Result<ActorSummary> {
        let affiliation = match (self.affiliation_slug, self.affiliation_name) {
            (Some(slug), Some(name)) => Some(Named { slug, name }),
            _ => None,
        };
        Ok(ActorSummary {
            kind: parse_column(&self.kind, "kind", &self.slug)?,
            slug: self.slug,
            name: self.name,
            role: self.role,
            affiliation,
            event_count: self.event_count,
        })
    }
}

/// Actors with their affiliation resolved and their event counts (kept per actor by
/// the `actor_counts` triggers, so no page counts links); callers add a WHERE clause
/// (on `a.`) before [`ACTOR_GROUPING`].
const ACTOR_COLUMNS: &str = "SELECT a.slug, a.name, a.kind, a.role, \
     af.slug AS affiliation_slug, af.name AS affiliation_name, \
     COALESCE(ac.events, 0) AS event_count \
     FROM actors a \
     LEFT JOIN actors af ON af.slug = a.affiliation \
     LEFT JOIN actor_counts ac ON ac.actor_id = a.id";
const ACTOR_GROUPING: &str = " ORDER BY event_count DESC, a.name";

#[derive(sqlx::FromRow)]
struct PlaceRow {
    slug: String,
    name: String,
    kind: String,
    country: Option<String>,
    event_count: i64,
}

impl From<PlaceRow> for PlaceSummary {
    fn from(row: PlaceRow) -> Self {
        PlaceSummary {
            slug: row.slug,
            name: row.name,
            kind: row.kind,
            country: row.country,
            event_count: row.event_count,
        }
    }
}

/// Places with their event counts (kept by the `place_counts` triggers).
const PLACE_COLUMNS: &str = "SELECT p.slug, p.name, p.kind, p.country, \
     COALESCE(pc.events, 0) AS event_count \
     FROM places p LEFT JOIN place_counts pc ON pc.place_id = p.id";

#[derive(sqlx::FromRow)]
struct CasualtyRow {
    article_key: String,
    article_title: Option<String>,
    article_source: Option<String>,
    article_published: Option<String>,
    mention_id: Option<i64>,
    party: Option<String>,
    grp: Option<String>,
    killed: Option<i64>,
    wounded: Option<i64>,
    cumulative: i64,
    reported_by: Option<String>,
    sentence: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct MentionRow {
    id: i64,
    article_key: String,
    article_title: Option<String>,
    article_source: Option<String>,
    article_published: Option<String>,
    start: i64,
    end: i64,
    text: String,
}

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    key: String,
    source_path: String,
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    published: Option<String>,
    published_basis: String,
    published_how: String,
    text: String,
}

#[derive(sqlx::FromRow)]
struct ArticleMentionRow {
    id: i64,
    event_id: String,
    kind: Option<String>,
    headline: Option<String>,
    start: i64,
    end: i64,
    text: String,
}

#[derive(sqlx::FromRow)]
struct ArticleSummaryRow {
    key: String,
    title: Option<String>,
    source: Option<String>,
    published: Option<String>,
    mention_count: i64,
}

// ---------------------------------------------------------------------------------
// Filters.

/// Turns free text into an FTS5 query that cannot be a syntax error: every word
/// becomes a quoted prefix phrase (`"ceasefire"*`), and the phrases are ANDed.
/// Words without a letter or digit are dropped, since they match nothing.
/// Returns `None` when no searchable word is left.
pub fn fts_query(text: &str) -> Option<String> {
    let phrases: Vec<String> = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" "))
}

/// Appends ` AND …` conditions for `filter` to a query over `events e`. The kind
/// restriction is left out when `with_kinds` is false (for the per-kind counts).
///
/// Some conditions are stated twice on purpose, in a form an index can use: the date
/// range also bounds `date_start` from below by the longest span stored
/// (`date_span`), and the actor filter carries the kind and date range into
/// `actor_events`, so that it yields only the actor's matching events.
fn push_conditions(qb: &mut QueryBuilder<Sqlite>, filter: &EventFilter, with_kinds: bool) {
    // An event matches a range when its [start, end] span overlaps it; comparisons
    // with a NULL start are never true, so undated events drop out of any range.
    if let Some(from) = filter.from {
        qb.push(" AND COALESCE(e.date_end, e.date_start) >= ")
            .push_bind(from.to_string())
            .push(" AND e.date_start >= date(")
            .push_bind(from.to_string())
            .push(", '-' || (SELECT max_days FROM date_span) || ' days')");
    }
    if let Some(to) = filter.to {
        qb.push(" AND e.date_start <= ").push_bind(to.to_string());
    }
    let kinds = if with_kinds { &filter.kinds[..] } else { &[] };
    if !kinds.is_empty() {
        qb.push(" AND e.kind IN (");
        push_kinds(qb, kinds);
        qb.push(")");
    }
    if !filter.actors.is_empty() {
        qb.push(
            " AND e.id IN (SELECT ae.event_id FROM actor_events ae \
             WHERE ae.actor_id IN (SELECT id FROM actors WHERE slug IN (",
        );
        let mut list = qb.separated(", ");
        for slug in &filter.actors {
            list.push_bind(slug.clone());
        }
        qb.push("))");
        if !kinds.is_empty() {
            qb.push(" AND ae.kind IN (");
            push_kinds(qb, kinds);
            qb.push(")");
        }
        if let Some(from) = filter.from {
            qb.push(" AND ae.date_last >= ").push_bind(from.to_string());
        }
        if let Some(to) = filter.to {
            qb.push(" AND ae.date_start <= ").push_bind(to.to_string());
        }
        qb.push(")");
    }
    if let Some(place) = &filter.place {
        qb.push(" AND e.place_id IN (SELECT id FROM places WHERE slug = ")
            .push_bind(place.clone())
            .push(")");
    }
    if let Some(text) = &filter.text {
        match fts_query(text) {
            Some(query) => {
                qb.push(" AND e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ")
                    .push_bind(query)
                    .push(")");
            }
            // Only punctuation: nothing can match, and saying so beats ignoring it.
            None => {
                qb.push(" AND 0");
            }
        }
    }
}

fn push_kinds(qb: &mut QueryBuilder<Sqlite>, kinds: &[EventKind]) {
    let mut list = qb.separated(", ");
    for kind in kinds {
        list.push_bind(kind.as_str());
    }
}

/// True when `filter` narrows by nothing but kinds, so that per-kind figures kept
/// for the whole database answer it.
fn only_kinds(filter: &EventFilter) -> bool {
    filter.from.is_none()
        && filter.to.is_none()
        && filter.actors.is_empty()
        && filter.place.is_none()
        && filter.text.is_none()
}

/// Timeline order is `date_start NULLS LAST, id`. Each page query asks for one half
/// of it at a time, dated events by `(date_start, id)` and undated ones by `id`, so
/// that both walk `events_by_date` in order and stop at the page's end, where a
/// single `ORDER BY date_start IS NULL, …` had to sort every matching event.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Half {
    Dated,
    Undated,
}

/// Which way a page query walks timeline order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Forward,
    Backward,
}

/// Starts `SELECT {columns} WHERE` one half, with `filter`'s conditions and, when
/// `cursor` is given, only events strictly beyond it in `direction`. Returns `None`
/// when no event of that half can lie beyond the cursor.
pub(crate) fn half_query(
    columns: &str,
    half: Half,
    filter: &EventFilter,
    cursor: Option<&Cursor>,
    direction: Direction,
) -> Option<QueryBuilder<Sqlite>> {
    let mut qb = QueryBuilder::<Sqlite>::new(columns);
    match half {
        Half::Dated => qb.push(" WHERE e.date_start IS NOT NULL"),
        Half::Undated => {
            // A date range excludes every undated event.
            if filter.from.is_some() || filter.to.is_some() {
                return None;
            }
            qb.push(" WHERE e.date_start IS NULL")
        }
    };
    push_conditions(&mut qb, filter, true);
    let op = match direction {
        Direction::Forward => " > ",
        Direction::Backward => " < ",
    };
    match (cursor.map(|c| (c.date_start, &c.id)), half) {
        (None, _) => {}
        (Some((Some(date), id)), Half::Dated) => {
            qb.push(" AND (e.date_start, e.id)")
                .push(op)
                .push("(")
                .push_bind(date.to_string())
                .push(", ")
                .push_bind(id.clone())
                .push(")");
        }
        (Some((None, id)), Half::Undated) => {
            qb.push(" AND e.id").push(op).push_bind(id.clone());
        }
        // Every undated event comes after every dated one.
        (Some((Some(_), _)), Half::Undated) => {
            if direction == Direction::Backward {
                return None;
            }
        }
        (Some((None, _)), Half::Dated) => {
            if direction == Direction::Forward {
                return None;
            }
        }
    }
    qb.push(match (half, direction) {
        (Half::Dated, Direction::Forward) => " ORDER BY e.date_start, e.id",
        (Half::Dated, Direction::Backward) => " ORDER BY e.date_start DESC, e.id DESC",
        (Half::Undated, Direction::Forward) => " ORDER BY e.id",
        (Half::Undated, Direction::Backward) => " ORDER BY e.id DESC",
    });
    Some(qb)
}

// ---------------------------------------------------------------------------------
// Queries.

impl Store {
    /// One page of events matching `filter`, in timeline order (date_start, undated
    /// last, then id), starting after `filter.after`.
    pub async fn list_events(&self, filter: &EventFilter) -> Result<EventPage> {
        let limit = filter.limit.clamp(1, MAX_PAGE_SIZE);
        // One row more than the page tells whether a next page exists.
        let want = limit as usize + 1;
        let mut rows: Vec<EventRow> = Vec::with_capacity(want);
        for half in [Half::Dated, Half::Undated] {
            if rows.len() >= want {
                break;
            }
            let Some(mut qb) = half_query(
                EVENT_COLUMNS,
                half,
                filter,
                filter.after.as_ref(),
                Direction::Forward,
            ) else {
                continue;
            };
            qb.push(" LIMIT ").push_bind((want - rows.len()) as i64);
            rows.extend(
                qb.build_query_as::<EventRow>()
                    .fetch_all(self.pool())
                    .await?,
            );
        }
        let has_more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let events = self.summaries(rows).await?;
        let next = if has_more {
            events.last().map(EventSummary::cursor)
        } else {
            None
        };
        Ok(EventPage { events, next })
    }

    /// How many events match `filter` (paging ignored), in total and per kind.
    pub async fn count_events(&self, filter: &EventFilter) -> Result<EventCounts> {
        let rows: Vec<(String, i64)> = if only_kinds(filter) {
            // Kept by triggers (migrations/0003): no count over every event.
            sqlx::query_as("SELECT kind, events FROM kind_counts")
                .fetch_all(self.pool())
                .await?
        } else {
            let mut qb =
                QueryBuilder::<Sqlite>::new("SELECT e.kind, COUNT(*) FROM events e WHERE 1");
            push_conditions(&mut qb, filter, false);
            // `+e.kind`: grouping by the bare column made SQLite walk all of
            // events_by_kind_* for its order instead of the filter's date range.
            qb.push(" GROUP BY +e.kind");
            qb.build_query_as().fetch_all(self.pool()).await?
        };
        let mut by_kind: Vec<(EventKind, i64)> =
            EventKind::ALL.iter().map(|&kind| (kind, 0)).collect();
        for (kind, count) in rows {
            let kind: EventKind = parse_column(&kind, "kind", "events")?;
            if let Some(slot) = by_kind.iter_mut().find(|(k, _)| *k == kind) {
                slot.1 = count;
            }
        }
        let total = by_kind
            .iter()
            .filter(|(kind, _)| filter.kinds.is_empty() || filter.kinds.contains(kind))
            .map(|(_, count)| count)
            .sum();
        Ok(EventCounts { total, by_kind })
    }

    /// Rows completed with their actors and casualty figures, in the same order.
    async fn summaries(&self, rows: Vec<EventRow>) -> Result<Vec<EventSummary>> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let mut actors = self.actors_of_events(&ids).await?;
        let mut figures = self.figures_of_events(&ids).await?;
        rows.into_iter()
            .map(|row| {
                let own = actors.remove(&row.id).unwrap_or_default();
                let own_figures = figures.remove(&row.id).unwrap_or_default();
                row.into_summary(own, own_figures)
            })
            .collect()
    }

    /// The casualty figures of each of `ids`, in the order the articles state them.
    async fn figures_of_events(&self, ids: &[&str]) -> Result<HashMap<String, Vec<Figure>>> {
        let mut by_event: HashMap<String, Vec<Figure>> = HashMap::new();
        if ids.is_empty() {
            return Ok(by_event);
        }
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT c.event_id, c.party, c.grp, c.killed, c.wounded, c.cumulative, \
             c.reported_by FROM casualties c JOIN articles a ON a.id = c.article_id \
             WHERE c.event_id IN (",
        );
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(id.to_string());
        }
        qb.push(") ORDER BY c.event_id, a.published IS NULL, a.published, a.key, c.start");
        type FigureRow = (
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<i64>,
            i64,
            Option<String>,
        );
        let rows: Vec<FigureRow> = qb.build_query_as().fetch_all(self.pool()).await?;
        for (event_id, party, group, killed, wounded, cumulative, reported_by) in rows {
            by_event.entry(event_id).or_default().push(Figure {
                party,
                group,
                killed,
                wounded,
                cumulative: cumulative != 0,
                reported_by,
            });
        }
        Ok(by_event)
    }

    /// The actors of each of `ids`, participants first, then allegers and deniers.
    async fn actors_of_events(&self, ids: &[&str]) -> Result<HashMap<String, Vec<EventActor>>> {
        let mut by_event: HashMap<String, Vec<EventActor>> = HashMap::new();
        if ids.is_empty() {
            return Ok(by_event);
        }
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT ea.event_id, a.slug, a.name, a.kind, ea.role \
             FROM event_actors ea JOIN actors a ON a.id = ea.actor_id \
             WHERE ea.event_id IN (",
        );
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(id.to_string());
        }
        qb.push(
            ") ORDER BY ea.event_id, CASE ea.role WHEN 'participant' THEN 0 \
             WHEN 'alleger' THEN 1 ELSE 2 END, a.name",
        );
        let rows: Vec<EventActorRow> = qb.build_query_as().fetch_all(self.pool()).await?;
        for row in rows {
            let event_id = row.event_id.clone();
            by_event
                .entry(event_id)
                .or_default()
                .push(row.into_actor()?);
        }
        Ok(by_event)
    }

    /// The event `id` with its actors, casualty figures and every source sentence;
    /// follows merge redirects so that old links keep working.
    pub async fn event(&self, id: &str) -> Result<EventLookup> {
        let row: Option<EventRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{EVENT_COLUMNS} WHERE e.id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(match self.resolve_redirect(id).await? {
                Some(new_id) => EventLookup::MergedInto(new_id),
                None => EventLookup::Missing,
            });
        };

        let date_value = row.date_value.clone();
        let date_basis = row.date_basis.clone();
        let summary = self
            .summaries(vec![row])
            .await?
            .pop()
            .ok_or_else(|| corrupt(format_args!("event {id} vanished while being read")))?;

        let casualties: Vec<CasualtyRow> = sqlx::query_as(
            "SELECT a.key AS article_key, a.title AS article_title, \
             a.source AS article_source, a.published AS article_published, \
             (SELECT m.id FROM mentions m WHERE m.event_id = c.event_id \
               AND m.article_id = c.article_id AND m.start <= c.start AND m.end >= c.end \
               ORDER BY m.start LIMIT 1) AS mention_id, \
             c.party, c.grp, c.killed, c.wounded, c.cumulative, c.reported_by, \
             substr(CAST(a.text AS BLOB), c.start + 1, c.end - c.start) AS sentence \
             FROM casualties c JOIN articles a ON a.id = c.article_id \
             WHERE c.event_id = ? \
             ORDER BY a.published IS NULL, a.published, a.key, c.start",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let casualties = casualties
            .into_iter()
            .map(|c| CasualtyReport {
                article_key: c.article_key,
                article_title: c.article_title,
                article_source: c.article_source,
                article_published: c.article_published,
                mention_id: c.mention_id,
                party: c.party,
                group: c.grp,
                killed: c.killed,
                wounded: c.wounded,
                cumulative: c.cumulative != 0,
                reported_by: c.reported_by,
                // Byte offsets that split a character would be an ingest bug; show
                // the sentence anyway rather than failing the whole page.
                sentence: String::from_utf8_lossy(&c.sentence).trim().to_string(),
            })
            .collect();

        let mentions: Vec<MentionRow> = sqlx::query_as(
            "SELECT m.id, a.key AS article_key, a.title AS article_title, \
             a.source AS article_source, a.published AS article_published, \
             m.start, m.end, m.text \
             FROM mentions m JOIN articles a ON a.id = m.article_id \
             WHERE m.event_id = ? \
             ORDER BY a.published IS NULL, a.published, a.key, m.start, m.id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mentions = mentions
            .into_iter()
            .map(|m| Mention {
                id: m.id,
                article_key: m.article_key,
                article_title: m.article_title,
                article_source: m.article_source,
                article_published: m.article_published,
                start: m.start,
                end: m.end,
                text: m.text,
            })
            .collect();

        let reports: Vec<ReportRow> = sqlx::query_as(
            "SELECT a.key AS article_key, a.title AS article_title, a.published AS article_published, \
                 a.published_how AS article_dated, r.draft \
             FROM reports r JOIN articles a ON a.id = r.article_id \
             WHERE r.event_id = ? ORDER BY r.id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let reports = reports
            .into_iter()
            .filter_map(
                |ReportRow {
                     article_key,
                     article_title,
                     article_published,
                     article_dated,
                     draft,
                 }| {
                    // A report that no longer parses is left out rather than failing the page.
                    let draft = crate::domain::report::from_stored(&draft).ok()?;
                    Some(Report {
                        article_key,
                        article_title,
                        article_published,
                        article_dated,
                        draft,
                    })
                },
            )
            .collect();

        Ok(EventLookup::Found(Box::new(EventDetail {
            summary,
            date_value,
            date_basis,
            casualties,
            mentions,
            reports,
        })))
    }

    /// Follows `event_redirects` from `id` to an event that still exists.
    async fn resolve_redirect(&self, id: &str) -> Result<Option<String>> {
        let mut current = id.to_string();
        for _ in 0..MAX_REDIRECT_HOPS {
            let next: Option<String> =
                sqlx::query_scalar("SELECT new_id FROM event_redirects WHERE old_id = ?")
                    .bind(&current)
                    .fetch_optional(self.pool())
                    .await?;
            let Some(next) = next else {
                return Ok(None);
            };
            let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM events WHERE id = ?")
                .bind(&next)
                .fetch_optional(self.pool())
                .await?;
            if exists.is_some() {
                return Ok(Some(next));
            }
            current = next;
        }
        Ok(None)
    }

    /// Every actor with its event count, most active first.
    pub async fn actors(&self) -> Result<Vec<ActorSummary>> {
        let rows: Vec<ActorRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{ACTOR_COLUMNS}{ACTOR_GROUPING}"
        )))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(ActorRow::into_summary).collect()
    }

    /// The actor `slug` with its aliases and affiliated people; `None` when unknown.
    pub async fn actor(&self, slug: &str) -> Result<Option<ActorDetail>> {
        let row: Option<ActorRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{ACTOR_COLUMNS} WHERE a.slug = ?{ACTOR_GROUPING}"
        )))
        .bind(slug)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let actor = row.into_summary()?;
        let aliases: Vec<String> = sqlx::query_scalar(
            "SELECT al.alias FROM actor_aliases al JOIN actors a ON a.id = al.actor_id \
             WHERE a.slug = ? AND al.alias <> a.name ORDER BY al.alias",
        )
        .bind(slug)
        .fetch_all(self.pool())
        .await?;
        let members: Vec<ActorRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{ACTOR_COLUMNS} WHERE a.affiliation = ?{ACTOR_GROUPING}"
        )))
        .bind(slug)
        .fetch_all(self.pool())
        .await?;
        let members = members
            .into_iter()
            .map(ActorRow::into_summary)
            .collect::<Result<_>>()?;
        Ok(Some(ActorDetail {
            actor,
            aliases,
            members,
        }))
    }

    /// Those of `slugs` that name no actor, to reject a filter that cannot match.
    pub async fn unknown_actors(&self, slugs: &[String]) -> Result<Vec<String>> {
        let mut unknown = Vec::new();
        for slug in slugs {
            let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM actors WHERE slug = ?")
                .bind(slug)
                .fetch_optional(self.pool())
                .await?;
            if found.is_none() {
                unknown.push(slug.clone());
            }
        }
        Ok(unknown)
    }

    /// Every place with its event count, by name.
    pub async fn places(&self) -> Result<Vec<PlaceSummary>> {
        let rows: Vec<PlaceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{PLACE_COLUMNS} ORDER BY p.name"
        )))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(PlaceSummary::from).collect())
    }

    /// The place `slug`; `None` when unknown.
    pub async fn place(&self, slug: &str) -> Result<Option<PlaceSummary>> {
        let row: Option<PlaceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{PLACE_COLUMNS} WHERE p.slug = ?"
        )))
        .bind(slug)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(PlaceSummary::from))
    }

    /// Every article with its number of event sentences, newest first.
    pub async fn articles(&self) -> Result<Vec<ArticleSummary>> {
        let rows: Vec<ArticleSummaryRow> = sqlx::query_as(
            "SELECT a.key, a.title, a.source, a.published, COUNT(m.id) AS mention_count \
             FROM articles a LEFT JOIN mentions m ON m.article_id = a.id \
             GROUP BY a.id ORDER BY a.published IS NULL, a.published DESC, a.key",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ArticleSummary {
                key: r.key,
                title: r.title,
                source: r.source,
                published: r.published,
                mention_count: r.mention_count,
            })
            .collect())
    }

    /// The article `key` with its full text and event sentences; `None` when unknown.
    pub async fn article(&self, key: &str) -> Result<Option<ArticleDetail>> {
        let row: Option<ArticleRow> = sqlx::query_as(
            "SELECT id, key, source_path, title, source, url, published, published_basis, \
             published_how, text FROM articles WHERE key = ?",
        )
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mentions: Vec<ArticleMentionRow> = sqlx::query_as(
            "SELECT m.id, m.event_id, e.kind, e.headline, m.start, m.end, m.text \
             FROM mentions m LEFT JOIN events e ON e.id = m.event_id \
             WHERE m.article_id = ? ORDER BY m.start, m.id",
        )
        .bind(row.id)
        .fetch_all(self.pool())
        .await?;
        let mentions = mentions
            .into_iter()
            .map(|m| {
                let kind = m
                    .kind
                    .as_deref()
                    .map(|k| parse_column(k, "kind", &m.event_id))
                    .transpose()?;
                Ok(ArticleMention {
                    id: m.id,
                    event_id: m.event_id,
                    kind,
                    headline: m.headline,
                    start: m.start,
                    end: m.end,
                    text: m.text,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Some(ArticleDetail {
            key: row.key,
            source_path: row.source_path,
            title: row.title,
            source: row.source,
            url: row.url,
            published: row.published,
            published_basis: row.published_basis,
            published_how: row.published_how,
            text: row.text,
            mentions,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn cursor_tokens_round_trip() {
        for cursor in [
            Cursor {
                date_start: Some(date(2020, 10, 23)),
                id: "ab12cd".into(),
            },
            Cursor {
                date_start: None,
                id: "x|y".into(),
            },
        ] {
            assert_eq!(Cursor::from_token(&cursor.to_token()), Ok(cursor));
        }
    }

    #[test]
    fn malformed_cursor_tokens_are_rejected() {
        for token in [
            "",
            "garbage",
            "abc",
            "7c",
            "2d7c",
            "zz",
            "323032302d31332d34357c61",
        ] {
            assert!(Cursor::from_token(token).is_err(), "{token}");
        }
    }

    #[test]
    fn search_text_is_always_valid_fts() {
        assert_eq!(fts_query("cease fire"), Some("\"cease\"* \"fire\"*".into()));
        assert_eq!(
            fts_query("say \"no\""),
            Some("\"say\"* \"\"\"no\"\"\"*".into())
        );
        assert_eq!(fts_query("  - * ( "), None);
        assert_eq!(fts_query("NEAR(a b)"), Some("\"NEAR(a\"* \"b)\"*".into()));
    }
}
