//! Financial reports' quarters: "the quarter", "the latest quarter", "the year-ago
//! quarter", and "a year earlier" read against the quarter being reported.
//!
//! A company's results compare a quarter with the same quarter a year before: after
//! "third-quarter profit rose", "from $1.2 million a year earlier" is the third
//! quarter of the year before (TimeBank's `1988-Q3`), not the whole year. So once a
//! document names a quarter of a year, [`Discourse`](super::Discourse) keeps it as
//! the reported quarter, and these expressions count from it.

use super::patterns::{Cand, cand};
use super::resolve::{Ctx, add_months, resolved};
use super::values::year_value;
use super::{AnchoredTo, Reading, Resolved, TimexType, Unit};
use crate::domain::EventDate;
use jiff::civil::Date;
use regex::Captures;

/// "the quarter", "the latest quarter", "this quarter", "the current quarter",
/// "the latest period".
pub(super) const REPORTED_QUARTER: &str = r"(?i)\b(?:(?:the|this|that)\s+(?:(?P<cur>current)\s+|(?P<latest>latest|most\s+recent)\s+)?(?:fiscal\s+)?quarter|the\s+(?P<period>latest|most\s+recent)\s+period)\b";

/// "the year-ago quarter", "the comparable year-earlier period", and the adjective
/// alone ("year-earlier results", where "the" belongs to the noun, not the time):
/// written with the hyphen, the comparison's earlier term.
pub(super) const YEAR_AGO: &str = r"(?i)\b(?:the\s+(?:comparable\s+)?year-(?:earlier|ago)\s+(?:quarter|period)|year-(?:earlier|ago))\b";

/// "the quarter" alone names a town's quarter as often as a year's, so it is kept
/// only once the document has named a quarter of a year; "the latest quarter" and
/// "the current quarter" are a report's words wherever they stand.
pub(super) fn build_reported_quarter(_s: &str, c: &Captures) -> Option<Cand> {
    let current = c.name("cur").is_some();
    let bare = !current && c.name("latest").is_none() && c.name("period").is_none();
    let reading = Reading::ReportedQuarter { current, bare };
    cand(c, TimexType::Date, reading)
}

/// The year before the reported period: one year back from the previous date, or
/// from the reported quarter (see [`in_report`]).
pub(super) fn build_year_ago(_s: &str, c: &Captures) -> Option<Cand> {
    cand(
        c,
        TimexType::Date,
        Reading::Later {
            amount: 1,
            unit: Unit::Year,
            sign: -1,
        },
    )
}

/// A quarter of a year as a date and its TIMEX3 value (`1989-Q3`).
fn quarter(year: i16, n: i8) -> Option<Resolved> {
    let start = Date::new(year, (n - 1) * 3 + 1, 1).ok()?;
    let end = add_months(start, 3)?.yesterday().ok()?;
    Some(resolved(
        EventDate::span(start, end),
        format!("{}-Q{n}", year_value(year)),
    ))
}

/// The quarter of the reference date (`current`), or the last one finished before
/// it: the one a report published in October gives the results of.
pub(super) fn reported_quarter(current: bool, cx: Ctx) -> Option<Resolved> {
    let r = cx.r?;
    let d = if current { r } else { add_months(r, -3)? };
    quarter(d.year(), (d.month() - 1) / 3 + 1)
}

/// The quarter an expression names, to be remembered as the reported one: only one
/// over by the reference date, since results are given for a finished quarter and
/// "fourth-quarter" in October is a forecast.
pub(super) fn named_quarter(
    reading: &Reading,
    res: &Resolved,
    reference: Option<Date>,
) -> Option<(i16, i8)> {
    if reference.zip(res.date).is_some_and(|(r, d)| d.end >= r) {
        return None;
    }
    if !matches!(
        reading,
        Reading::Part { of: 4, .. } | Reading::ReportedQuarter { .. }
    ) {
        return None;
    }
    let (y, q) = res.value.split_once("-Q")?;
    Some((y.parse().ok()?, q.parse().ok()?))
}

/// In a document that reports a quarter (`reported`: its year, number and the
/// expression that named it), "a year ago", "a year earlier" and "year-earlier" are
/// that quarter a year before, and "the quarter" is that quarter.
pub(super) fn in_report(reading: &Reading, reported: Option<(i16, i8, usize)>) -> Option<Resolved> {
    let (year, n, at) = reported?;
    let mut res = match reading {
        Reading::Ago {
            amount: Some(1),
            unit: Unit::Year,
        }
        | Reading::Later {
            amount: 1,
            unit: Unit::Year,
            sign: -1,
        } => quarter(year - 1, n)?,
        Reading::ReportedQuarter { current: false, .. } => quarter(year, n)?,
        _ => return None,
    };
    res.anchor = AnchoredTo::Expression(at);
    Some(res)
}
