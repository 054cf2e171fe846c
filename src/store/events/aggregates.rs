//! Summaries read from the bins that migrations/0006 keeps at write time (events
//! per kind, day, month and date precision; for every event, each actor and each
//! place), so that their cost follows the months and days of the question, not the
//! number of matching events. A filter the bins cannot answer (free text, several
//! actors, an actor and a place together, a range that ends before it starts) gets
//! `None`, and the caller counts the matches as before.

use crate::domain::{EventKind, Slug};
use crate::store::query::{DateBand, EventFilter};
use crate::store::{Result, Store};
use jiff::civil::Date;
use sqlx::{QueryBuilder, Sqlite};

/// Precisions the activity chart places in a month; coarser dates are counted apart.
const MONTH_OR_FINER: &str = "'day', 'span', 'week', 'month'";

/// Whose bins answer a filter.
enum Scope<'a> {
    All,
    Actor(&'a Slug),
    Place(&'a Slug),
}

impl Scope<'_> {
    /// The filter's scope, when the bins can answer it (its kinds aside).
    fn of(filter: &EventFilter) -> Option<Scope<'_>> {
        if filter.text.is_some() || !(binnable(filter.from) && binnable(filter.to)) {
            return None;
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return None;
        }
        match (&filter.actors[..], &filter.place) {
            ([], None) => Some(Scope::All),
            ([actor], None) => Some(Scope::Actor(actor)),
            ([], Some(place)) => Some(Scope::Place(place)),
            _ => None,
        }
    }

    /// ` scope = … AND ref = …`; an unknown slug matches no bin.
    fn push(&self, qb: &mut QueryBuilder<Sqlite>) {
        match self {
            Scope::All => {
                qb.push(" scope = 0 AND ref = 0");
            }
            Scope::Actor(slug) => {
                qb.push(" scope = 1 AND ref = (SELECT id FROM actors WHERE slug = ")
                    .push_bind((*slug).clone())
                    .push(")");
            }
            Scope::Place(slug) => {
                qb.push(" scope = 2 AND ref = (SELECT id FROM places WHERE slug = ")
                    .push_bind((*slug).clone())
                    .push(")");
            }
        }
    }
}

/// Stored dates are `YYYY-MM-DD` and compared as text; outside four-digit years a
/// date does not print that way, and the matches are counted instead.
fn binnable(day: Option<Date>) -> bool {
    day.is_none_or(|d| (1..=9999).contains(&d.year()))
}

fn month_of(day: Date) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// One SELECT of `(kind, n)` rows over bins, for [`Store::binned_counts`].
struct Part<'a> {
    table: &'static str,
    period: &'static str,
    /// `starts` or `-ends`.
    value: &'static str,
    /// Periods from (inclusive) and before (exclusive) or up to (inclusive).
    lo: Option<String>,
    hi: Option<(String, bool)>,
    scope: &'a Scope<'a>,
    band: Option<DateBand>,
}

impl Part<'_> {
    fn push(&self, qb: &mut QueryBuilder<Sqlite>) {
        qb.push(format!(
            "SELECT kind, {} AS n FROM {} WHERE",
            self.value, self.table
        ));
        self.scope.push(qb);
        // Every kind named, so that each is one index range over the periods.
        qb.push(" AND kind IN (");
        let mut kinds = qb.separated(", ");
        for kind in EventKind::ALL {
            kinds.push_bind(kind.as_str());
        }
        qb.push(")");
        if let Some(lo) = &self.lo {
            qb.push(format!(" AND {} >= ", self.period))
                .push_bind(lo.clone());
        }
        if let Some((hi, inclusive)) = &self.hi {
            let op = if *inclusive { " <= " } else { " < " };
            qb.push(format!(" AND {}{op}", self.period))
                .push_bind(hi.clone());
        }
        push_band(qb, self.band);
    }
}

fn push_band(qb: &mut QueryBuilder<Sqlite>, band: Option<DateBand>) {
    match band {
        None => {}
        Some(DateBand::Day) => {
            qb.push(" AND prec = 'day'");
        }
        // `date_precision <> 'day'`: NULL (undated, '' here) is in neither band.
        Some(DateBand::Coarse) => {
            qb.push(" AND prec NOT IN ('day', '')");
        }
    }
}

/// The parts that count the dated events starting on or before `to` (`sign` +) or
/// ending before `from` (`sign` −): whole months from the month bins, the days of
/// the last month from the day bins.
fn bound_parts<'a>(
    day: Date,
    inclusive: bool,
    value: &'static str,
    scope: &'a Scope<'a>,
    band: Option<DateBand>,
) -> [Part<'a>; 2] {
    let month = month_of(day);
    [
        Part {
            table: "event_months",
            period: "month",
            value,
            // '' holds the undated events.
            lo: Some("0".to_string()),
            hi: Some((month.clone(), false)),
            scope,
            band,
        },
        Part {
            table: "event_days",
            period: "day",
            value,
            lo: Some(format!("{month}-01")),
            hi: Some((day.to_string(), inclusive)),
            scope,
            band,
        },
    ]
}

impl Store {
    /// Per kind, how many events match `filter` without its kinds, from the bins;
    /// `None` when the bins cannot answer it. The same numbers as counting the
    /// matches: an event overlaps [from, to] when it starts on or before `to` and
    /// does not end before `from`, and every event that ends before `from` starts
    /// before it, so the count is the first number less the second.
    pub(super) async fn binned_counts(
        &self,
        filter: &EventFilter,
    ) -> Result<Option<Vec<(String, i64)>>> {
        let Some(scope) = Scope::of(filter) else {
            return Ok(None);
        };
        let band = filter.band;
        let mut parts = Vec::new();
        match filter.to {
            Some(to) => parts.extend(bound_parts(to, true, "starts", &scope, band)),
            None => parts.push(Part {
                table: "event_months",
                period: "month",
                value: "starts",
                // Without a range the undated events count too.
                lo: (filter.from.is_some()).then(|| "0".to_string()),
                hi: None,
                scope: &scope,
                band,
            }),
        }
        if let Some(from) = filter.from {
            parts.extend(bound_parts(from, false, "-ends", &scope, band));
        }
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT kind, SUM(n) FROM (");
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                qb.push(" UNION ALL ");
            }
            part.push(&mut qb);
        }
        qb.push(") GROUP BY kind");
        let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(self.pool()).await?;
        Ok(Some(rows))
    }

    /// The first day and the last day of the events matching `filter` (its date
    /// range aside), from the day bins; `None` when the bins cannot answer it, and
    /// `(None, None)` when no matching event is dated.
    pub(super) async fn binned_extent(
        &self,
        filter: &EventFilter,
    ) -> Result<Option<(Option<String>, Option<String>)>> {
        let Some(scope) = Scope::of(filter) else {
            return Ok(None);
        };
        let kinds = if filter.kinds.is_empty() {
            &EventKind::ALL[..]
        } else {
            &filter.kinds[..]
        };
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT ");
        for (i, (end, count)) in [("MIN", "starts"), ("MAX", "ends")].into_iter().enumerate() {
            if i > 0 {
                qb.push(", ");
            }
            qb.push(format!("(SELECT {end}(day) FROM event_days WHERE"));
            scope.push(&mut qb);
            qb.push(" AND kind IN (");
            let mut list = qb.separated(", ");
            for kind in kinds {
                list.push_bind(kind.as_str());
            }
            qb.push(format!(") AND {count} > 0"));
            push_band(&mut qb, filter.band);
            qb.push(")");
        }
        Ok(Some(qb.build_query_as().fetch_one(self.pool()).await?))
    }

    /// An actor's events per month and kind among those dated to the month or
    /// finer, as (YYYY-MM, kind, count), and how many are dated more coarsely or not
    /// at all: from the actor's month bins.
    pub(super) async fn binned_activity(
        &self,
        slug: &Slug,
    ) -> Result<(Vec<(String, String, i64)>, i64)> {
        let months: Vec<(String, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT month, kind, SUM(starts) AS n FROM event_months \
             WHERE scope = 1 AND ref = (SELECT id FROM actors WHERE slug = ?) \
             AND prec IN ({MONTH_OR_FINER}) \
             GROUP BY month, kind HAVING n > 0 ORDER BY month, kind"
        )))
        .bind(slug)
        .fetch_all(self.pool())
        .await?;
        let coarse: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COALESCE(SUM(starts), 0) FROM event_months \
             WHERE scope = 1 AND ref = (SELECT id FROM actors WHERE slug = ?) \
             AND prec NOT IN ({MONTH_OR_FINER})"
        )))
        .bind(slug)
        .fetch_one(self.pool())
        .await?;
        Ok((months, coarse))
    }
}
