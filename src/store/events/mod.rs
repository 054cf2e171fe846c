//! The events family: one page of the timeline with its per-kind counts, the
//! detail of one event (figures, source sentences, each article's report), merge
//! redirects, and the dated events an undated article may be anchored to. The
//! overview and chart queries are in [`timeline`]. Never writes.

mod aggregates;
mod timeline;

pub use timeline::{
    ActivityMonth, Breach, CasualtyPoint, EventNeighbours, OVERVIEW_LIMIT, OverviewEvent, TopActor,
};

use super::query::{
    Cursor, Direction, EventFilter, Half, MAX_PAGE_SIZE, Matches, TEXT_SAMPLE, fts_query,
    half_query, only_kinds, push_conditions,
};
use super::rows::{ARTICLE_REF_JSON, ArticleRef, FIGURE_JSON, FigureColumns, date_of, names_of};
use super::{Named, Result, Store, corrupt, parse_column};
use crate::domain::{
    ActorKind, ActorRole, ArticleKey, Casualty, EventDate, EventDraft, EventId, EventKind,
    KnownEvent, Slug, Status, report,
};
use sqlx::{QueryBuilder, Row, Sqlite};

/// How many merge redirects are followed before giving up (guards against cycles).
const MAX_REDIRECT_HOPS: usize = 16;

/// An actor as it takes part in one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventActor {
    pub slug: Slug,
    pub name: String,
    pub kind: ActorKind,
    pub role: ActorRole,
}

/// One event as the timeline lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSummary {
    pub id: EventId,
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
    pub figures: Vec<Casualty>,
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
    /// True when more events have the filter's words than [`TEXT_SAMPLE`]: then the
    /// counts are of the matches among the most recently stored of those, a lower
    /// bound, and the page says so.
    pub sampled: bool,
}

/// A casualty figure as one article gives it, with the sentence that states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasualtyReport {
    pub article: ArticleRef,
    /// The mention in the same article whose sentence contains the figure, for a link.
    pub mention_id: Option<i64>,
    pub figure: Casualty,
    /// The stating sentence, cut from the article by its byte offsets.
    pub sentence: String,
}

/// One source sentence of an event, with the article it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub id: i64,
    pub article: ArticleRef,
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

/// One article's account of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub article_key: ArticleKey,
    pub article_title: Option<String>,
    /// The article's reference date, and how it was obtained.
    pub article_published: Option<String>,
    pub article_dated: String,
    pub draft: EventDraft,
}

/// The answer to "show event X": the event, a newer id it was merged into, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum EventLookup {
    Found(Box<EventDetail>),
    /// The id was merged away; the surviving event has this id.
    MergedInto(EventId),
    Missing,
}

// Raw rows: exactly what SQLite returns, converted to the types above in one place.

#[derive(serde::Deserialize)]
pub(crate) struct EventRow {
    id: EventId,
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
    place_slug: Option<Slug>,
    place_name: Option<String>,
}

/// Columns of [`EventRow`], for `FROM events e LEFT JOIN places p ON p.id = e.place_id`.
pub(crate) const EVENT_COLUMNS: &str = "SELECT e.id, e.kind, e.subtype, e.status, e.alleged_by, \
     e.denied_by, e.date_start, e.date_end, e.date_precision, e.date_value, e.date_basis, \
     e.headline, e.confidence, e.source_count, \
     p.slug AS place_slug, p.name AS place_name \
     FROM events e LEFT JOIN places p ON p.id = e.place_id";

impl EventRow {
    fn date(&self) -> Result<Option<EventDate>> {
        self.date_start
            .as_deref()
            .map(|start| {
                date_of(
                    &self.id,
                    start,
                    self.date_end.as_deref(),
                    self.date_precision.as_deref(),
                )
            })
            .transpose()
    }

    fn into_summary(self, actors: Vec<EventActor>, figures: Vec<Casualty>) -> Result<EventSummary> {
        let date = self.date()?;
        let place = match (self.place_slug, self.place_name) {
            (Some(slug), Some(name)) => Some(Named { slug, name }),
            _ => None,
        };
        Ok(EventSummary {
            kind: parse_column(&self.kind, "kind", &self.id)?,
            status: parse_column(&self.status, "status", &self.id)?,
            alleged_by: names_of(&self.alleged_by, "alleged_by", &self.id)?,
            denied_by: names_of(&self.denied_by, "denied_by", &self.id)?,
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

/// An events row of [`EVENT_COLUMNS`] with the event's actors and casualty
/// figures, as one element of the JSON array a page query returns
/// ([`open_page`], [`close_page`]): a page of events is one statement and one
/// row, whatever its length. Read as three statements (the events, then the
/// actors and the figures of the page by id), every row of each handed from
/// SQLite's thread to the runtime and copied value by value, a page of 500 events
/// cost several times what SQLite spent on it.
#[derive(serde::Deserialize)]
pub(crate) struct ListedRow(EventRow, Vec<ActorPart>, Vec<FigureColumns>);

/// The elements of a [`ListedRow`] for the events row aliased `page`: its
/// [`EventRow`] columns; its actors, each `[slug, name, kind, role]`, participants
/// first, then allegers and deniers, each group by name; its figures, each as
/// [`FIGURE_JSON`], in the order the articles state them.
fn listed_row() -> String {
    format!(
        "json_array(json_array(page.id, page.kind, page.subtype, page.status, \
         page.alleged_by, page.denied_by, page.date_start, page.date_end, \
         page.date_precision, page.date_value, page.date_basis, page.headline, \
         page.confidence, page.source_count, page.place_slug, page.place_name), \
         json((SELECT json_group_array(json_array(a.slug, a.name, a.kind, ea.role) \
         ORDER BY CASE ea.role WHEN 'participant' THEN 0 WHEN 'alleger' THEN 1 ELSE 2 END, \
         a.name, a.slug) \
         FROM event_actors ea JOIN actors a ON a.id = ea.actor_id \
         WHERE ea.event_id = page.id)), \
         json((SELECT json_group_array(json_array({FIGURE_JSON}) \
         ORDER BY a.published IS NULL, a.published, a.key, c.start, c.id) \
         FROM casualties c JOIN articles a ON a.id = c.article_id \
         WHERE c.event_id = page.id)))"
    )
}

/// The start of a query of a page of events: [`EVENT_COLUMNS`], to be followed by
/// its conditions, order and limit, then [`close_page`].
fn open_page() -> String {
    // MATERIALIZED: the parts are read for the rows of the page only, never for
    // every match a sort goes through.
    format!("WITH page AS MATERIALIZED ({EVENT_COLUMNS}")
}

/// Ends a query begun by [`open_page`]: one row, the page's [`ListedRow`]s as a
/// JSON array, in the order `order` pushes (the page's own order, over the alias
/// `page`).
fn close_page(qb: &mut QueryBuilder<Sqlite>, order: impl FnOnce(&mut QueryBuilder<Sqlite>)) {
    qb.push(") SELECT json_group_array(")
        .push(listed_row())
        .push(" ORDER BY ");
    order(qb);
    qb.push(") FROM page");
}

/// The page of a query of [`open_page`] and [`close_page`], read.
async fn fetch_page(store: &Store, mut qb: QueryBuilder<Sqlite>) -> Result<Vec<ListedRow>> {
    let json: String = qb.build_query_scalar().fetch_one(store.pool()).await?;
    serde_json::from_str(&json).map_err(|e| corrupt(format_args!("a page of events: {e}")))
}

/// An actor of an event as [`parts_columns`] writes it.
#[derive(serde::Deserialize)]
struct ActorPart(Slug, String, String, String);

impl ListedRow {
    fn into_summary(self) -> Result<EventSummary> {
        let ListedRow(event, actors, figures) = self;
        let actors = actors
            .into_iter()
            .map(|ActorPart(slug, name, kind, role)| {
                Ok(EventActor {
                    kind: parse_column(&kind, "kind", &slug)?,
                    role: parse_column(&role, "role", &event.id)?,
                    slug,
                    name,
                })
            })
            .collect::<Result<_>>()?;
        let figures = figures
            .into_iter()
            .map(|figure| figure.parse(&event.id))
            .collect::<Result<_>>()?;
        event.into_summary(actors, figures)
    }
}

impl Store {
    /// One page of events matching `filter`, in timeline order (date_start, undated
    /// last, then id), starting after `filter.after`.
    pub async fn list_events(&self, filter: &EventFilter) -> Result<EventPage> {
        let limit = filter.limit.clamp(1, MAX_PAGE_SIZE);
        // One row more than the page tells whether a next page exists.
        let want = limit as usize + 1;
        // Words that many events have: walk timeline order. Not with actors, whose
        // events drive the query (see push_conditions).
        let matches = match filter.text.as_deref().and_then(fts_query) {
            Some(query)
                if filter.actors.is_empty()
                    && self.text_matches_over(&query, TEXT_SAMPLE).await? =>
            {
                Matches::AllInOrder
            }
            _ => Matches::All,
        };
        let mut rows: Vec<ListedRow> = Vec::with_capacity(want);
        for half in [Half::Dated, Half::Undated] {
            if rows.len() >= want {
                break;
            }
            let Some(mut qb) = half_query(
                &open_page(),
                half,
                filter,
                filter.after.as_ref(),
                Direction::Forward,
                matches,
            ) else {
                continue;
            };
            qb.push(" LIMIT ").push_bind((want - rows.len()) as i64);
            close_page(&mut qb, |qb| {
                qb.push(match half {
                    Half::Dated => "page.date_start, page.id",
                    Half::Undated => "page.id",
                });
            });
            rows.extend(fetch_page(self, qb).await?);
        }
        let has_more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let events = summaries(rows)?;
        let next = if has_more {
            events.last().map(EventSummary::cursor)
        } else {
            None
        };
        Ok(EventPage { events, next })
    }

    /// How many events match `filter` (paging ignored), in total and per kind.
    pub async fn count_events(&self, filter: &EventFilter) -> Result<EventCounts> {
        let sampled = match filter.text.as_deref().and_then(fts_query) {
            Some(query) => self.text_matches_over(&query, TEXT_SAMPLE).await?,
            None => false,
        };
        let rows = match self.kept_counts(filter).await? {
            Some(rows) => rows,
            None => self.counted(filter).await?,
        };
        tally(rows, filter, sampled)
    }

    /// How many events match `filter`, when that is known without reading the
    /// matches: from the counts kept at write time, or for words that at most
    /// [`TEXT_SAMPLE`] events have; `None` when only reading the matches would tell
    /// (several actors, an actor and a place, common words). Its cost does not grow
    /// with the answer, so it can decide how much work a request is.
    pub async fn count_bound(&self, filter: &EventFilter) -> Result<Option<i64>> {
        if let Some(query) = filter.text.as_deref().and_then(fts_query) {
            return Ok(if self.text_matches_over(&query, TEXT_SAMPLE).await? {
                None
            } else {
                Some(tally(self.counted(filter).await?, filter, false)?.total)
            });
        }
        match self.kept_counts(filter).await? {
            Some(rows) => Ok(Some(tally(rows, filter, false)?.total)),
            // Text of punctuation only matches nothing.
            None if filter.text.is_some() => Ok(Some(0)),
            None => Ok(None),
        }
    }

    /// Events per kind for `filter`, counted from the matches: O(matches) for
    /// several actors, or an actor and a place; O([`TEXT_SAMPLE`]) for free text,
    /// whose sample is counted.
    async fn counted(&self, filter: &EventFilter) -> Result<Vec<(String, i64)>> {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT e.kind, COUNT(*) FROM events e WHERE 1");
        push_conditions(&mut qb, filter, false, Matches::Sample);
        // `+e.kind`: grouping by the bare column made SQLite walk all of
        // events_by_kind_* for its order instead of the filter's date range.
        qb.push(" GROUP BY +e.kind");
        Ok(qb.build_query_as().fetch_all(self.pool()).await?)
    }

    /// Events per kind for `filter` from the counts kept by triggers, when they
    /// answer it: the per-kind totals for a filter of kinds alone
    /// (migrations/0003), the day and month bins (migrations/0006) for dates, kinds
    /// and bands with at most one actor or one place, and no free text.
    async fn kept_counts(&self, filter: &EventFilter) -> Result<Option<Vec<(String, i64)>>> {
        if only_kinds(filter) {
            let rows = sqlx::query_as("SELECT kind, events FROM kind_counts")
                .fetch_all(self.pool())
                .await?;
            return Ok(Some(rows));
        }
        self.binned_counts(filter).await
    }

    /// Whether more than `limit` events have the words of the FTS5 query `query`:
    /// reads at most `limit` + 1 entries of the index, however many match.
    async fn text_matches_over(&self, query: &str, limit: u32) -> Result<bool> {
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT ?)",
        )
        .bind(query)
        .bind(i64::from(limit) + 1)
        .fetch_one(self.pool())
        .await?;
        Ok(found > i64::from(limit))
    }

    /// The event `id` with its actors, casualty figures and every source sentence;
    /// follows merge redirects so that old links keep working.
    pub async fn event(&self, id: &EventId) -> Result<EventLookup> {
        let mut qb = QueryBuilder::<Sqlite>::new(open_page());
        qb.push(" WHERE e.id = ").push_bind(id.clone());
        close_page(&mut qb, |qb| {
            qb.push("page.id");
        });
        let Some(row) = fetch_page(self, qb).await?.pop() else {
            return Ok(match self.resolve_redirect(id).await? {
                Some(new_id) => EventLookup::MergedInto(new_id),
                None => EventLookup::Missing,
            });
        };
        let date_value = row.0.date_value.clone();
        let date_basis = row.0.date_basis.clone();
        let summary = row.into_summary()?;
        let (mentions, casualties, reports) = self.sources(id).await?;
        Ok(EventLookup::Found(Box::new(EventDetail {
            summary,
            date_value,
            date_basis,
            casualties,
            mentions,
            reports,
        })))
    }

    /// What the articles say of event `id`, in one statement (one row of three JSON
    /// arrays, see [`ListedRow`] for why): its source sentences, oldest article
    /// first; its casualty figures, each with its article, the sentence stating it
    /// (cut from the article by its byte offsets, as hex: the cut is bytes) and the
    /// mention that sentence belongs to; each article's own report, in the order
    /// they were stored.
    async fn sources(
        &self,
        id: &EventId,
    ) -> Result<(Vec<Mention>, Vec<CasualtyReport>, Vec<Report>)> {
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT json_array( \
             json((SELECT json_group_array(json_array(m.id, {ARTICLE_REF_JSON}, m.start, m.end, \
               m.text) ORDER BY a.published IS NULL, a.published, a.key, m.start, m.id) \
               FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = ?1)), \
             json((SELECT json_group_array(json_array({ARTICLE_REF_JSON}, \
               (SELECT m.id FROM mentions m WHERE m.event_id = c.event_id \
                 AND m.article_id = c.article_id AND m.start <= c.start AND m.end >= c.end \
                 ORDER BY m.start LIMIT 1), \
               json_array({FIGURE_JSON}), \
               hex(substr(CAST(a.text AS BLOB), c.start + 1, c.end - c.start))) \
               ORDER BY a.published IS NULL, a.published, a.key, c.start, c.id) \
               FROM casualties c JOIN articles a ON a.id = c.article_id WHERE c.event_id = ?1)), \
             json((SELECT json_group_array(json_array(a.key, a.title, a.published, \
               a.published_how, r.draft) ORDER BY r.id) \
               FROM reports r JOIN articles a ON a.id = r.article_id WHERE r.event_id = ?1)))"
        )))
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        type MentionPart = (i64, ArticleRef, i64, i64, String);
        type FigurePart = (ArticleRef, Option<i64>, FigureColumns, String);
        type ReportPart = (ArticleKey, Option<String>, Option<String>, String, String);
        let (mentions, figures, reports): (Vec<MentionPart>, Vec<FigurePart>, Vec<ReportPart>) =
            serde_json::from_str(&json)
                .map_err(|e| corrupt(format_args!("the sources of {id}: {e}")))?;
        let mentions = mentions
            .into_iter()
            .map(|(id, article, start, end, text)| Mention {
                id,
                article,
                start,
                end,
                text,
            })
            .collect();
        let casualties = figures
            .into_iter()
            .map(|(article, mention_id, figure, sentence)| {
                let sentence = hex::decode(&sentence)
                    .map_err(|e| corrupt(format_args!("a figure's sentence of {id}: {e}")))?;
                Ok(CasualtyReport {
                    article,
                    mention_id,
                    figure: figure.parse(id)?,
                    // Byte offsets that split a character would be an ingest bug; show
                    // the sentence anyway rather than failing the whole page.
                    sentence: String::from_utf8_lossy(&sentence).trim().to_string(),
                })
            })
            .collect::<Result<_>>()?;
        let reports = reports
            .into_iter()
            .filter_map(
                |(article_key, article_title, article_published, article_dated, draft)| {
                    // A report that no longer parses is left out rather than failing the page.
                    let draft = report::from_stored(&draft).ok()?;
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
        Ok((mentions, casualties, reports))
    }

    /// Follows `event_redirects` from `id` to an event that still exists.
    async fn resolve_redirect(&self, id: &EventId) -> Result<Option<EventId>> {
        let mut current = id.clone();
        for _ in 0..MAX_REDIRECT_HOPS {
            let next: Option<EventId> =
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

    /// Dated events that involve any of these people, from articles other than
    /// `except`, as anchors for an undated article's reference date.
    pub async fn known_events(&self, people: &[String], except: &str) -> Result<Vec<KnownEvent>> {
        let mut out = Vec::new();
        for slug in people {
            let rows = sqlx::query(
                "SELECT DISTINCT e.id, e.kind, e.date_start, e.headline, a2.key
                 FROM actors a
                 JOIN event_actors ea ON ea.actor_id = a.id
                 JOIN events e ON e.id = ea.event_id
                 JOIN reports r ON r.event_id = e.id
                 JOIN articles a2 ON a2.id = r.article_id
                 WHERE a.slug = ? AND e.date_precision = 'day' AND a2.key <> ? AND a2.published IS NOT NULL
                 ORDER BY e.date_start, e.id, a2.key",
            )
            .bind(slug)
            .bind(except)
            .fetch_all(self.pool())
            .await?;
            for row in rows {
                let id: String = row.get(0);
                if out.iter().any(|k: &(String, KnownEvent)| k.0 == id) {
                    continue;
                }
                let kind: String = row.get(1);
                let date: String = row.get(2);
                let people: Vec<String> = sqlx::query_scalar(
                    "SELECT a.slug FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = ? AND a.kind = 'person' ORDER BY a.slug",
                )
                .bind(&id)
                .fetch_all(self.pool())
                .await?;
                let (Ok(kind), Ok(date)) = (kind.parse(), date.parse()) else {
                    continue;
                };
                out.push((
                    id,
                    KnownEvent {
                        kind,
                        date,
                        people,
                        article: row.get(4),
                        headline: row.get(3),
                    },
                ));
            }
        }
        Ok(out.into_iter().map(|(_, k)| k).collect())
    }
}

/// Per-kind rows (kind, count) as [`EventCounts`] for `filter`: every kind listed,
/// the total over the filter's kinds.
fn tally(rows: Vec<(String, i64)>, filter: &EventFilter, sampled: bool) -> Result<EventCounts> {
    let mut by_kind: Vec<(EventKind, i64)> = EventKind::ALL.iter().map(|&kind| (kind, 0)).collect();
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
    Ok(EventCounts {
        total,
        by_kind,
        sampled,
    })
}

/// Rows of a page of events as summaries, in the same order.
fn summaries(rows: Vec<ListedRow>) -> Result<Vec<EventSummary>> {
    rows.into_iter().map(ListedRow::into_summary).collect()
}
