//! Ranges: a span's two ends resolved together (they share what the text says
//! once), each end's value kept as well, because TimeML marks them as two
//! expressions while the extraction dates an event by the whole span.

use super::resolve::{Ctx, add_days, day_resolved, has_year, resolve_inner, resolved, with_year};
use super::values::year_value;
use super::{AnchoredTo, Reading, Resolved};
use crate::domain::{EventDate, Precision};

/// A span's ends share what the text says once: "Sept. 27 and Nov. 10, 2020" puts
/// both in 2020; "Dec. 28 to Jan. 3" crosses the year. Each end keeps its own value
/// as well, for TimeML, which marks the two ends as two expressions.
pub(super) fn resolve_span(from: &Reading, to: &Reading, cx: Ctx) -> Option<Resolved> {
    let (a, b) = if !has_year(from) && has_year(to) {
        let b = resolve_inner(to, cx)?;
        let b_year = b.date?.start.year();
        let mut a = resolve_inner(&with_year(from, b_year), cx)?;
        if a.date?.start > b.date?.end {
            a = resolve_inner(&with_year(from, b_year.checked_sub(1)?), cx)?;
        }
        (a, b)
    } else {
        let a = resolve_inner(from, cx)?;
        let a_start = a.date?.start;
        let b = match to {
            Reading::Weekday { weekday, .. } => day_resolved(add_days(
                a_start,
                i64::from(a_start.weekday().until(*weekday)),
            )?),
            _ if has_year(to) => resolve_inner(to, cx)?,
            _ => {
                let b = resolve_inner(&with_year(to, a_start.year()), cx)?;
                if b.date?.end < a_start {
                    resolve_inner(&with_year(to, a_start.year().checked_add(1)?), cx)?
                } else {
                    b
                }
            }
        };
        (a, b)
    };
    let (da, db) = (a.date?, b.date?);
    if db.end < da.start {
        return None;
    }
    let d = EventDate {
        start: da.start,
        end: db.end,
        precision: Precision::Span,
    };
    let mut res = resolved(d, format!("{}/{}", da.start, db.end));
    res.ends = Some([a.value, b.value]);
    Some(res)
}

/// "1914–18": its two years for TimeML, but no date (see [`Reading::ShortRange`]).
pub(super) fn short_range(from: i16, to: i16) -> Resolved {
    Resolved {
        date: None,
        value: format!("{}/{}", year_value(from), year_value(to)),
        anchor: AnchoredTo::Nothing,
        ends: Some([year_value(from), year_value(to)]),
    }
}
