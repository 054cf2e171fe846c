//! The reference date of an article: the day it was written, against which "on
//! Friday" or "two years ago" are read. In order of trust:
//! 1. stated: given by metadata (front matter, JSON Lines) or by a dateline in the
//!    text (a line such as `date 2020-10-24`);
//! 2. inferred from the text: a year fixed by the text itself — a full date, a weekday
//!    that matches a month-day only in a year the text names ("Tuesday, October 27"
//!    with "2020" elsewhere), or an anchor such as "in November 2020 … two years ago"
//!    — and within that year the latest day the text reports in the past tense;
//! 3. inferred from other articles: the text's events line up with dated reports of
//!    the same happenings (see [`from_other_articles`]);
//! 4. unknown. An undated article never silently takes today's date.

use super::timex::{self, Tense, Timex};
use crate::domain::{Basis, DateSource, EventDraft, KnownEvent, Reference};
use jiff::civil::{Date, Weekday};
use regex::Regex;
use std::sync::LazyLock;

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\A[\s\W]{0,20}(?:(?:date[d]?|published|posted|updated)\s*:?\s*)?(\d{4})-(\d{2})-(\d{2})\b").expect("valid regex")
});

/// Steps 1 and 2. `found` holds each sentence's index, tense and expressions.
pub fn determine(
    text: &str,
    published: Option<Date>,
    found: &[(usize, Tense, Vec<Timex>)],
) -> Reference {
    if let Some(d) = published {
        return Reference {
            date: Some(d),
            basis: Basis::Stated,
            how: "given in the article's metadata".into(),
        };
    }
    if let Some(c) = DATELINE.captures(text) {
        let parse = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        if let (Some(y), Some(m), Some(d)) = (parse(1), parse(2), parse(3)) {
            if let Ok(date) = Date::new(y as i16, m as i8, d as i8) {
                let quote = c.get(0).map_or("", |m| m.as_str()).trim();
                return Reference {
                    date: Some(date),
                    basis: Basis::Stated,
                    how: format!("stated in the text: “{quote}”"),
                };
            }
        }
    }
    infer_from_text(found).unwrap_or_else(Reference::unknown)
}

struct Facts {
    years: Vec<i16>,
    full_dates: Vec<(Date, Tense, String)>,
    weekday_pairs: Vec<(Weekday, i8, i8, String)>,
    month_days: Vec<(i8, i8, Tense, String)>,
    years_ago: Vec<i16>,
}

fn collect(found: &[(usize, Tense, Vec<Timex>)]) -> Facts {
    let mut f = Facts {
        years: vec![],
        full_dates: vec![],
        weekday_pairs: vec![],
        month_days: vec![],
        years_ago: vec![],
    };
    for (_, tense, list) in found {
        for t in list {
            let c = timex::calendar_facts(&t.reading);
            if let Some(y) = c.year {
                f.years.push(y);
            }
            if let Some(n) = c.years_ago {
                f.years_ago.push(n);
            }
            match (c.year, c.month_day, c.weekday) {
                (Some(y), Some((m, d)), _) => {
                    if let Ok(date) = Date::new(y, m, d) {
                        f.full_dates.push((date, *tense, t.text.clone()));
                    }
                }
                (None, Some((m, d)), Some(w)) => f.weekday_pairs.push((w, m, d, t.text.clone())),
                _ => {}
            }
            // A month-day without a year ("November 16") dates the article once the year is known.
            if let timex::Reading::Day {
                year: None,
                month,
                day,
                ..
            } = &t.reading
            {
                f.month_days.push((*month, *day, *tense, t.text.clone()));
            }
        }
    }
    f
}

fn infer_from_text(found: &[(usize, Tense, Vec<Timex>)]) -> Option<Reference> {
    let f = collect(found);
    let latest_year = f.years.iter().copied().max();
    // The year, and the reason for it.
    let (year, why) = if let Some((y, text)) = weekday_year(&f) {
        (
            y,
            format!("“{text}” falls on that weekday in {y}, a year the text names"),
        )
    } else if let Some((d, _, text)) = f.full_dates.iter().max_by_key(|(d, _, _)| *d) {
        (d.year(), format!("the text gives the full date “{text}”"))
    } else if let (Some(y), Some(n)) = (latest_year, f.years_ago.iter().copied().max()) {
        (
            y + n,
            format!("the text puts events of {y} “{n} years ago”"),
        )
    } else {
        return None;
    };
    // The latest day reported in the past or present tense, in that year.
    let mut candidates: Vec<(Date, String)> = f
        .month_days
        .iter()
        .filter(|(_, _, tense, _)| *tense != Tense::Future)
        .filter_map(|(m, d, _, text)| {
            Date::new(year, *m, *d)
                .ok()
                .map(|date| (date, text.clone()))
        })
        .collect();
    candidates.extend(
        f.full_dates
            .iter()
            .filter(|(d, t, _)| d.year() == year && *t != Tense::Future)
            .map(|(d, _, text)| (*d, text.clone())),
    );
    let (date, text) = candidates.into_iter().max_by_key(|(d, _)| *d)?;
    Some(Reference {
        date: Some(date),
        basis: Basis::Inferred,
        how: format!("inferred from the text: {why}; the latest day it reports is “{text}”"),
    })
}

/// A year in which a weekday–date pair is consistent, among the years the text names
/// (or the year after one, for reports written around New Year).
fn weekday_year(f: &Facts) -> Option<(i16, String)> {
    for (weekday, m, d, text) in &f.weekday_pairs {
        let mut years: Vec<i16> = f.years.iter().flat_map(|y| [*y, y + 1]).collect();
        if let (Some(y), Some(n)) = (f.years.iter().max(), f.years_ago.iter().max()) {
            years.push(y + n);
        }
        years.sort_unstable();
        years.dedup();
        let fits: Vec<i16> = years
            .into_iter()
            .filter(|y| Date::new(*y, *m, *d).is_ok_and(|date| date.weekday() == *weekday))
            .collect();
        if let Some(y) = fits.iter().find(|y| f.years.contains(y)).or(fits.first()) {
            return Some((*y, text.clone()));
        }
    }
    None
}

/// Step 3: an undated article whose events match dated reports of the same
/// happenings (same kind, at least two of the same people) takes the date of the
/// best-matching one — the earliest day it can have been written. `drafts` are the
/// article's events extracted without a reference date.
pub fn from_other_articles(drafts: &[EventDraft], known: &[KnownEvent]) -> Option<Reference> {
    let mut best: Option<(usize, &KnownEvent)> = None;
    for d in drafts {
        // Only events the article itself leaves undated or dates relatively.
        if d.date_source == DateSource::Explicit && d.date.is_some() {
            continue;
        }
        let people: Vec<&str> = d
            .actors
            .iter()
            .filter(|a| a.kind == crate::domain::ActorKind::Person)
            .map(|a| a.slug.as_str())
            .collect();
        for k in known.iter().filter(|k| k.kind == d.kind) {
            let shared = people
                .iter()
                .filter(|p| k.people.iter().any(|q| q == *p))
                .count();
            if shared >= 2
                && best.is_none_or(|(n, b)| shared > n || (shared == n && k.date < b.date))
            {
                best = Some((shared, k));
            }
        }
    }
    best.map(|(_, k)| Reference {
        date: Some(k.date),
        basis: Basis::Inferred,
        how: format!(
            "inferred from other articles: it reports “{}”, which {} dates to {}",
            k.headline, k.article, k.date
        ),
    })
}
