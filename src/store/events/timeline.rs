//! Read queries behind the interactive timeline and the charts: every dated event of
//! a filter in brief (for the overview), ceasefire lifetimes, the date extent, facet
//! counts, casualty figures over time, an event's neighbours and relatives, and an
//! actor's activity per month. Same rules as the rest of the store: bound values
//! only, never a write.

use super::{EventSummary, close_page, fetch_page, open_page, summaries};
use crate::domain::{Casualty, EventDate, EventId, EventKind, Slug};
use crate::store::query::{
    Direction, EventFilter, Half, Matches, half_query, only_kinds, push_conditions,
};
use crate::store::rows::{FIGURE_COLUMNS, FigureColumns, date_of};
use crate::store::{Result, Store, parse_column};
use jiff::civil::Date;
use sqlx::{QueryBuilder, Sqlite};

/// The most events the overview draws; past this it says that it shows only the first.
pub const OVERVIEW_LIMIT: u32 = 5000;
/// The most casualty figures one chart draws.
const CASUALTY_LIMIT: u32 = 2000;
/// How many days apart two events may be and still count as related.
const RELATED_WITHIN_DAYS: i64 = 7;
/// How many related events an event page lists.
const RELATED_LIMIT: u32 = 8;

/// Ceasefire subtypes that start a ceasefire's life.
const CEASEFIRE_STARTS: &str = "'agreed', 'brokered', 'declared'";
/// Ceasefire subtypes that report its breach or end.
const CEASEFIRE_ENDS: &str = "'violated', 'collapsed'";

/// The first reported breach of a ceasefire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub start: Date,
    pub headline: String,
}

/// A dated event in brief, as the overview draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewEvent {
    pub id: EventId,
    pub kind: EventKind,
    pub subtype: String,
    pub date: EventDate,
    pub headline: String,
    pub place: Option<String>,
    /// For a ceasefire agreement (agreed, brokered, declared): the first later
    /// fighting or violation event at the same place or with a party in common,
    /// among all events (not only the filtered ones). `None` when none is reported.
    pub breach: Option<Breach>,
}

/// One mark of the overview as its query writes it, an element of one JSON array:
/// the whole overview (up to [`OVERVIEW_LIMIT`] marks) is one row, not one row per
/// mark each handed from SQLite's thread to the runtime (5 000 on `/`), and a
/// breach's date and headline come with it instead of from a second statement.
#[derive(serde::Deserialize)]
struct OverviewRow {
    id: EventId,
    kind: String,
    subtype: String,
    date_start: String,
    date_end: Option<String>,
    date_precision: Option<String>,
    headline: String,
    place_name: Option<String>,
    breach_start: Option<String>,
    breach_headline: Option<String>,
}

/// An actor with how many events of the current filter involve it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopActor {
    pub slug: Slug,
    pub name: String,
    pub count: i64,
}

/// One casualty figure placed in time by its event's date.
#[derive(Debug, Clone, PartialEq)]
pub struct CasualtyPoint {
    pub event_id: EventId,
    pub event_headline: String,
    pub date: EventDate,
    pub figure: Casualty,
    /// The outlet of the stating article, named when the figure has no reporter.
    pub outlet: Option<String>,
}

/// An event's neighbours in timeline order under a filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventNeighbours {
    /// (id, headline) of the event before.
    pub prev: Option<(EventId, String)>,
    /// (id, headline) of the event after.
    pub next: Option<(EventId, String)>,
}

/// How many of an actor's events of one kind fall in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityMonth {
    /// The first day of the month.
    pub month: Date,
    pub kind: EventKind,
    pub count: i64,
}

/// The days from `lo` less `within` to `hi` plus `within` (SQLite date modifiers),
/// for the related-events query.
struct Window {
    lo: String,
    hi: String,
    within: String,
}

impl Window {
    /// ` first <= hi + within AND last >= lo - within`, compared as dates so that an
    /// index on `first` can bound the walk.
    fn push(&self, qb: &mut QueryBuilder<Sqlite>, first: &str, last: &str) {
        qb.push(first)
            .push(" <= date(")
            .push_bind(self.hi.clone())
            .push(", '+' || ")
            .push_bind(self.within.clone())
            .push(") AND ")
            .push(last)
            .push(" >= date(")
            .push_bind(self.lo.clone())
            .push(", '-' || ")
            .push_bind(self.within.clone())
            .push(")");
    }
}

impl Store {
    /// Every dated event matching `filter` (paging ignored) in date order, at most
    /// [`OVERVIEW_LIMIT`], with the breach of each ceasefire agreement.
    pub async fn overview_events(&self, filter: &EventFilter) -> Result<Vec<OverviewEvent>> {
        // A breach must start after the agreement's last possible day, so that an
        // agreement known only to the month is not "broken" by fighting earlier
        // that month. Planned events have not happened and break nothing.
        // Built from this module's constants only. The breach is the earliest of one
        // indexed lookup per way of being related: the first breaking event at the
        // same place (events_by_place_date), and for each of the agreement's
        // participants the first breaking event of that participant
        // (actor_events_breaks, kept by triggers). Each lookup stops at its first
        // row, so the cost no longer grows with the number of later events. The
        // candidates are compared as `date|id` (dates have a fixed width), which
        // orders them as (date_start, id).
        let mut qb = QueryBuilder::<Sqlite>::new(format!(
            "SELECT json_group_array(json_array(o.id, o.kind, o.subtype, o.date_start, \
             o.date_end, o.date_precision, o.headline, o.place_name, b.date_start, \
             b.headline) ORDER BY o.date_start, o.id) FROM ( \
             SELECT e.id, e.kind, e.subtype, e.date_start, e.date_end, \
             e.date_precision, e.headline, p.name AS place_name, \
             CASE WHEN e.kind = 'ceasefire' AND e.subtype IN ({CEASEFIRE_STARTS}) THEN ( \
               SELECT substr(MIN(b.k), 12) FROM ( \
                 SELECT (SELECT v.date_start || '|' || v.id FROM events v \
                   WHERE v.place_id = e.place_id \
                   AND v.date_start > COALESCE(e.date_end, e.date_start) \
                   AND v.status <> 'planned' \
                   AND (v.kind = 'fighting' OR (v.kind = 'ceasefire' AND v.subtype IN ({CEASEFIRE_ENDS}))) \
                   ORDER BY v.date_start, v.id LIMIT 1) AS k \
                 UNION ALL \
                 SELECT (SELECT t.date_start || '|' || t.event_id FROM actor_events t \
                   WHERE t.actor_id = x.actor_id AND t.role = 'participant' AND t.breaks = 1 \
                   AND t.date_start > COALESCE(e.date_end, e.date_start) \
                   ORDER BY t.date_start, t.event_id LIMIT 1) AS k \
                 FROM event_actors x WHERE x.event_id = e.id AND x.role = 'participant' \
               ) b) END AS breach_id \
             FROM events e LEFT JOIN places p ON p.id = e.place_id \
             WHERE e.date_start IS NOT NULL"
        ));
        push_conditions(&mut qb, filter, true, Matches::Sample);
        qb.push(" ORDER BY e.date_start, e.id LIMIT ")
            .push_bind(i64::from(OVERVIEW_LIMIT))
            .push(") o LEFT JOIN events b ON b.id = o.breach_id");
        let json: String = qb.build_query_scalar().fetch_one(self.pool()).await?;
        let rows: Vec<OverviewRow> = serde_json::from_str(&json)
            .map_err(|e| crate::store::corrupt(format_args!("the overview's marks: {e}")))?;
        rows.into_iter()
            .map(|r| {
                let breach = match (r.breach_start, r.breach_headline) {
                    (Some(start), Some(headline)) => Some(Breach {
                        start: parse_column(&start, "date_start", &r.id)?,
                        headline,
                    }),
                    _ => None,
                };
                Ok(OverviewEvent {
                    date: date_of(
                        &r.id,
                        &r.date_start,
                        r.date_end.as_deref(),
                        r.date_precision.as_deref(),
                    )?,
                    kind: parse_column(&r.kind, "kind", &r.id)?,
                    breach,
                    id: r.id,
                    subtype: r.subtype,
                    headline: r.headline,
                    place: r.place_name,
                })
            })
            .collect()
    }

    /// The first and last day of the events matching `filter` without its date
    /// range; `None` when none of them is dated.
    pub async fn date_extent(&self, filter: &EventFilter) -> Result<Option<(Date, Date)>> {
        let undated_range = EventFilter {
            from: None,
            to: None,
            ..filter.clone()
        };
        let (first, last): (Option<String>, Option<String>) = if only_kinds(&undated_range) {
            // One MIN and one MAX per kind, each answered from the end of an index
            // (events_by_kind_date, events_by_kind_last) instead of a scan.
            let kinds = if filter.kinds.is_empty() {
                &EventKind::ALL[..]
            } else {
                &filter.kinds[..]
            };
            let mut first: Option<String> = None;
            let mut last: Option<String> = None;
            for kind in kinds {
                let (f, l): (Option<String>, Option<String>) = sqlx::query_as(
                    "SELECT (SELECT MIN(date_start) FROM events WHERE kind = ?1), \
                     (SELECT MAX(COALESCE(date_end, date_start)) FROM events WHERE kind = ?1)",
                )
                .bind(kind.as_str())
                .fetch_one(self.pool())
                .await?;
                first = first.into_iter().chain(f).min();
                last = last.into_iter().chain(l).max();
            }
            (first, last)
        } else if let Some(extent) = self.binned_extent(&undated_range).await? {
            // An actor's or a place's events: their day bins (migrations/0006).
            extent
        } else {
            let mut qb = QueryBuilder::<Sqlite>::new(
                "SELECT MIN(e.date_start), MAX(COALESCE(e.date_end, e.date_start)) \
                 FROM events e WHERE e.date_start IS NOT NULL",
            );
            push_conditions(&mut qb, &undated_range, true, Matches::Sample);
            qb.build_query_as().fetch_one(self.pool()).await?
        };
        match (first, last) {
            (Some(first), Some(last)) => Ok(Some((
                parse_column(&first, "date_start", "events")?,
                parse_column(&last, "date_end", "events")?,
            ))),
            _ => Ok(None),
        }
    }

    /// The actors involved (in any role) in most events matching `filter`.
    pub async fn top_actors(&self, filter: &EventFilter, limit: u32) -> Result<Vec<TopActor>> {
        if filter.is_unfiltered() {
            // Every event counts: the per-actor counts kept by triggers answer it.
            let rows: Vec<(Slug, String, i64)> = sqlx::query_as(
                "SELECT a.slug, a.name, ac.events FROM actor_counts ac \
                 JOIN actors a ON a.id = ac.actor_id WHERE ac.events > 0 \
                 ORDER BY ac.events DESC, a.name LIMIT ?",
            )
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?;
            return Ok(rows
                .into_iter()
                .map(|(slug, name, count)| TopActor { slug, name, count })
                .collect());
        }
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT a.slug, a.name, COUNT(DISTINCT e.id) AS n FROM events e \
             JOIN event_actors ea ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id \
             WHERE 1",
        );
        push_conditions(&mut qb, filter, true, Matches::Sample);
        qb.push(" GROUP BY a.id ORDER BY n DESC, a.name LIMIT ")
            .push_bind(i64::from(limit));
        let rows: Vec<(Slug, String, i64)> = qb.build_query_as().fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .map(|(slug, name, count)| TopActor { slug, name, count })
            .collect())
    }

    /// The casualty figures of the dated events matching `filter`, by event date.
    pub async fn casualty_points(&self, filter: &EventFilter) -> Result<Vec<CasualtyPoint>> {
        // CROSS JOIN keeps events outermost: walked in date order (events_by_date_reach)
        // with each one's figures in id order (casualties_by_event), the query stops
        // after CASUALTY_LIMIT figures instead of sorting every figure of the filter.
        let mut qb = QueryBuilder::<Sqlite>::new(format!(
            "SELECT c.event_id, e.headline, e.date_start, e.date_end, \
             e.date_precision, {FIGURE_COLUMNS}, a.source \
             FROM events e CROSS JOIN casualties c JOIN articles a ON a.id = c.article_id \
             WHERE c.event_id = e.id AND e.date_start IS NOT NULL \
             AND (c.killed IS NOT NULL OR c.wounded IS NOT NULL)"
        ));
        push_conditions(&mut qb, filter, true, Matches::Sample);
        qb.push(" ORDER BY e.date_start, e.id, c.id LIMIT ")
            .push_bind(i64::from(CASUALTY_LIMIT));
        #[derive(sqlx::FromRow)]
        struct Row {
            event_id: EventId,
            headline: String,
            date_start: String,
            date_end: Option<String>,
            date_precision: Option<String>,
            #[sqlx(flatten)]
            figure: FigureColumns,
            source: Option<String>,
        }
        let rows: Vec<Row> = qb.build_query_as().fetch_all(self.pool()).await?;
        rows.into_iter()
            .map(|r| {
                Ok(CasualtyPoint {
                    date: date_of(
                        &r.event_id,
                        &r.date_start,
                        r.date_end.as_deref(),
                        r.date_precision.as_deref(),
                    )?,
                    figure: r.figure.parse(&r.event_id)?,
                    event_id: r.event_id,
                    event_headline: r.headline,
                    outlet: r.source,
                })
            })
            .collect()
    }

    /// The events just before and after `event` in timeline order among those
    /// matching `filter` (paging ignored).
    pub async fn neighbours(
        &self,
        event: &EventSummary,
        filter: &EventFilter,
    ) -> Result<EventNeighbours> {
        let cursor = event.cursor();
        Ok(EventNeighbours {
            prev: self.neighbour(filter, &cursor, Direction::Backward).await?,
            next: self.neighbour(filter, &cursor, Direction::Forward).await?,
        })
    }

    /// The first event beyond `cursor` in `direction`: within the cursor's half of
    /// timeline order first, then in the other half.
    async fn neighbour(
        &self,
        filter: &EventFilter,
        cursor: &super::Cursor,
        direction: Direction,
    ) -> Result<Option<(EventId, String)>> {
        let halves = match direction {
            Direction::Forward => [Half::Dated, Half::Undated],
            Direction::Backward => [Half::Undated, Half::Dated],
        };
        for half in halves {
            let Some(mut qb) = half_query(
                "SELECT e.id, e.headline FROM events e",
                half,
                filter,
                Some(cursor),
                direction,
                Matches::All,
            ) else {
                continue;
            };
            qb.push(" LIMIT 1");
            let found = qb.build_query_as().fetch_optional(self.pool()).await?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Events within [`RELATED_WITHIN_DAYS`] of `event` that share a party or its
    /// place, nearest in time first.
    pub async fn related_events(&self, event: &EventSummary) -> Result<Vec<EventSummary>> {
        let Some(date) = event.date else {
            return Ok(Vec::new());
        };
        // The window is compared as dates (same as julianday ± days on YYYY-MM-DD)
        // so that the candidates come from indexes: the participants' events via
        // actor_events, the place's via events_by_place_date.
        let window = Window {
            lo: date.start.to_string(),
            hi: date.end.to_string(),
            within: format!("{RELATED_WITHIN_DAYS} days"),
        };
        let mut qb = QueryBuilder::<Sqlite>::new(open_page());
        qb.push(" WHERE e.id <> ")
            .push_bind(event.id.clone())
            .push(" AND e.date_start IS NOT NULL AND ");
        window.push(
            &mut qb,
            "e.date_start",
            "COALESCE(e.date_end, e.date_start)",
        );
        qb.push(
            " AND e.id IN (SELECT t.event_id FROM event_actors x JOIN actor_events t \
             ON t.actor_id = x.actor_id AND t.role = 'participant' WHERE x.event_id = ",
        )
        .push_bind(event.id.clone())
        .push(" AND x.role = 'participant' AND ");
        window.push(&mut qb, "t.date_start", "t.date_last");
        if let Some(place) = &event.place {
            qb.push(
                " UNION ALL SELECT v.id FROM events v \
                 WHERE v.place_id = (SELECT id FROM places WHERE slug = ",
            )
            .push_bind(place.slug.clone())
            .push(") AND ");
            window.push(
                &mut qb,
                "v.date_start",
                "COALESCE(v.date_end, v.date_start)",
            );
        }
        let nearest = |qb: &mut QueryBuilder<Sqlite>, alias: &str| {
            qb.push(format!("ABS(julianday({alias}.date_start) - julianday("))
                .push_bind(date.start.to_string())
                .push(format!(")), {alias}.date_start, {alias}.id"));
        };
        qb.push(") ORDER BY ");
        nearest(&mut qb, "e");
        qb.push(" LIMIT ").push_bind(i64::from(RELATED_LIMIT));
        close_page(&mut qb, |qb| nearest(qb, "page"));
        summaries(fetch_page(self, qb).await?)
    }

    /// An actor's events per month and kind (events dated to the month or finer),
    /// and how many of its events are dated only more coarsely or not at all.
    pub async fn actor_activity(&self, slug: &Slug) -> Result<(Vec<ActivityMonth>, i64)> {
        // From the actor's month bins (migrations/0006), not its events.
        let (rows, coarse) = self.binned_activity(slug).await?;
        let months = rows
            .into_iter()
            .map(|(month, kind, count)| {
                Ok(ActivityMonth {
                    month: parse_column(&format!("{month}-01"), "date_start", slug)?,
                    kind: parse_column(&kind, "kind", slug)?,
                    count,
                })
            })
            .collect::<Result<_>>()?;
        Ok((months, coarse))
    }
}
