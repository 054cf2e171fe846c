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
        if let (Some(y), Some(m), Some(d)) = (parse(1), parse(2), parse(3))
            && let Ok(date) = Date::new(y as i16, m as i8, d as i8)
        {
            let quote = c.get(0).map_or("", |m| m.as_str()).trim();
            return Reference {
                date: Some(date),
                basis: Basis::Stated,
                how: format!("stated in the text: “{quote}”"),
            };
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
        for t in list.iter().filter(|t| !t.narrative_only) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ActorKind, ActorRef, EventKind};
    use crate::extract::{ArticleText, Resources, extract};
    use jiff::civil::date;
    use std::sync::LazyLock;

    static RESOURCES: LazyLock<Resources> =
        LazyLock::new(|| Resources::embedded().expect("the embedded gazetteer loads"));

    fn reference_of(text: &str, published: Option<Date>) -> Reference {
        extract(
            ArticleText {
                text,
                title: None,
                published,
            },
            &RESOURCES,
            None,
        )
        .reference
    }

    #[test]
    fn metadata_is_trusted_first() {
        let r = reference_of(
            "date 2019-01-01\nTroops shelled the town.",
            Some(date(2020, 5, 6)),
        );
        assert_eq!((r.date, r.basis), (Some(date(2020, 5, 6)), Basis::Stated));
    }

    #[test]
    fn a_dateline_in_the_text_is_stated() {
        let r = reference_of("date 2020-10-24\nArmenian forces shelled the town.", None);
        assert_eq!((r.date, r.basis), (Some(date(2020, 10, 24)), Basis::Stated));
        assert!(r.how.contains("2020-10-24"), "{}", r.how);
    }

    #[test]
    fn the_latest_day_the_text_reports_is_inferred() {
        let text = "Fighting broke out on October 25, 2020. \
                    On October 27, 2020, rockets hit the city, officials said.";
        let r = reference_of(text, None);
        assert_eq!(
            (r.date, r.basis),
            (Some(date(2020, 10, 27)), Basis::Inferred)
        );
    }

    #[test]
    fn a_weekday_fixes_the_year_the_text_names() {
        // 27 October fell on a Tuesday in 2020 (and not in 2019 or 2021).
        let text = "The war that began in 2020 goes on. \
                    On Tuesday, October 27, rockets hit the city.";
        let r = reference_of(text, None);
        assert_eq!(r.date.map(|d| d.year()), Some(2020));
        assert_eq!(r.basis, Basis::Inferred);
    }

    #[test]
    fn nothing_to_go_on_is_unknown_never_today() {
        let r = reference_of("Rebels attacked the town. Many fled.", None);
        assert_eq!((r.date, r.basis), (None, Basis::Unknown));
    }

    fn person(slug: &str) -> ActorRef {
        ActorRef {
            name: slug.into(),
            slug: slug.into(),
            kind: ActorKind::Person,
            role: None,
            affiliation: None,
        }
    }

    fn known(day: Date, people: &[&str]) -> KnownEvent {
        KnownEvent {
            kind: EventKind::Talks,
            date: day,
            people: people.iter().map(|p| p.to_string()).collect(),
            article: "other.txt".into(),
            headline: "Talks".into(),
        }
    }

    #[test]
    fn other_articles_date_an_undated_one_by_two_shared_people() {
        let draft = EventDraft {
            kind: EventKind::Talks,
            actors: vec![person("mike-pompeo"), person("jeyhun-bayramov")],
            ..undated_talks()
        };
        let one_shared = known(date(2020, 10, 1), &["mike-pompeo"]);
        let two_shared = known(date(2020, 10, 23), &["mike-pompeo", "jeyhun-bayramov"]);
        assert!(
            from_other_articles(
                std::slice::from_ref(&draft),
                std::slice::from_ref(&one_shared)
            )
            .is_none()
        );
        let r = from_other_articles(&[draft], &[one_shared, two_shared]).expect("a match");
        assert_eq!(
            (r.date, r.basis),
            (Some(date(2020, 10, 23)), Basis::Inferred)
        );
    }

    fn undated_talks() -> EventDraft {
        let x = extract(
            ArticleText {
                title: None,
                text: "Pompeo met Bayramov in Washington to discuss the war and a ceasefire.",
                published: None,
            },
            &RESOURCES,
            None,
        );
        x.events.into_iter().next().expect("one talks event")
    }
}
