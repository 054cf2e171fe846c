//! Financial reports' quarters: "the quarter", "the latest quarter", "the year-ago
//! quarter", and "a year earlier" read against the quarter being reported.
//!
//! A company's results compare a quarter with the same quarter a year before: after
//! "third-quarter profit rose", "from $1.2 million a year earlier" is the third
//! quarter of the year before (TimeBank's `1988-Q3`), not the whole year. So once a
//! document names a quarter of a year, [`Discourse`](super::Discourse) keeps it as
//! the reported quarter, and these expressions count from it.

use super::guards::number_stands_alone;
use super::patterns::{Cand, cand};
use super::periods::rel_year_of;
use super::resolve::{Ctx, add_months, resolved};
use super::values::year_value;
use super::{AnchoredTo, Reading, Resolved, TimexType, Unit};
use crate::domain::EventDate;
use jiff::civil::Date;
use regex::Captures;

/// "the quarter", "the latest quarter", "this quarter", "the current quarter",
/// "the latest period"; and the comparison's other term: "the 1988 quarter", "last
/// year's quarter", "the corresponding period last year" (not "the quarter a year
/// ago": without a report, "the troops left the quarter a year ago").
/// Not "the 1988 period": as often the nine months or the year compared.
pub(super) const REPORTED_QUARTER: &str = r"(?i)\b(?:(?:the|this|that)\s+(?:(?P<cur>current)\s+|(?P<latest>latest|most\s+recent)\s+)?(?:fiscal\s+)?quarter|the\s+(?P<period>latest|most\s+recent)\s+period|the\s+(?P<y>\d{4})\s+(?:fiscal\s+)?quarter|(?P<rel>this|last)\s+year['’]s\s+(?:fiscal\s+)?quarter|the\s+(?:corresponding|comparable|same)\s+(?:quarter|period)\s+(?:of\s+)?(?P<ago>last\s+year|a\s+year\s+(?:ago|earlier)))\b";

/// "the year-ago quarter", "the comparable year-earlier period", and the adjective
/// alone ("year-earlier results", where "the" belongs to the noun, not the time):
/// written with the hyphen, the comparison's earlier term.
pub(super) const YEAR_AGO: &str = r"(?i)\b(?:the\s+(?:comparable\s+)?year-(?:earlier|ago)\s+(?:quarter|period)|year-(?:earlier|ago))\b";

/// "the quarter" alone names a town's quarter as often as a year's, so it is kept
/// only once the document has named a quarter of a year; "the latest quarter" and
/// "the current quarter" are a report's words wherever they stand.
/// The comparison's other term ("the 1988 quarter", "last year's quarter") is kept
/// only after a quarter was named too.
pub(super) fn build_reported_quarter(s: &str, c: &Captures) -> Option<Cand> {
    let year = match c.name("y") {
        Some(y) if number_stands_alone(s, y.start(), y.end()) => Some(y.as_str().parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let rel_year = if c.name("ago").is_some() {
        Some(-1)
    } else {
        rel_year_of(c.name("rel").map(|m| m.as_str()))
    };
    let current = c.name("cur").is_some() && rel_year.is_none();
    let compared = year.is_some() || rel_year.is_some();
    let bare = compared || (!current && c.name("latest").is_none() && c.name("period").is_none());
    let reading = Reading::ReportedQuarter {
        current,
        bare,
        year,
        rel_year,
    };
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
/// With `year` or `rel_year` (from the reference's year here), that quarter's
/// number in that year.
pub(super) fn reported_quarter(
    current: bool,
    year: Option<i16>,
    rel_year: Option<i8>,
    cx: Ctx,
) -> Option<Resolved> {
    let r = cx.r?;
    let d = if current { r } else { add_months(r, -3)? };
    let y = match (year, rel_year) {
        (Some(y), _) => y,
        (None, Some(k)) => d.year() + i16::from(k),
        (None, None) => d.year(),
    };
    quarter(y, (d.month() - 1) / 3 + 1)
}

/// The quarter an expression names, to be remembered as the reported one: only one
/// over by the reference date, since results are given for a finished quarter and
/// "fourth-quarter" in October is a forecast.
pub(super) fn named_quarter(
    reading: &Reading,
    res: &Resolved,
    reference: Option<Date>,
) -> Option<(i16, i8)> {
    // Results come out within weeks of a quarter's end: one finished more than a
    // year before ("the 1988 second quarter" in 1989) is a comparison.
    if reference
        .zip(res.date)
        .is_some_and(|(r, d)| d.end >= r || add_months(r, -12).is_some_and(|y| d.end < y))
    {
        return None;
    }
    // The comparison's other term ("the 1988 quarter", "last year's third quarter")
    // is not the one reported.
    if !matches!(
        reading,
        Reading::Part {
            of: 4,
            rel_year: None | Some(0),
            ..
        } | Reading::ReportedQuarter {
            year: None,
            rel_year: None,
            ..
        }
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
        Reading::ReportedQuarter {
            current: false,
            year: y,
            rel_year,
            ..
        } => quarter(y.unwrap_or(year + i16::from(rel_year.unwrap_or(0))), n)?,
        _ => return None,
    };
    res.anchor = AnchoredTo::Expression(at);
    Some(res)
}
