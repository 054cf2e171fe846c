//! Resolving: a [`Reading`] anchored to the reference date (and, for "the next day",
//! to the previous date), giving a calendar [`EventDate`] and a TIMEX3 value. What
//! is counted from another day ("two years ago", "ten days later") is resolved in
//! `counted`.

use super::counted::{
    ago, ago_vague, coming, following, later, part_of_this, recent, rel_prev, rel_unit,
};
use super::quarters::reported_quarter;
use super::ranges::{resolve_span, short_range};
use super::values::{century_value, duration_value, unknown_value, year_value};
use super::{Anchor, AnchoredTo, DayPart, Part, Reading, Resolved, Season, Tense};
use crate::domain::{EventDate, Precision};
use jiff::Span;
use jiff::civil::{Date, Weekday};

pub(super) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().try_days(n).ok()?).ok()
}

pub(super) fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().try_months(n).ok()?).ok()
}

pub(super) fn days_between(a: Date, b: Date) -> i64 {
    a.until(b)
        .map(|s| i64::from(s.get_days()))
        .unwrap_or(i64::MAX / 4)
}

pub(super) fn distance(c: &EventDate, r: Date) -> i64 {
    if r < c.start {
        days_between(r, c.start)
    } else if r > c.end {
        days_between(c.end, r)
    } else {
        0
    }
}

/// Picks the candidate (the same month-day, month or season in neighbouring years)
/// that the tense points to: past → the latest on or before R, future → the first on
/// or after R, present → the nearest. A tense choice half a year away loses to a
/// candidate within two months, because clause tense is only a heuristic.
pub(super) fn choose(cands: &[EventDate], r: Date, tense: Tense) -> Option<EventDate> {
    let nearest = cands.iter().min_by_key(|c| distance(c, r)).copied();
    let by_tense = match tense {
        Tense::Past => cands
            .iter()
            .filter(|c| c.start <= r)
            .max_by_key(|c| c.start)
            .copied(),
        Tense::Future => cands
            .iter()
            .filter(|c| c.end >= r)
            .min_by_key(|c| c.start)
            .copied(),
        // News tells of the past far more than of the future: a present-tense clause
        // ("the evidence in the October slaying") takes the last such date within
        // half a year before the next one.
        Tense::Present => cands
            .iter()
            .filter(|c| c.start <= r && distance(c, r) <= 183)
            .max_by_key(|c| c.start)
            .copied()
            .or(nearest),
    };
    match (by_tense, nearest) {
        (Some(t), Some(n)) if distance(&t, r) > 183 && distance(&n, r) <= 62 => Some(n),
        (Some(t), _) => Some(t),
        (None, n) => n,
    }
}

pub(super) fn month_date(year: i16, month: i8, part: Option<Part>) -> Option<EventDate> {
    let m = EventDate::month(year, month)?;
    let (start, end) = match part {
        None => return Some(m),
        Some(Part::Early) => (
            Date::new(year, month, 1).ok()?,
            Date::new(year, month, 10).ok()?,
        ),
        Some(Part::Mid) => (
            Date::new(year, month, 11).ok()?,
            Date::new(year, month, 20).ok()?,
        ),
        Some(Part::Late) => (Date::new(year, month, 21).ok()?, m.end),
    };
    Some(EventDate {
        start,
        end,
        precision: Precision::Month,
    })
}

pub(super) fn year_date(year: i16, part: Option<Part>) -> Option<EventDate> {
    let y = EventDate::year(year)?;
    let (start, end) = match part {
        None => return Some(y),
        Some(Part::Early) => (y.start, Date::new(year, 4, 30).ok()?),
        Some(Part::Mid) => (Date::new(year, 5, 1).ok()?, Date::new(year, 8, 31).ok()?),
        Some(Part::Late) => (Date::new(year, 9, 1).ok()?, y.end),
    };
    Some(EventDate {
        start,
        end,
        precision: Precision::Year,
    })
}

pub(super) fn season_code(s: Season) -> &'static str {
    match s {
        Season::Spring => "SP",
        Season::Summer => "SU",
        Season::Autumn => "FA",
        Season::Winter => "WI",
    }
}

/// The season of `year`; winter starts in December of that year.
pub(super) fn season_date(s: Season, year: i16) -> Option<EventDate> {
    let (start, end) = match s {
        Season::Spring => (Date::new(year, 3, 1).ok()?, Date::new(year, 5, 31).ok()?),
        Season::Summer => (Date::new(year, 6, 1).ok()?, Date::new(year, 8, 31).ok()?),
        Season::Autumn => (Date::new(year, 9, 1).ok()?, Date::new(year, 11, 30).ok()?),
        Season::Winter => {
            let start = Date::new(year, 12, 1).ok()?;
            let end = Date::new(year.checked_add(1)?, 3, 1)
                .ok()?
                .yesterday()
                .ok()?;
            (start, end)
        }
    };
    Some(EventDate::season(start, end))
}

pub(super) fn neighbour_years(r: Date) -> impl Iterator<Item = i16> {
    let y = r.year();
    [y.checked_sub(1), Some(y), y.checked_add(1)]
        .into_iter()
        .flatten()
}

pub(super) fn unresolved(value: impl Into<String>) -> Resolved {
    Resolved {
        date: None,
        value: value.into(),
        anchor: AnchoredTo::Nothing,
        ends: None,
    }
}

pub(super) fn resolved(date: EventDate, value: String) -> Resolved {
    Resolved {
        date: Some(date),
        value,
        anchor: AnchoredTo::Nothing,
        ends: None,
    }
}

pub(super) fn day_resolved(d: Date) -> Resolved {
    resolved(EventDate::day(d), d.to_string())
}

pub(super) fn week_value(d: Date) -> String {
    let iso = d.iso_week_date();
    format!("{:04}-W{:02}", iso.year(), iso.week())
}

pub(super) fn month_value(d: Date) -> String {
    format!("{}-{:02}", year_value(d.year()), d.month())
}

pub(super) fn night_before(anchor: Date) -> Option<Resolved> {
    let eve = anchor.yesterday().ok()?;
    Some(resolved(EventDate::span(eve, anchor), format!("{eve}TNI")))
}

/// Normalize a reading against the reference date, in a clause of the given tense.
pub fn resolve(
    reading: &Reading,
    reference: Option<Date>,
    tense: Tense,
    previous: Option<&EventDate>,
) -> Resolved {
    resolve_against(reading, reference, tense, previous, previous)
}

/// [`resolve`] with the running date as well: the last expression that named its
/// year, which "that month" and "the next year" count from.
pub(super) fn resolve_against(
    reading: &Reading,
    reference: Option<Date>,
    tense: Tense,
    previous: Option<&EventDate>,
    running: Option<&EventDate>,
) -> Resolved {
    let cx = Ctx {
        r: reference,
        tense,
        previous,
        running,
    };
    let mut res = resolve_inner(reading, cx).unwrap_or_else(|| unresolved(unknown_value(reading)));
    res.anchor = anchor_of(reading);
    res
}

/// What a reading counts from, whatever the dates turn out to be.
fn anchor_of(reading: &Reading) -> AnchoredTo {
    match reading {
        Reading::PrevDay { .. }
        | Reading::Following { .. }
        | Reading::NightBefore {
            anchor: Anchor::Previous,
        } => AnchoredTo::Previous,
        Reading::RelPrev { .. } | Reading::Later { .. } | Reading::SeasonPrev { .. } => {
            AnchoredTo::Running
        }
        Reading::Day { year: None, .. }
        | Reading::MovingDay { year: None, .. }
        | Reading::Month { year: None, .. }
        | Reading::Season { year: None, .. }
        | Reading::Part { year: None, .. }
        | Reading::ReportedQuarter { year: None, .. } => AnchoredTo::Reference,
        r if r.counts_from_writing() => AnchoredTo::Reference,
        Reading::Time { date: Some(d), .. } => anchor_of(d),
        Reading::Span { from, .. } => anchor_of(from),
        _ => AnchoredTo::Nothing,
    }
}

/// What each kind of reading needs to be anchored: the reference date, the clause's
/// tense and the previous date in the text.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub(super) r: Option<Date>,
    pub(super) tense: Tense,
    pub(super) previous: Option<&'a EventDate>,
    pub(super) running: Option<&'a EventDate>,
}

/// A reading resolved by the function for its kind, one arm per kind.
pub(super) fn resolve_inner(reading: &Reading, cx: Ctx) -> Option<Resolved> {
    let r = cx.r;
    match reading {
        Reading::Day {
            year: Some(y),
            month,
            day,
            ..
        } => Some(day_resolved(Date::new(*y, *month, *day).ok()?)),
        Reading::Day {
            year: None,
            month,
            day,
            weekday,
        } => day_without_year(*month, *day, *weekday, cx),
        Reading::MovingDay {
            year,
            month,
            day,
            weekday,
        } => moving_day_resolved(*year, *month, *day, *weekday, cx),
        Reading::Month {
            year: Some(y),
            month,
            part,
        } => month_of_year(*y, *month, *part),
        Reading::Month {
            year: None,
            month,
            part,
        } => month_without_year(*month, *part, cx),
        Reading::MonthRel {
            month,
            offset,
            of_year,
        } => month_rel(*month, *offset, *of_year, r?),
        Reading::Year { year, part } => Some(resolved(year_date(*year, *part)?, year_value(*year))),
        Reading::Weekday {
            weekday,
            shift,
            part,
        } => Some(with_day_part(weekday_date(*weekday, *shift, cx)?, *part)),
        Reading::RefDay { offset, part } => Some(with_day_part(
            day_resolved(add_days(r?, i64::from(*offset))?),
            *part,
        )),
        Reading::PrevDay { offset, part } => Some(with_day_part(prev_day(*offset, cx)?, *part)),
        Reading::NightBefore { anchor } => night_before_anchored(*anchor, cx),
        Reading::RelUnit { unit, offset } => rel_unit(*unit, *offset, r?),
        Reading::PartOfThis { unit, side } => part_of_this(*unit, *side, r?),
        Reading::Ago {
            amount: Some(n),
            unit,
        } => ago(*n, *unit, r?),
        Reading::Ago { amount: None, unit } => ago_vague(*unit, r?),
        Reading::Recent { unit, amount } => recent(*unit, *amount, r?),
        Reading::Coming { unit, amount } => coming(*unit, *amount, r?),
        Reading::Following { .. } => following(cx),
        Reading::Season {
            season,
            year,
            shift,
        } => season_resolved(*season, *year, *shift, cx),
        Reading::SeasonPrev { season, offset } => season_from_running(*season, *offset, cx),
        Reading::Span { from, to } => resolve_span(from, to, cx),
        Reading::ShortRange { from, to } => Some(short_range(*from, *to)),
        Reading::Duration { .. } => Some(unresolved(duration_value(reading))),
        Reading::Time { hour, minute, date } => {
            Some(time_of_day(*hour, *minute, date.as_deref(), cx))
        }
        Reading::PresentRef => Some(present_ref(r)),
        Reading::RelPrev { unit, offset } => rel_prev(*unit, *offset, cx),
        Reading::Later { amount, unit, sign } => later(*amount, *unit, *sign, cx),
        Reading::Decade { decade, .. } => years_from(*decade, 10, format!("{decade:03}")),
        Reading::Century { century } => century_resolved(*century),
        Reading::Part {
            n,
            of,
            year,
            rel_year,
        } => part_of_year(*n, *of, *year, *rel_year, cx),
        Reading::Weekend { shift } => weekend(*shift, cx),
        Reading::ReportedQuarter {
            current,
            year,
            rel_year,
            ..
        } => reported_quarter(*current, *year, *rel_year, cx),
        Reading::Listed { value } => Some(listed(value, r)),
    }
}

/// A holiday on a moving day ("Thanksgiving"): in its written year, or in the
/// neighbouring year the tense points to.
fn moving_day_resolved(
    year: Option<i16>,
    month: i8,
    day: i8,
    weekday: Weekday,
    cx: Ctx,
) -> Option<Resolved> {
    let on = |y: i16| moving_day(y, month, day, weekday);
    let d = match year {
        Some(y) => on(y)?,
        None => {
            let r = cx.r?;
            let cands: Vec<EventDate> = neighbour_years(r)
                .filter_map(on)
                .map(EventDate::day)
                .collect();
            choose(&cands, r, cx.tense)?.start
        }
    };
    Some(day_resolved(d))
}

/// "November 2020", "mid-September 2022": a month (or part of it) of a written year.
fn month_of_year(year: i16, month: i8, part: Option<Part>) -> Option<Resolved> {
    let d = month_date(year, month, part)?;
    Some(resolved(d, format!("{}-{month:02}", year_value(year))))
}

/// "overnight" (before the reference), "the previous night" (before the previous
/// date, or the reference when there is none).
fn night_before_anchored(anchor: Anchor, cx: Ctx) -> Option<Resolved> {
    let a = match anchor {
        Anchor::Reference => cx.r?,
        Anchor::Previous => cx.previous.map(|p| p.start).or(cx.r)?,
    };
    night_before(a)
}

/// "now", "currently": the reference day itself.
fn present_ref(r: Option<Date>) -> Resolved {
    Resolved {
        date: r.map(EventDate::day),
        value: "PRESENT_REF".into(),
        anchor: AnchoredTo::Nothing,
        ends: None,
    }
}

/// A word with a fixed TIMEX3 value ("annually", "the past"); of those, only
/// `PRESENT_REF` dates anything: the reference day.
fn listed(value: &str, r: Option<Date>) -> Resolved {
    Resolved {
        date: r.filter(|_| value == "PRESENT_REF").map(EventDate::day),
        value: value.to_string(),
        anchor: AnchoredTo::Nothing,
        ends: None,
    }
}

/// "the following spring" (after the running date), "that winter" (its own).
fn season_from_running(season: Season, offset: i8, cx: Ctx) -> Option<Resolved> {
    let base = cx.running.or(cx.previous);
    let a = match offset {
        o if o > 0 => base.map(|d| d.end),
        _ => base.map(|d| d.start),
    }
    .or(cx.r)?;
    let d = shifted_season(season, offset, a)?;
    Some(resolved(
        d,
        format!("{}-{}", year_value(d.start.year()), season_code(season)),
    ))
}

/// The weekend is its Saturday and Sunday, placed like a weekday.
fn weekend(shift: i8, cx: Ctx) -> Option<Resolved> {
    let sat = weekday_date(Weekday::Saturday, shift, cx)?.date?.start;
    let d = EventDate::span(sat, sat.tomorrow().ok()?);
    Some(resolved(d, format!("{}-WE", week_value(sat))))
}

/// "8 a.m. on Monday, October 26"; a bare "at 10:35 a.m." is a time of the day
/// being told about: the value names that day, but no event is dated by it.
fn time_of_day(hour: i8, minute: i8, date: Option<&Reading>, cx: Ctx) -> Resolved {
    let time = format!("T{hour:02}:{minute:02}");
    match date {
        None => {
            let day = cx
                .running
                .filter(|d| d.days() <= 1)
                .map(|d| d.start)
                .or(cx.r);
            unresolved(match day {
                Some(day) => format!("{day}{time}"),
                None => time,
            })
        }
        Some(d) => {
            let res = resolve_inner(d, cx).unwrap_or_else(|| unresolved(unknown_value(d)));
            Resolved {
                value: format!("{}{time}", res.value),
                date: res.date,
                anchor: AnchoredTo::Nothing,
                ends: None,
            }
        }
    }
}

/// A decade (`first` 197, `years` 10) or a century (19, 100) as the span of its years.
pub(super) fn years_from(first: i16, years: i16, value: String) -> Option<Resolved> {
    let y0 = first.checked_mul(years)?;
    let d = EventDate::span(
        Date::new(y0, 1, 1).ok()?,
        Date::new(y0.checked_add(years - 1)?, 12, 31).ok()?,
    );
    Some(resolved(d, value))
}

/// A century as the span of its years; the n-th century BC (-n) runs from
/// (n × 100) BC to ((n − 1) × 100 + 1) BC.
fn century_resolved(century: i16) -> Option<Resolved> {
    if century >= 0 {
        return years_from(century, 100, century_value(century));
    }
    let d = EventDate::span(
        Date::new(1 - 100 * -century, 1, 1).ok()?,
        Date::new(100 * (century + 1), 12, 31).ok()?,
    );
    Some(resolved(d, century_value(century)))
}

/// "Monday evening" is a time of that day: TIMEX3 `2020-10-26TEV`.
fn with_day_part(mut res: Resolved, part: Option<DayPart>) -> Resolved {
    if let Some(p) = part {
        let code = match p {
            DayPart::Morning => "MO",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
        };
        res.value = format!("{}T{code}", res.value);
    }
    res
}

/// A quarter or half of a year: written ("the first half of 2019"), counted from
/// the reference's year ("this year's third quarter") or, like a bare month, the
/// one the tense points to.
fn part_of_year(
    n: i8,
    of: i8,
    year: Option<i16>,
    rel_year: Option<i8>,
    cx: Ctx,
) -> Option<Resolved> {
    let year = match rel_year {
        Some(k) => Some(cx.r?.year() + i16::from(k)),
        None => year,
    };
    let months = 12 / of;
    let span_of = |y: i16| -> Option<EventDate> {
        let start = Date::new(y, (n - 1) * months + 1, 1).ok()?;
        let end = add_months(start, i64::from(months))?.yesterday().ok()?;
        Some(EventDate::span(start, end))
    };
    let d = match year {
        Some(y) => span_of(y)?,
        None => {
            let r = cx.r?;
            let cands: Vec<EventDate> = neighbour_years(r).filter_map(span_of).collect();
            choose(&cands, r, cx.tense)?
        }
    };
    let letter = if of == 2 { 'H' } else { 'Q' };
    Some(resolved(
        d,
        format!("{}-{letter}{n}", year_value(d.start.year())),
    ))
}

/// The first `weekday` on or after `month`/`day` of `year`.
fn moving_day(year: i16, month: i8, day: i8, weekday: Weekday) -> Option<Date> {
    let from = Date::new(year, month, day).ok()?;
    let ahead =
        (weekday.to_monday_zero_offset() - from.weekday().to_monday_zero_offset()).rem_euclid(7);
    add_days(from, i64::from(ahead))
}

/// "Oct. 27", "Tuesday, October 27": the same month-day in the neighbouring years,
/// the weekday (when given) and the tense choose.
fn day_without_year(month: i8, day: i8, weekday: Option<Weekday>, cx: Ctx) -> Option<Resolved> {
    let r = cx.r?;
    let mut cands: Vec<Date> = neighbour_years(r)
        .filter_map(|y| Date::new(y, month, day).ok())
        .collect();
    if let Some(w) = weekday
        && cands.iter().any(|d| d.weekday() == w)
    {
        cands.retain(|d| d.weekday() == w);
    }
    let cands: Vec<EventDate> = cands.into_iter().map(EventDate::day).collect();
    let d = choose(&cands, r, cx.tense)?;
    Some(day_resolved(d.start))
}

fn month_rel(month: i8, offset: i8, of_year: bool, r: Date) -> Option<Resolved> {
    let y = r.year();
    let year = match (of_year, offset) {
        (true, o) => y.checked_add(i16::from(o))?,
        (false, 0) => y,
        (false, o) if o < 0 => {
            if month < r.month() {
                y
            } else {
                y.checked_sub(1)?
            }
        }
        (false, _) => {
            if month > r.month() {
                y
            } else {
                y.checked_add(1)?
            }
        }
    };
    let d = EventDate::month(year, month)?;
    Some(resolved(d, month_value(d.start)))
}

fn month_without_year(month: i8, part: Option<Part>, cx: Ctx) -> Option<Resolved> {
    let r = cx.r?;
    let cands: Vec<EventDate> = neighbour_years(r)
        .filter_map(|y| EventDate::month(y, month))
        .collect();
    let whole = choose(&cands, r, cx.tense)?;
    let d = month_date(whole.start.year(), month, part)?;
    Some(resolved(d, month_value(whole.start)))
}

/// "Friday" (placed by tense), "last Friday", "next Friday". A bare weekday that is
/// the reference day's own is that day in every tense: news says "will meet
/// Thursday" on a Thursday for today and "next Thursday" for a week ahead.
fn weekday_date(weekday: Weekday, shift: i8, cx: Ctx) -> Option<Resolved> {
    let r = cx.r?;
    let back = i64::from(weekday.until(r.weekday()));
    let fwd = i64::from(r.weekday().until(weekday));
    let d = match (shift, cx.tense) {
        (s, _) if s < 0 => add_days(r, -(if back == 0 { 7 } else { back }))?,
        (1, _) => add_days(r, if fwd == 0 { 7 } else { fwd })?,
        (super::AHEAD, _) | (_, Tense::Future) => add_days(r, fwd)?,
        _ => add_days(r, -back)?,
    };
    Some(day_resolved(d))
}

fn prev_day(offset: i8, cx: Ctx) -> Option<Resolved> {
    let p = cx.previous?;
    match offset {
        0 => Some(resolved(*p, p.timex_value())),
        o if o < 0 => Some(day_resolved(add_days(p.start, i64::from(o))?)),
        o => Some(day_resolved(add_days(p.end, i64::from(o))?)),
    }
}

fn season_resolved(
    season: Season,
    year: Option<i16>,
    shift: Option<i8>,
    cx: Ctx,
) -> Option<Resolved> {
    let d = match (year, shift) {
        (Some(y), _) => season_date(season, y)?,
        (None, Some(shift)) => shifted_season(season, shift, cx.r?)?,
        (None, None) => {
            let r = cx.r?;
            let cands: Vec<EventDate> = neighbour_years(r)
                .filter_map(|y| season_date(season, y))
                .collect();
            choose(&cands, r, cx.tense)?
        }
    };
    Some(resolved(
        d,
        format!("{}-{}", year_value(d.start.year()), season_code(season)),
    ))
}

/// "last winter" (-1), "this summer" (0), "next spring" (+1).
fn shifted_season(season: Season, shift: i8, r: Date) -> Option<EventDate> {
    let all: Vec<EventDate> = [-2i16, -1, 0, 1]
        .iter()
        .filter_map(|k| season_date(season, r.year().checked_add(*k)?))
        .collect();
    match shift {
        s if s < 0 => all
            .iter()
            .filter(|c| c.end < r)
            .max_by_key(|c| c.start)
            .copied(),
        s if s > 0 => all
            .iter()
            .filter(|c| c.start > r)
            .min_by_key(|c| c.start)
            .copied(),
        _ => {
            let y = if season == Season::Winter && r.month() <= 2 {
                r.year().checked_sub(1)?
            } else {
                r.year()
            };
            season_date(season, y)
        }
    }
}

pub(super) fn has_year(r: &Reading) -> bool {
    matches!(
        r,
        Reading::Day { year: Some(_), .. }
            | Reading::Month { year: Some(_), .. }
            | Reading::Year { .. }
    )
}

pub(super) fn with_year(r: &Reading, y: i16) -> Reading {
    match r {
        Reading::Day {
            month,
            day,
            weekday,
            ..
        } => Reading::Day {
            year: Some(y),
            month: *month,
            day: *day,
            weekday: *weekday,
        },
        Reading::Month { month, part, .. } => Reading::Month {
            year: Some(y),
            month: *month,
            part: *part,
        },
        Reading::Season { season, .. } => Reading::Season {
            season: *season,
            year: Some(y),
            shift: None,
        },
        other => other.clone(),
    }
}
