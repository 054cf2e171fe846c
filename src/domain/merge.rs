//! One event per happening across articles: the rule that decides whether two
//! reports describe the same happening, how a merged event's fields are reconciled
//! from its reports, and the one-line headline.
//!
//! The rule (shown on every event page): same kind; dates that agree (the same day,
//! or one date inside the other when one is coarser); no two different places (a
//! country and a place in it are not different: "in Kuwaiti waters", "in Kuwait";
//! nor a place and the area named after it or a list of places holding it: "Saada",
//! "Saada province", "Axum and Adwa"; nor a country and a site the gazetteer lacks);
//! and for talks at least one person in common or, without people, the same parties;
//! for fighting the same place and sort (an attack, a strike and shelling are one
//! sort of blow) or, where a report names no place or only the country, both parties
//! in common on the same day (wire stories of one strike rarely name the same place
//! the same way; a report that names one party needs that one). Ceasefire agreements
//! and ceasefire breaches never merge, and casualty reports never merge across
//! articles — conflicting figures stay side by side.

use super::report::{ActorRef, DateSource, EventDraft};
use super::{ActorKind, EventDate, EventKind, Status};

/// The rule, in words, for the event page.
pub const RULE: &str = "Reports are one event when they have the same kind, dates that agree (the same day, or one inside the other), no conflicting places (a country and a place in it agree, and so do a country and a site with no country on record, and a place and the area named after it or a list of places that holds it), and — for talks — a person in common (or the same parties); for fighting, dates of like precision and either the same place and sort of fighting (an attack, a strike and shelling are one sort), or, where a report names no place or only the country, the same day and both parties in common (one, when a report names only one). Ceasefire agreements and breaches, and casualty reports from different articles, are never merged.";

/// What the cross-article rule needs to know about an event or a report.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    pub kind: EventKind,
    pub subtype: &'a str,
    pub date: Option<EventDate>,
    pub place: Option<&'a str>,
    /// The country the place lies in, and whether the place is that country: "in
    /// Kuwaiti waters" and "in Kuwait" can tell of one attack.
    pub place_country: Option<(&'a str, bool)>,
    pub actors: Vec<(&'a str, ActorKind)>,
}

impl<'a> Summary<'a> {
    pub fn of(d: &'a EventDraft) -> Self {
        Summary {
            kind: d.kind,
            subtype: &d.subtype,
            date: d.date,
            place: d.place.as_ref().map(|p| p.slug.as_str()),
            place_country: d
                .place
                .as_ref()
                .and_then(|p| Some((p.country.as_deref()?, p.kind == "country"))),
            actors: d.actors.iter().map(|a| (a.slug.as_str(), a.kind)).collect(),
        }
    }
}

/// How the places of two reports relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Places {
    /// One place.
    Same,
    /// A country and a place in it.
    Nested,
    /// Two places apart.
    Apart,
    /// At most one report names a place.
    Unknown,
}

fn places(a: &Summary<'_>, b: &Summary<'_>) -> Places {
    let (Some(pa), Some(pb)) = (a.place, b.place) else {
        return Places::Unknown;
    };
    let country = |s: &Summary<'_>| s.place_country.is_some_and(|(_, country)| country);
    if pa == pb || (one_place(pa, pb) && !(country(a) && country(b))) {
        return Places::Same;
    }
    match (a.place_country, b.place_country) {
        (Some((ca, country_a)), Some((cb, country_b))) if ca == cb && (country_a || country_b) => {
            Places::Nested
        }
        // A site the gazetteer lacks has no country on record: it may lie in the
        // country the other report names ("at Ouadi Doum", "in northern Chad").
        (None, Some((_, true))) | (Some((_, true)), None) => Places::Nested,
        _ => Places::Apart,
    }
}

/// Whether two place slugs name places one of which holds the other: the area named
/// after a town, or a list of places ("saada" and "saada-province", "adwa" and
/// "axum-and-adwa"). `places` keeps two countries apart ("guinea", "guinea-bissau").
fn one_place(a: &str, b: &str) -> bool {
    let holds = |long: &str, short: &str| {
        long.starts_with(&format!("{short}-")) || long.ends_with(&format!("-and-{short}"))
    };
    holds(a, b) || holds(b, a)
}

/// Whether two sorts of fighting can tell one happening: the same sort, or a blow
/// from afar told as an attack, a strike or shelling ("a Silkworm missile attack" and
/// "the missile strike").
fn same_sort(a: &str, b: &str) -> bool {
    let blow = |s: &str| matches!(s, "attack" | "strike" | "shelling");
    a == b || (blow(a) && blow(b))
}

fn breach(subtype: &str) -> bool {
    matches!(subtype, "violated" | "collapsed")
}

/// The part of `same_happening` that does not look at actors: when it is false, the
/// reports are not the same happening whoever took part. The store uses it to rule
/// out candidates before reading their actors.
pub fn may_be_same(a: &Summary<'_>, b: &Summary<'_>) -> bool {
    if a.kind != b.kind || a.subtype == "casualty_report" || b.subtype == "casualty_report" {
        return false;
    }
    if a.kind == EventKind::Ceasefire && breach(a.subtype) != breach(b.subtype) {
        return false;
    }
    let (Some(da), Some(db)) = (a.date, b.date) else {
        return false;
    };
    if !(da == db || da.contains(&db) || db.contains(&da)) {
        return false;
    }
    // Two days-precise dates must be the same day; coarse dates only when nothing else differs.
    let where_ = places(a, b);
    if where_ == Places::Apart {
        return false;
    }
    // Fighting: dates of like precision ("the 2020 war" is not one day's shelling in
    // it), and the same place and sort of fighting — or, without a place on one side
    // or with a country on one and a place in it on the other, the same short span,
    // left to the parties in `same_happening`.
    a.kind != EventKind::Fighting
        || ((da.days() <= 2) == (db.days() <= 2)
            && ((where_ == Places::Same && same_sort(a.subtype, b.subtype))
                || (where_ != Places::Same && da.days() <= 2)))
}

/// Whether two reports from different articles describe the same happening; the
/// number is how strongly (shared actors), for choosing among candidates.
pub fn same_happening(a: &Summary<'_>, b: &Summary<'_>) -> Option<usize> {
    if !may_be_same(a, b) {
        return None;
    }
    let shared = a
        .actors
        .iter()
        .filter(|(s, _)| b.actors.iter().any(|(t, _)| t == s))
        .count();
    let people = |s: &Summary<'_>| {
        s.actors
            .iter()
            .filter(|(_, k)| *k == ActorKind::Person)
            .count()
    };
    let shared_people = a
        .actors
        .iter()
        .filter(|(s, k)| *k == ActorKind::Person && b.actors.iter().any(|(t, _)| t == s))
        .count();
    let agree = match a.kind {
        EventKind::Talks => {
            shared_people >= 1
                || ((people(a) == 0 || people(b) == 0)
                    && (shared >= 2 || a.place.is_some() && a.place == b.place))
        }
        // Fighting at one place agrees by place, sort and date (`may_be_same`); without
        // a place, the same two parties (attacker and attacked) must be named.
        EventKind::Fighting => {
            let shared = shared_parties(a, b);
            places(a, b) == Places::Same
                || shared >= 2
                || (shared == 1 && (parties(a) == 1 || parties(b) == 1))
        }
        EventKind::Ceasefire => true,
    };
    agree.then_some(shared + 1)
}

/// How many states, organisations and groups (not people) a report names.
fn parties(s: &Summary<'_>) -> usize {
    s.actors
        .iter()
        .filter(|(_, k)| *k != ActorKind::Person)
        .count()
}

/// The states, organisations and groups (not people) both reports name.
fn shared_parties(a: &Summary<'_>, b: &Summary<'_>) -> usize {
    a.actors
        .iter()
        .filter(|(s, k)| *k != ActorKind::Person && b.actors.iter().any(|(t, _)| t == s))
        .count()
}

/// Reconciles the fields of an event from its reports: the most trustworthy and
/// most precise date, the union of actors, the first known place (or, after a
/// country, a finer place in it), the strongest status (a denial outranks an
/// allegation), all figures side by side.
pub fn reconcile(reports: &[EventDraft]) -> Option<EventDraft> {
    let first = reports.first()?;
    let mut out = first.clone();
    for r in &reports[1..] {
        let better_date = match (out.date, r.date) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => (r.date_source, b.days()) < (out.date_source, a.days()),
            _ => false,
        };
        if better_date {
            out.date = r.date;
            out.date_source = r.date_source;
            out.date_basis = r.date_basis.clone();
        }
        for a in &r.actors {
            if !out.actors.iter().any(|x| x.slug == a.slug) {
                out.actors.push(a.clone());
            }
        }
        // A place in the country another report gives says where in it ("Chad", then
        // "Ouadi Doum" or "Faya-Largeau").
        let finer = match (&out.place, &r.place) {
            (None, Some(_)) => true,
            (Some(country), Some(p)) => {
                country.kind == "country"
                    && p.kind != "country"
                    && p.country.as_ref().is_none_or(|c| *c == country.name)
            }
            _ => false,
        };
        if finer {
            out.place = r.place.clone();
        }
        if r.status > out.status && out.status != Status::Planned {
            out.status = r.status;
        }
        // A report that it took place outranks one that it was planned.
        if out.status == Status::Planned && r.status == Status::Reported {
            out.status = Status::Reported;
        }
        out.alleged_by.extend(
            r.alleged_by
                .iter()
                .filter(|a| !first.alleged_by.contains(a))
                .cloned(),
        );
        out.denied_by.extend(
            r.denied_by
                .iter()
                .filter(|a| !first.denied_by.contains(a))
                .cloned(),
        );
    }
    out.alleged_by.dedup();
    out.denied_by.dedup();
    out.headline = headline(&out);
    Some(out)
}

/// A confidence in [0, 1] from the number of independent sources and how explicit
/// the date is.
pub fn confidence(sources: usize, date_source: DateSource) -> f64 {
    let date = match date_source {
        DateSource::Explicit => 0.5,
        DateSource::Carried => 0.35,
        DateSource::Reference => 0.3,
        DateSource::Unknown => 0.1,
    };
    let sources = (sources as f64 * 0.2).min(0.5);
    ((date + sources) * 100.0).round() / 100.0
}

/// A readable one-line headline.
pub fn headline(e: &EventDraft) -> String {
    let names = |filter: &dyn Fn(&ActorRef) -> bool, max: usize| -> String {
        let list: Vec<&str> = e
            .actors
            .iter()
            .filter(|a| filter(a))
            .map(|a| a.name.as_str())
            .take(max)
            .collect();
        join(&list)
    };
    let people = names(&|a| a.kind == ActorKind::Person, 4);
    let parties = names(&|a| a.kind != ActorKind::Person, 3);
    // "Fighting on the Lebanon–Syria border", "Fighting in Aleppo".
    let place = e
        .place
        .as_ref()
        .map(|p| match p.kind.as_str() {
            "border" => format!(" on the {}", p.name),
            _ => format!(" in {}", p.name),
        })
        .unwrap_or_default();
    let who = if people.is_empty() {
        parties.clone()
    } else {
        people
    };
    // The parties in brackets, after a ceasefire or a casualty figure.
    let by = if parties.is_empty() {
        String::new()
    } else {
        format!(" ({parties})")
    };
    match e.kind {
        EventKind::Talks => {
            let what = match (e.subtype.as_str(), e.status) {
                (_, Status::Planned) => "Planned talks",
                ("call", _) => "Phone call",
                ("negotiations", _) => "Negotiations",
                ("mediation", _) => "Mediation",
                _ => "Talks",
            };
            if who.is_empty() {
                format!("{what}{place}")
            } else {
                format!("{what}: {who}{place}")
            }
        }
        EventKind::Ceasefire if e.subtype == "war_ended" => {
            format!("War brought to an end{place}{by}")
        }
        EventKind::Ceasefire => format!("Ceasefire {}{place}{by}", ceasefire_verb(&e.subtype)),
        EventKind::Fighting if e.subtype == "casualty_report" => {
            format!("Casualties reported: {}{by}", figures(e))
        }
        EventKind::Fighting => {
            let what = match e.subtype.as_str() {
                "attack" => "Attack",
                "shelling" => "Shelling",
                "strike" => "Strike",
                "invasion" => "Invasion",
                "war" => "War",
                _ => "Fighting",
            };
            if who.is_empty() {
                format!("{what}{place}")
            } else {
                format!("{what}{place}: {who}")
            }
        }
    }
}

/// What a ceasefire report says happened to it, as a headline verb.
fn ceasefire_verb(subtype: &str) -> &'static str {
    match subtype {
        "agreed" => "agreed",
        "brokered" => "brokered",
        "declared" => "declared",
        "reaffirmed" => "reaffirmed",
        "took_effect" => "takes effect",
        "extended" => "extended",
        "violated" => "violated",
        "collapsed" => "collapses",
        _ => "reported",
    }
}

/// A report's casualty figures, "3 killed, 5 wounded; 2 killed".
fn figures(e: &EventDraft) -> String {
    let figures: Vec<String> = e
        .casualties
        .iter()
        .map(|(c, _, _)| {
            let mut parts = Vec::new();
            if let Some(k) = c.killed {
                parts.push(format!("{k} killed"));
            }
            if let Some(w) = c.wounded {
                parts.push(format!("{w} wounded"));
            }
            parts.join(", ")
        })
        .collect();
    figures.join("; ")
}

fn join(list: &[&str]) -> String {
    match list {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::PlaceRef;
    use jiff::civil::date;

    fn actor(name: &str, kind: ActorKind) -> ActorRef {
        ActorRef {
            name: name.into(),
            slug: crate::domain::slugify(name),
            kind,
            role: None,
            affiliation: None,
        }
    }

    fn place(name: &str) -> PlaceRef {
        PlaceRef {
            name: name.into(),
            slug: crate::domain::slugify(name),
            kind: "town".into(),
            country: None,
        }
    }

    fn report(kind: EventKind, subtype: &str, day: Option<EventDate>) -> EventDraft {
        EventDraft::bare(kind, subtype, day)
    }

    fn day(d: i8) -> Option<EventDate> {
        Some(EventDate::day(date(2020, 10, d)))
    }

    #[test]
    fn talks_merge_on_a_person_in_common() {
        let mut a = report(EventKind::Talks, "meeting", day(23));
        let mut b = report(EventKind::Talks, "meeting", day(23));
        a.actors = vec![actor("Ana Petrova", ActorKind::Person)];
        b.actors = vec![
            actor("Ana Petrova", ActorKind::Person),
            actor("Country A", ActorKind::State),
        ];
        assert_eq!(same_happening(&Summary::of(&a), &Summary::of(&b)), Some(2));
        b.actors = vec![actor("Omar Haddad", ActorKind::Person)];
        assert_eq!(same_happening(&Summary::of(&a), &Summary::of(&b)), None);
    }

    #[test]
    fn a_coarse_date_takes_a_day_inside_it_but_different_days_do_not_merge() {
        let a = report(EventKind::Talks, "meeting", day(23));
        let month = report(EventKind::Talks, "meeting", EventDate::month(2020, 10));
        let other_day = report(EventKind::Talks, "meeting", day(24));
        assert!(may_be_same(&Summary::of(&a), &Summary::of(&month)));
        assert!(!may_be_same(&Summary::of(&a), &Summary::of(&other_day)));
        let undated = report(EventKind::Talks, "meeting", None);
        assert!(!may_be_same(&Summary::of(&a), &Summary::of(&undated)));
    }

    #[test]
    fn fighting_at_a_place_needs_the_same_place_sort_and_precision() {
        let mut a = report(EventKind::Fighting, "shelling", day(23));
        let mut b = report(EventKind::Fighting, "shelling", day(23));
        a.place = Some(place("Northtown"));
        b.place = Some(place("Northtown"));
        assert!(may_be_same(&Summary::of(&a), &Summary::of(&b)));
        // A blow from afar is one sort however it is told; a capture is another.
        b.subtype = "strike".into();
        assert!(may_be_same(&Summary::of(&a), &Summary::of(&b)));
        b.subtype = "invasion".into();
        assert!(!may_be_same(&Summary::of(&a), &Summary::of(&b)));
        b.subtype = "shelling".into();
        b.date = EventDate::month(2020, 10);
        assert!(!may_be_same(&Summary::of(&a), &Summary::of(&b)));
        b.date = day(23);
        b.place = Some(place("Southtown"));
        assert!(!may_be_same(&Summary::of(&a), &Summary::of(&b)));
    }

    #[test]
    fn a_country_and_a_place_in_it_can_tell_one_fight() {
        let mut a = report(EventKind::Fighting, "attack", day(23));
        let mut b = report(EventKind::Fighting, "attack", day(23));
        a.place = Some(PlaceRef {
            country: Some("Westland".into()),
            ..place("Westland waters")
        });
        b.place = Some(PlaceRef {
            kind: "country".into(),
            country: Some("Westland".into()),
            ..place("Westland")
        });
        assert!(may_be_same(&Summary::of(&a), &Summary::of(&b)));
        // Two places of one country are two places.
        b.place = Some(PlaceRef {
            country: Some("Westland".into()),
            ..place("Northtown")
        });
        assert!(!may_be_same(&Summary::of(&a), &Summary::of(&b)));
    }

    #[test]
    fn a_place_and_the_area_or_list_that_holds_it_are_the_same_place() {
        let mut a = report(EventKind::Fighting, "attack", day(23));
        let mut b = report(EventKind::Fighting, "attack", day(23));
        a.place = Some(place("Northtown"));
        b.place = Some(place("Northtown province"));
        assert!(may_be_same(&Summary::of(&a), &Summary::of(&b)));
        b.place = Some(place("Southtown and Northtown"));
        assert!(may_be_same(&Summary::of(&a), &Summary::of(&b)));
        b.place = Some(place("Northtownville"));
        assert!(!may_be_same(&Summary::of(&a), &Summary::of(&b)));
        // Two countries whose names share a word are two countries.
        let country = |name: &str| PlaceRef {
            kind: "country".into(),
            country: Some(name.into()),
            ..place(name)
        };
        a.place = Some(country("Westland"));
        b.place = Some(country("Westland-Kora"));
        assert!(!may_be_same(&Summary::of(&a), &Summary::of(&b)));
    }

    #[test]
    fn fighting_without_a_place_needs_the_same_day_and_its_parties() {
        let mut a = report(EventKind::Fighting, "strike", day(19));
        let mut b = report(EventKind::Fighting, "attack", day(19));
        a.actors = vec![
            actor("Northland", ActorKind::State),
            actor("Southland", ActorKind::State),
        ];
        b.actors = vec![actor("Northland", ActorKind::State)];
        // A report naming one party joins an event of that party on the same day.
        assert!(same_happening(&Summary::of(&a), &Summary::of(&b)).is_some());
        // Two reports naming different second parties are different attacks.
        b.actors.push(actor("Eastland", ActorKind::State));
        assert!(same_happening(&Summary::of(&a), &Summary::of(&b)).is_none());
        b.actors = a.actors.clone();
        assert!(same_happening(&Summary::of(&a), &Summary::of(&b)).is_some());
        // Not across days, and not a month-long episode with one day in it.
        b.date = day(20);
        assert!(same_happening(&Summary::of(&a), &Summary::of(&b)).is_none());
        b.date = EventDate::month(2020, 10);
        assert!(same_happening(&Summary::of(&a), &Summary::of(&b)).is_none());
    }

    #[test]
    fn a_site_the_gazetteer_lacks_may_lie_in_the_country_and_says_where_in_it() {
        let mut a = report(EventKind::Fighting, "capture", day(22));
        let mut b = report(EventKind::Fighting, "capture", day(22));
        a.place = Some(PlaceRef {
            kind: "country".into(),
            country: Some("Westland".into()),
            ..place("Westland")
        });
        b.place = Some(place("Kolbek air base"));
        assert!(may_be_same(&Summary::of(&a), &Summary::of(&b)));
        let merged = reconcile(&[a.clone(), b.clone()]).expect("two reports");
        assert_eq!(merged.place.map(|p| p.name), Some("Kolbek air base".into()));
        // A place on record in another country says nothing of this one.
        b.place = Some(PlaceRef {
            country: Some("Eastland".into()),
            ..place("Eastport")
        });
        let merged = reconcile(&[a, b]).expect("two reports");
        assert_eq!(merged.place.map(|p| p.name), Some("Westland".into()));
    }

    #[test]
    fn agreements_breaches_and_casualty_reports_never_merge() {
        let agreed = report(EventKind::Ceasefire, "agreed", day(10));
        let violated = report(EventKind::Ceasefire, "violated", day(10));
        assert!(!may_be_same(&Summary::of(&agreed), &Summary::of(&violated)));
        assert!(may_be_same(&Summary::of(&agreed), &Summary::of(&agreed)));
        let figures = report(EventKind::Fighting, "casualty_report", day(10));
        assert!(!may_be_same(&Summary::of(&figures), &Summary::of(&figures)));
    }

    #[test]
    fn reconcile_keeps_the_best_date_every_actor_and_the_strongest_status() {
        let mut planned = report(EventKind::Talks, "meeting", EventDate::month(2020, 10));
        planned.status = Status::Planned;
        planned.date_source = DateSource::Reference;
        planned.actors = vec![actor("Ana Petrova", ActorKind::Person)];
        let mut held = report(EventKind::Talks, "meeting", day(23));
        held.actors = vec![
            actor("Ana Petrova", ActorKind::Person),
            actor("Li Wei", ActorKind::Person),
        ];
        held.place = Some(place("Eastport"));
        let event = reconcile(&[planned, held]).unwrap();
        assert_eq!(event.date, day(23));
        assert_eq!(event.date_source, DateSource::Explicit);
        assert_eq!(event.status, Status::Reported);
        assert_eq!(event.actors.len(), 2);
        assert_eq!(event.headline, "Talks: Ana Petrova and Li Wei in Eastport");
        assert!(reconcile(&[]).is_none());
    }

    #[test]
    fn a_denial_outranks_an_allegation() {
        let mut alleged = report(EventKind::Fighting, "attack", day(2));
        alleged.status = Status::Alleged;
        alleged.alleged_by = vec!["Country A".into()];
        let mut denied = alleged.clone();
        denied.status = Status::Denied;
        denied.denied_by = vec!["Country B".into()];
        let event = reconcile(&[alleged, denied]).unwrap();
        assert_eq!(event.status, Status::Denied);
        assert_eq!(event.alleged_by, ["Country A"]);
        assert_eq!(event.denied_by, ["Country B"]);
    }

    #[test]
    fn confidence_grows_with_sources_and_explicit_dates() {
        assert_eq!(confidence(1, DateSource::Explicit), 0.7);
        assert_eq!(confidence(5, DateSource::Explicit), 1.0);
        assert_eq!(confidence(1, DateSource::Unknown), 0.3);
        assert!(confidence(2, DateSource::Carried) < confidence(2, DateSource::Explicit));
    }
}
