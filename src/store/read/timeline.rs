//! Read queries behind the interactive timeline and the charts: every dated event of
//! a filter in brief (for the overview), ceasefire lifetimes, the date extent, facet
//! counts, casualty figures over time, an event's neighbours and relatives, and an
//! actor's activity per month. Same rules as the parent module: bound values only,
//! never a write.

use super::{
    Cursor, EVENT_COLUMNS, EventFilter, EventRow, EventSummary, Result, corrupt, parse_column,
    push_after, push_conditions,
};
use crate::domain::{EventDate, EventKind};
use crate::store::Store;
use jiff::civil::Date;
use sqlx::{QueryBuilder, Sqlite};
use std::collections::HashMap;

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
    pub id: String,
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

#[derive(sqlx::FromRow)]
struct OverviewRow {
    id: String,
    kind: String,
    subtype: String,
    date_start: String,
    date_end: Option<String>,
    date_precision: Option<String>,
    headline: String,
    place_name: Option<String>,
    breach_id: Option<String>,
}

/// An actor with how many events of the current filter involve it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopActor {
    pub slug: String,
    pub name: String,
    pub count: i64,
}

/// One casualty figure placed in time by its event's date.
#[derive(Debug, Clone, PartialEq)]
pub struct CasualtyPoint {
    pub event_id: String,
    pub event_headline: String,
    pub date: EventDate,
    pub party: Option<String>,
    pub group: Option<String>,
    pub killed: Option<i64>,
    pub wounded: Option<i64>,
    pub cumulative: bool,
    pub reported_by: Option<String>,
    pub outlet: Option<String>,
}

/// An event's neighbours in timeline order under a filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventNeighbours {
    /// (id, headline) of the event before.
    pub prev: Option<(String, String)>,
    /// (id, headline) of the event after.
    pub next: Option<(String, String)>,
}

/// How many of an actor's events of one kind fall in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityMonth {
    /// The first day of the month.
    pub month: Date,
    pub kind: EventKind,
    pub count: i64,
}

fn date_of(id: &str, start: &str, end: Option<&str>, precision: Option<&str>) -> Result<EventDate> {
    let end = end.unwrap_or(start);
    let precision = precision.unwrap_or("day");
    EventDate::from_parts(start, end, precision).ok_or_else(|| {
        corrupt(format_args!(
            "date of {id}: {start:?}..{end:?} ({precision:?})"
        ))
    })
}

impl Store {
    /// Every dated event matching `filter` (paging ignored) in date order, at most
    /// [`OVERVIEW_LIMIT`], with the breach of each ceasefire agreement.
    pub async fn overview_events(&self, filter: &EventFilter) -> Result<Vec<OverviewEvent>> {
        // A breach must start after the agreement's last possible day, so that an
        // agreement known only to the month is not "broken" by fighting earlier
        // that month. Planned events have not happened and break nothing.
        // Built from this module's constants only. The breach is the earliest of two
        // indexed lookups (same place; a shared participant, walked from the
        // agreement's own actors: CROSS JOIN fixes that order) rather than a scan of
        // every later event, which cost seconds per page at 10,000 events.
        let mut qb = QueryBuilder::<Sqlite>::new(format!(
            "SELECT e.id, e.kind, e.subtype, e.date_start, e.date_end, \
             e.date_precision, e.headline, p.name AS place_name, \
             CASE WHEN e.kind = 'ceasefire' AND e.subtype IN ({CEASEFIRE_STARTS}) THEN ( \
               SELECT b.id FROM ( \
                 SELECT v.id, v.date_start FROM events v \
                 WHERE v.place_id = e.place_id \
                 AND v.date_start > COALESCE(e.date_end, e.date_start) \
                 AND v.status <> 'planned' \
                 AND (v.kind = 'fighting' OR (v.kind = 'ceasefire' AND v.subtype IN ({CEASEFIRE_ENDS}))) \
                 UNION ALL \
                 SELECT v.id, v.date_start \
                 FROM event_actors x CROSS JOIN event_actors y CROSS JOIN events v \
                 WHERE x.event_id = e.id AND x.role = 'participant' \
                 AND y.actor_id = x.actor_id AND y.role = 'participant' AND v.id = y.event_id \
                 AND v.date_start > COALESCE(e.date_end, e.date_start) \
                 AND v.status <> 'planned' \
                 AND (v.kind = 'fighting' OR (v.kind = 'ceasefire' AND v.subtype IN ({CEASEFIRE_ENDS}))) \
               ) b ORDER BY b.date_start, b.id LIMIT 1) END AS breach_id \
             FROM events e LEFT JOIN places p ON p.id = e.place_id \
             WHERE e.date_start IS NOT NULL"
        ));
        push_conditions(&mut qb, filter, true);
        qb.push(" ORDER BY e.date_start, e.id LIMIT ")
            .push_bind(i64::from(OVERVIEW_LIMIT));
        let rows: Vec<OverviewRow> = qb.build_query_as().fetch_all(self.pool()).await?;

        let breach_ids: Vec<&str> = rows.iter().filter_map(|r| r.breach_id.as_deref()).collect();
        let breaches = self.breaches(&breach_ids).await?;
        rows.into_iter()
            .map(|r| {
                Ok(OverviewEvent {
                    date: date_of(
                        &r.id,
                        &r.date_start,
                        r.date_end.as_deref(),
                        r.date_precision.as_deref(),
                    )?,
                    kind: parse_column(&r.kind, "kind", &r.id)?,
                    breach: r.breach_id.and_then(|b| breaches.get(&b).cloned()),
                    id: r.id,
                    subtype: r.subtype,
                    headline: r.headline,
                    place: r.place_name,
                })
            })
            .collect()
    }

    async fn breaches(&self, ids: &[&str]) -> Result<HashMap<String, Breach>> {
        let mut found = HashMap::new();
        if ids.is_empty() {
            return Ok(found);
        }
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT id, date_start, headline FROM events WHERE id IN (",
        );
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(id.to_string());
        }
        qb.push(")");
        let rows: Vec<(String, String, String)> =
            qb.build_query_as().fetch_all(self.pool()).await?;
        for (id, start, headline) in rows {
            let breach = Breach {
                start: parse_column(&start, "date_start", &id)?,
                headline,
            };
            found.insert(id, breach);
        }
        Ok(found)
    }

    /// The first and last day of the events matching `filter` without its date
    /// range; `None` when none of them is dated.
    pub async fn date_extent(&self, filter: &EventFilter) -> Result<Option<(Date, Date)>> {
        let undated_range = EventFilter {
            from: None,
            to: None,
            ..filter.clone()
        };
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT MIN(e.date_start), MAX(COALESCE(e.date_end, e.date_start)) \
             FROM events e WHERE e.date_start IS NOT NULL",
        );
        push_conditions(&mut qb, &undated_range, true);
        let (first, last): (Option<String>, Option<String>) =
            qb.build_query_as().fetch_one(self.pool()).await?;
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
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT a.slug, a.name, COUNT(DISTINCT e.id) AS n FROM events e \
             JOIN event_actors ea ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id \
             WHERE 1",
        );
        push_conditions(&mut qb, filter, true);
        qb.push(" GROUP BY a.id ORDER BY n DESC, a.name LIMIT ")
            .push_bind(i64::from(limit));
        let rows: Vec<(String, String, i64)> = qb.build_query_as().fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .map(|(slug, name, count)| TopActor { slug, name, count })
            .collect())
    }

    /// The casualty figures of the dated events matching `filter`, by event date.
    pub async fn casualty_points(&self, filter: &EventFilter) -> Result<Vec<CasualtyPoint>> {
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT c.event_id, e.headline, e.date_start, e.date_end, \
             e.date_precision, c.party, c.grp, c.killed, c.wounded, c.cumulative, \
             c.reported_by, a.source \
             FROM casualties c JOIN events e ON e.id = c.event_id \
             JOIN articles a ON a.id = c.article_id \
             WHERE e.date_start IS NOT NULL AND (c.killed IS NOT NULL OR c.wounded IS NOT NULL)",
        );
        push_conditions(&mut qb, filter, true);
        qb.push(" ORDER BY e.date_start, e.id, c.id LIMIT ")
            .push_bind(i64::from(CASUALTY_LIMIT));
        #[derive(sqlx::FromRow)]
        struct Row {
            event_id: String,
            headline: String,
            date_start: String,
            date_end: Option<String>,
            date_precision: Option<String>,
            party: Option<String>,
            grp: Option<String>,
            killed: Option<i64>,
            wounded: Option<i64>,
            cumulative: i64,
            reported_by: Option<String>,
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
                    event_id: r.event_id,
                    event_headline: r.headline,
                    party: r.party,
                    group: r.grp,
                    killed: r.killed,
                    wounded: r.wounded,
                    cumulative: r.cumulative != 0,
                    reported_by: r.reported_by,
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
        let mut next = QueryBuilder::<Sqlite>::new("SELECT e.id, e.headline FROM events e WHERE 1");
        push_conditions(&mut next, filter, true);
        push_after(&mut next, &cursor);
        next.push(" ORDER BY e.date_start IS NULL, e.date_start, e.id LIMIT 1");
        let mut prev = QueryBuilder::<Sqlite>::new("SELECT e.id, e.headline FROM events e WHERE 1");
        push_conditions(&mut prev, filter, true);
        push_before(&mut prev, &cursor);
        prev.push(" ORDER BY e.date_start IS NULL DESC, e.date_start DESC, e.id DESC LIMIT 1");
        Ok(EventNeighbours {
            prev: prev.build_query_as().fetch_optional(self.pool()).await?,
            next: next.build_query_as().fetch_optional(self.pool()).await?,
        })
    }

    /// Events within [`RELATED_WITHIN_DAYS`] of `event` that share a party or its
    /// place, nearest in time first.
    pub async fn related_events(&self, event: &EventSummary) -> Result<Vec<EventSummary>> {
        let Some(date) = event.date else {
            return Ok(Vec::new());
        };
        let mut qb = QueryBuilder::<Sqlite>::new(EVENT_COLUMNS);
        qb.push(" WHERE e.id <> ")
            .push_bind(event.id.clone())
            .push(" AND e.date_start IS NOT NULL AND julianday(e.date_start) <= julianday(")
            .push_bind(date.end.to_string())
            .push(") + ")
            .push_bind(RELATED_WITHIN_DAYS)
            .push(" AND julianday(COALESCE(e.date_end, e.date_start)) >= julianday(")
            .push_bind(date.start.to_string())
            .push(") - ")
            .push_bind(RELATED_WITHIN_DAYS)
            .push(
                " AND (e.id IN (SELECT y.event_id FROM event_actors x JOIN event_actors y \
                   ON y.actor_id = x.actor_id WHERE x.event_id = ",
            )
            .push_bind(event.id.clone())
            .push(" AND x.role = 'participant' AND y.role = 'participant')");
        if let Some(place) = &event.place {
            qb.push(" OR p.slug = ").push_bind(place.slug.clone());
        }
        qb.push(") ORDER BY ABS(julianday(e.date_start) - julianday(")
            .push_bind(date.start.to_string())
            .push(")), e.date_start, e.id LIMIT ")
            .push_bind(i64::from(RELATED_LIMIT));
        let rows: Vec<EventRow> = qb.build_query_as().fetch_all(self.pool()).await?;
        self.summaries(rows).await
    }

    /// An actor's events per month and kind (events dated to the month or finer),
    /// and how many of its events are dated only more coarsely or not at all.
    pub async fn actor_activity(&self, slug: &str) -> Result<(Vec<ActivityMonth>, i64)> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT substr(e.date_start, 1, 7) AS month, e.kind, COUNT(DISTINCT e.id) \
             FROM events e JOIN event_actors ea ON ea.event_id = e.id \
             JOIN actors a ON a.id = ea.actor_id \
             WHERE a.slug = ? AND e.date_precision IN ('day', 'span', 'week', 'month') \
             GROUP BY month, e.kind ORDER BY month, e.kind",
        )
        .bind(slug)
        .fetch_all(self.pool())
        .await?;
        let coarse: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT e.id) FROM events e \
             JOIN event_actors ea ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id \
             WHERE a.slug = ? AND (e.date_precision IS NULL \
             OR e.date_precision NOT IN ('day', 'span', 'week', 'month'))",
        )
        .bind(slug)
        .fetch_one(self.pool())
        .await?;
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

/// Appends the keyset condition: events strictly before `cursor` in the order
/// `date_start NULLS LAST, id` (the mirror of [`push_after`]).
fn push_before(qb: &mut QueryBuilder<Sqlite>, cursor: &Cursor) {
    match cursor.date_start {
        Some(date) => {
            let date = date.to_string();
            qb.push(" AND e.date_start IS NOT NULL AND (e.date_start < ")
                .push_bind(date.clone())
                .push(" OR (e.date_start = ")
                .push_bind(date)
                .push(" AND e.id < ")
                .push_bind(cursor.id.clone())
                .push("))");
        }
        None => {
            qb.push(" AND (e.date_start IS NOT NULL OR e.id < ")
                .push_bind(cursor.id.clone())
                .push(")");
        }
    }
}
