//! Resolving what is counted from another day: from the reference ("last week",
//! "earlier this month", "two years ago", "the past two weeks", "the coming
//! months") and from the previous or running date ("the following days", "that
//! month", "ten days later").

use super::resolve::{
    Ctx, add_days, add_months, day_resolved, month_value, resolved, unresolved, week_value,
    years_from,
};
use super::values::{stretch_value, year_value};
use super::{Resolved, Side, Unit};
use crate::domain::EventDate;
use jiff::civil::Date;

/// "the next month", "that month": a unit counted from the running date or, where
/// that is longer than the unit, from the previous date.
pub(super) fn rel_prev(unit: Unit, offset: i8, cx: Ctx) -> Option<Resolved> {
    let a = fine_enough(unit, [cx.running, cx.previous], cx.r)?;
    rel_unit(unit, offset, a)
}

/// The day a unit is counted from: the start of the first anchor no longer than
/// the unit ("that month" after "1864" names no month); the reference when there
/// is no anchor at all.
fn fine_enough(unit: Unit, anchors: [Option<&EventDate>; 2], r: Option<Date>) -> Option<Date> {
    let longest = match unit {
        Unit::Week => 7,
        Unit::Month => 31,
        _ => i64::MAX,
    };
    if anchors.iter().all(Option::is_none) {
        return r;
    }
    anchors
        .into_iter()
        .flatten()
        .find(|d| d.days() <= longest)
        .map(|d| d.start)
}

/// "the following days": from the day after the previous date up to the reference.
pub(super) fn following(cx: Ctx) -> Option<Resolved> {
    let (p, r) = (cx.previous?, cx.r?);
    let start = p.end.tomorrow().ok()?;
    if start > r {
        return None;
    }
    let d = EventDate::span(start, r);
    Some(resolved(d, d.timex_value()))
}

/// "ten days later", "a year earlier": counted from the previous day for days and
/// weeks, from the running date for longer units.
pub(super) fn later(amount: u16, unit: Unit, sign: i8, cx: Ctx) -> Option<Resolved> {
    let base = match unit {
        Unit::Day | Unit::Week => [cx.previous, cx.running],
        _ => [cx.running, cx.previous],
    };
    let a = fine_enough(unit, base, cx.r)?;
    let n = i64::from(amount) * i64::from(sign);
    match unit {
        Unit::Day => Some(day_resolved(add_days(a, n)?)),
        Unit::Week => {
            let d = add_days(a, 7 * n)?;
            Some(resolved(EventDate::week_of(d), week_value(d)))
        }
        Unit::Month => {
            let d = add_months(a.first_of_month(), n)?;
            Some(resolved(
                EventDate::month(d.year(), d.month())?,
                month_value(d),
            ))
        }
        Unit::Year | Unit::Decade => {
            let years = if unit == Unit::Decade { n * 10 } else { n };
            let y = i16::try_from(i64::from(a.year()) + years).ok()?;
            Some(resolved(EventDate::year(y)?, year_value(y)))
        }
        _ => None,
    }
}

pub(super) fn rel_unit(unit: Unit, offset: i8, r: Date) -> Option<Resolved> {
    let o = i64::from(offset);
    match unit {
        Unit::Week => {
            let d = add_days(r, o * 7)?;
            Some(resolved(EventDate::week_of(d), week_value(d)))
        }
        Unit::Month => {
            let d = add_months(r.first_of_month(), o)?;
            Some(resolved(
                EventDate::month(d.year(), d.month())?,
                month_value(d),
            ))
        }
        Unit::Year => {
            let y = r.year().checked_add(i16::try_from(o).ok()?)?;
            Some(resolved(EventDate::year(y)?, year_value(y)))
        }
        Unit::Decade if r.year() > 0 => {
            let decade = (r.year() / 10).checked_add(i16::try_from(o).ok()?)?;
            years_from(decade, 10, format!("{decade:03}"))
        }
        _ => None,
    }
}

pub(super) fn part_of_this(unit: Unit, side: Side, r: Date) -> Option<Resolved> {
    let (whole, value) = match unit {
        Unit::Week => (EventDate::week_of(r), week_value(r)),
        Unit::Month => (EventDate::month(r.year(), r.month())?, month_value(r)),
        Unit::Year => (EventDate::year(r.year())?, year_value(r.year())),
        _ => return None,
    };
    let d = match side {
        Side::Earlier => EventDate {
            start: whole.start,
            end: r,
            precision: whole.precision,
        },
        Side::Later => EventDate {
            start: r,
            end: whole.end,
            precision: whole.precision,
        },
    };
    Some(resolved(d, value))
}

pub(super) fn ago(n: u16, unit: Unit, r: Date) -> Option<Resolved> {
    let n = i64::from(n);
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour => Some(day_resolved(r)),
        Unit::Day => Some(day_resolved(add_days(r, -n)?)),
        Unit::Week => {
            let d = add_days(r, -7 * n)?;
            Some(resolved(EventDate::week_of(d), week_value(d)))
        }
        Unit::Month => {
            let d = add_months(r.first_of_month(), -n)?;
            Some(resolved(
                EventDate::month(d.year(), d.month())?,
                month_value(d),
            ))
        }
        Unit::Year | Unit::Decade | Unit::Century => {
            let years = match unit {
                Unit::Decade => n * 10,
                Unit::Century => n * 100,
                _ => n,
            };
            let y = i16::try_from(i64::from(r.year()) - years).ok()?;
            Some(resolved(EventDate::year(y)?, year_value(y)))
        }
    }
}

/// "a few days ago": a stretch before the reference, not a day.
pub(super) fn ago_vague(unit: Unit, r: Date) -> Option<Resolved> {
    let (from, to) = match unit {
        Unit::Day => (7, 2),
        Unit::Week => (42, 14),
        _ => return Some(unresolved("PAST_REF")),
    };
    Some(resolved(
        EventDate::span(add_days(r, -from)?, add_days(r, -to)?),
        "PAST_REF".into(),
    ))
}

pub(super) fn recent(unit: Option<Unit>, amount: Option<u16>, r: Date) -> Option<Resolved> {
    let start = match (unit, amount) {
        (None, _) => add_days(r, -30)?,
        (Some(Unit::Day), n) => add_days(r, -i64::from(n.unwrap_or(7)))?,
        (Some(Unit::Week), n) => add_days(r, -7 * i64::from(n.unwrap_or(4)))?,
        (Some(Unit::Month), n) => add_months(r, -i64::from(n.unwrap_or(3)))?,
        (Some(Unit::Year), n) => add_months(r, -12 * i64::from(n.unwrap_or(3)))?,
        // "the past few hours", "the previous two decades": how long, undated.
        _ => return Some(unresolved(stretch_value(unit, amount, -1, r))),
    };
    let value = stretch_value(unit, amount, -1, r);
    Some(resolved(EventDate::span(start, r), value))
}

pub(super) fn coming(unit: Unit, amount: Option<u16>, r: Date) -> Option<Resolved> {
    let end = match unit {
        Unit::Day => add_days(r, i64::from(amount.unwrap_or(7)))?,
        Unit::Week => add_days(r, 7 * i64::from(amount.unwrap_or(4)))?,
        Unit::Month => add_months(r, i64::from(amount.unwrap_or(3)))?,
        Unit::Year => add_months(r, 12 * i64::from(amount.unwrap_or(3)))?,
        _ => return Some(unresolved(stretch_value(Some(unit), amount, 1, r))),
    };
    let value = stretch_value(Some(unit), amount, 1, r);
    Some(resolved(EventDate::span(r.tomorrow().ok()?, end), value))
}
