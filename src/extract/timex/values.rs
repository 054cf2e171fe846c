//! TIMEX3 value strings that do not come from a calendar date: the value of an
//! expression nothing anchors (`XXXX-10-27`), of durations (`P44D`, `PTXH`) and of
//! the stretches just before or after the reference (`P2W`, `PAST_REF`).

use super::resolve::{add_days, add_months, month_value, season_code, week_value};
use super::{Reading, Unit};
use jiff::civil::Date;

/// A year as TIMEX3 writes it: `1941`, and `BC0490` for 490 BC (year -489 in the
/// astronomical numbering the calendar uses).
pub(super) fn year_value(year: i16) -> String {
    if year <= 0 {
        format!("BC{:04}", 1 - i32::from(year))
    } else {
        format!("{year:04}")
    }
}

/// A century as TIMEX3 writes it: `19` for the 20th century, `BC04` for the 5th
/// century BC (see [`Reading::Century`]).
pub(super) fn century_value(century: i16) -> String {
    if century < 0 {
        format!("BC{:02}", -century - 1)
    } else {
        format!("{century:02}")
    }
}

/// The TIMEX3 value when nothing anchors the expression.
pub(super) fn unknown_value(reading: &Reading) -> String {
    match reading {
        Reading::RelPrev {
            unit: Unit::Week, ..
        }
        | Reading::Later {
            unit: Unit::Week, ..
        } => "XXXX-WXX".into(),
        Reading::RelPrev {
            unit: Unit::Month, ..
        }
        | Reading::Later {
            unit: Unit::Month, ..
        } => "XXXX-XX".into(),
        Reading::Later {
            unit: Unit::Day, ..
        } => "XXXX-XX-XX".into(),
        Reading::RelPrev { .. } | Reading::Later { .. } => "XXXX".into(),
        Reading::Decade { decade, .. } => format!("{decade:03}"),
        Reading::Century { century } => century_value(*century),
        Reading::Part { n, of, year, .. } => {
            let y = year.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
            format!("{y}-{}{n}", if *of == 2 { 'H' } else { 'Q' })
        }
        Reading::Listed { value } => value.clone(),
        Reading::Weekend { .. } => "XXXX-WXX-WE".into(),
        Reading::ReportedQuarter { .. } => "XXXX-QX".into(),
        Reading::Day {
            year: None,
            month,
            day,
            ..
        } => format!("XXXX-{month:02}-{day:02}"),
        Reading::MovingDay {
            year: Some(y),
            month,
            ..
        } => format!("{y:04}-{month:02}-XX"),
        Reading::MovingDay { month, .. } => format!("XXXX-{month:02}-XX"),
        Reading::Month {
            year: None, month, ..
        }
        | Reading::MonthRel { month, .. } => format!("XXXX-{month:02}"),
        Reading::Weekday { weekday, .. } => format!("XXXX-WXX-{}", weekday.to_monday_one_offset()),
        Reading::Season { season, year, .. } => match year {
            Some(y) => format!("{y:04}-{}", season_code(*season)),
            None => format!("XXXX-{}", season_code(*season)),
        },
        Reading::SeasonPrev { season, .. } => format!("XXXX-{}", season_code(*season)),
        Reading::Ago { .. } | Reading::Recent { .. } => "PAST_REF".into(),
        Reading::Coming { .. } | Reading::Following { .. } => "FUTURE_REF".into(),
        Reading::PresentRef => "PRESENT_REF".into(),
        Reading::Duration { .. } => duration_value(reading),
        Reading::Time { hour, minute, date } => match date {
            Some(d) => format!("{}T{hour:02}:{minute:02}", unknown_value(d)),
            None => format!("T{hour:02}:{minute:02}"),
        },
        Reading::Span { from, to } => format!("{}/{}", unknown_value(from), unknown_value(to)),
        Reading::ShortRange { from, to } => format!("{}/{}", year_value(*from), year_value(*to)),
        Reading::Year { year, .. } => year_value(*year),
        Reading::Day {
            year: Some(y),
            month,
            day,
            ..
        } => format!("{y:04}-{month:02}-{day:02}"),
        Reading::Month {
            year: Some(y),
            month,
            ..
        } => format!("{y:04}-{month:02}"),
        Reading::RelUnit {
            unit: Unit::Week, ..
        }
        | Reading::PartOfThis {
            unit: Unit::Week, ..
        } => "XXXX-WXX".into(),
        Reading::RelUnit {
            unit: Unit::Month, ..
        }
        | Reading::PartOfThis {
            unit: Unit::Month, ..
        } => "XXXX-XX".into(),
        Reading::RelUnit { .. } | Reading::PartOfThis { .. } => "XXXX".into(),
        Reading::RefDay { .. } | Reading::PrevDay { .. } | Reading::NightBefore { .. } => {
            "XXXX-XX-XX".into()
        }
    }
}

pub(super) fn duration_value(reading: &Reading) -> String {
    let Reading::Duration { amount, unit, .. } = reading else {
        return String::new();
    };
    let (n, letter, time) = match unit {
        Unit::Second => (*amount, "S", true),
        Unit::Minute => (*amount, "M", true),
        Unit::Hour => (*amount, "H", true),
        Unit::Day => (*amount, "D", false),
        Unit::Week => (*amount, "W", false),
        Unit::Month => (*amount, "M", false),
        Unit::Year => (*amount, "Y", false),
        Unit::Decade => (amount.map(|n| n.saturating_mul(10)), "Y", false),
        Unit::Century => (amount.map(|n| n.saturating_mul(100)), "Y", false),
    };
    let n = n.map_or_else(|| "X".to_string(), |n| n.to_string());
    if time {
        format!("PT{n}{letter}")
    } else {
        format!("P{n}{letter}")
    }
}

/// The TIMEX3 value of a stretch up to or from the reference: "the past week" is the
/// previous calendar week (a date), "the past two weeks" and "the coming weeks" are
/// durations (`P2W`, `PXW`), "recently" and "recent days" are `PAST_REF`.
pub(super) fn stretch_value(unit: Option<Unit>, amount: Option<u16>, dir: i64, r: Date) -> String {
    let Some(unit) = unit.filter(|_| dir > 0 || amount.is_some()) else {
        return if dir < 0 { "PAST_REF" } else { "FUTURE_REF" }.into();
    };
    if amount == Some(1) {
        let one = match unit {
            Unit::Week => add_days(r, 7 * dir).map(week_value),
            Unit::Month => add_months(r.first_of_month(), dir).map(month_value),
            _ => None,
        };
        if let Some(v) = one {
            return v;
        }
    }
    duration_value(&Reading::Duration {
        amount: amount.map(u32::from),
        unit,
        modifier: None,
    })
}
