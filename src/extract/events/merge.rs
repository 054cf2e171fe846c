//! Rule 5: the mentions of one happening within an article become one draft. A
//! mention with nothing of its own joins the latest draft of its kind; one with facts
//! of its own joins only a draft it fits.

use super::Mention;
use crate::domain::{
    ActorKind, ActorRef, Casualty, DateSource, EventDraft, EventKind, MentionSpan, PlaceRef, Status,
};

/// How many of the latest drafts a mention may join: mentions of one happening
/// stand close together, and a bound keeps very long texts linear.
const MERGE_WINDOW: usize = 64;

fn recent(drafts: &[(EventDraft, usize)]) -> std::slice::Iter<'_, (EventDraft, usize)> {
    drafts[drafts.len().saturating_sub(MERGE_WINDOW)..].iter()
}

/// Rule 5: mentions of one happening within an article become one draft. `item`
/// gives the story a sentence belongs to (see `digest_items`): a mention joins only
/// drafts of its own story.
pub(super) fn merge_within_article(
    mentions: Vec<Mention>,
    item: impl Fn(usize) -> usize,
) -> Vec<EventDraft> {
    let mut drafts: Vec<(EventDraft, usize)> = Vec::new(); // (draft, sentence of last mention)
    for m in mentions {
        // Stories follow the text, so the drafts of this mention's story are the last.
        let from = drafts
            .iter()
            .position(|(_, s)| item(*s) == item(m.sentence))
            .unwrap_or(drafts.len());
        let open = &drafts[from..];
        let target = if m.is_weak() {
            weak_target(open, &m)
        } else {
            recent(open)
                .rposition(|(d, _)| strong_compatible(d, &m))
                .map(|i| i + open.len().saturating_sub(MERGE_WINDOW))
        }
        .map(|i| i + from);
        match target {
            Some(i) => absorb(&mut drafts[i], m),
            None => {
                let sentence = m.sentence;
                drafts.push((new_draft(m), sentence));
            }
        }
    }
    drafts.into_iter().map(|(d, _)| d).collect()
}

fn weak_target(drafts: &[(EventDraft, usize)], m: &Mention) -> Option<usize> {
    let offset = drafts.len().saturating_sub(MERGE_WINDOW);
    let same_kind = |d: &EventDraft| {
        d.kind == m.kind
            && (d.subtype != "casualty_report" || m.subtype == "casualty_report")
            && !told_apart_in_one_sentence(d, m)
    };
    // A weak mention's date is borrowed (carried over or the article's), so it does
    // not tell events apart.
    let dates_fit = |d: &EventDraft| !m.another && parties_fit(&d.actors, &m.actors);
    // A reported ceasefire breach right after an attack is that attack.
    if m.kind == EventKind::Ceasefire
        && m.violation
        && let Some((i, (d, s))) = drafts.iter().enumerate().next_back()
        && d.kind == EventKind::Fighting
        && d.subtype != "casualty_report"
        && s + 1 >= m.sentence
    {
        return Some(i);
    }
    recent(drafts)
        .rposition(|(d, _)| same_kind(d) && d.subtype == m.subtype && dates_fit(d))
        .map(|i| i + offset)
        .or_else(|| {
            recent(drafts)
                .rposition(|(d, _)| same_kind(d) && dates_fit(d))
                .map(|i| i + offset)
        })
}

/// Whether the draft holds a mention of the same sentence as `m`: one sentence's
/// triggers of one kind form one mention unless the sentence tells them apart (by
/// their dates, or a deed "following" another), so two are two happenings.
fn told_apart_in_one_sentence(d: &EventDraft, m: &Mention) -> bool {
    d.mentions.iter().any(|x| x.sentence == m.sentence)
}

/// Whether a mention with facts of its own (a date, a place or figures) can be
/// another account of draft `d`: news tells one happening several times — the lead,
/// the toll, each side's claim, a reaction — with the date as each source gave it
/// ("said today" next to "yesterday's attack"). So a borrowed date fits any; what
/// tells happenings apart is an explicit date outside the other, a different place,
/// parties that share nobody, a different phase of a ceasefire, or a sentence that
/// announces another incident ("Separately, ...", "in another attack").
fn strong_compatible(d: &EventDraft, m: &Mention) -> bool {
    if d.kind != m.kind || m.another || told_apart_in_one_sentence(d, m) {
        return false;
    }
    // A party's casualty count ("officials say 927 troops have been killed") is a
    // report of its own; a figure told of one attack ("15 militants were killed")
    // belongs to that attack.
    if is_casualty_count(&d.subtype, d.casualties.iter().map(|c| &c.0))
        != is_casualty_count(&m.subtype, m.casualties.iter())
    {
        return false;
    }
    // A ceasefire agreed, taking effect, broken and collapsing are four happenings.
    if d.kind == EventKind::Ceasefire && ceasefire_phase(&d.subtype) != ceasefire_phase(&m.subtype)
    {
        return false;
    }
    // A borrowed date (carried over, or the article's) does not tell events apart.
    // A fight's lead in the present perfect ("17 people have been killed in clashes")
    // is dated by the account that follows ("The fighting erupted on Monday"), a day
    // of the week before.
    let borrowed_date = |s: DateSource| matches!(s, DateSource::Carried | DateSource::Reference);
    let days_before_lead = match (d.date, m.date) {
        (Some(lead), Some(day)) => {
            day.days() == 1 && day.start <= lead.start && (lead.start - day.start).get_days() <= 7
        }
        _ => false,
    };
    let borrowed = borrowed_date(m.date_source)
        || (d.kind == EventKind::Fighting && borrowed_date(d.date_source) && days_before_lead);
    let dates = borrowed
        || match (d.date, m.date) {
            (Some(a), Some(b)) => a.contains(&b) || b.contains(&a),
            _ => true,
        };
    // A site the gazetteer lacks, told beside a known place ("Daynunay military base,
    // 18 kilometers east of Baidoa"), fits that place.
    let beside = |site: &PlaceRef, known: &PlaceRef, mentioned: &[PlaceRef]| {
        site.country.is_none() && mentioned.iter().any(|p| p.slug == known.slug)
    };
    let places = match (&d.place, &m.place) {
        (Some(a), Some(b)) => {
            places_fit(a, b)
                || beside(b, a, &m.places_mentioned)
                || beside(a, b, &d.places_mentioned)
        }
        _ => true,
    };
    // News names the two sides of one fight in turn ("Al-Shabab militants killed eight
    // soldiers in an ambush ...", then "Somali soldiers repulsed the militants"): on
    // the same day, an account naming a single party fits one naming another.
    let same_day = matches!((d.date, m.date), (Some(a), Some(b)) if a == b && a.days() == 1);
    let one_side = |x: &[ActorRef]| party_count(x) <= 1;
    let sides = d.kind == EventKind::Fighting
        && d.subtype != "casualty_report"
        && m.subtype != "casualty_report"
        && same_day
        && (one_side(&d.actors) || one_side(&m.actors))
        && shares_a_country(
            d.place.iter().chain(&d.places_mentioned),
            m.place.iter().chain(&m.places_mentioned),
        );
    dates && places && (sides || parties_fit(&d.actors, &m.actors))
}

/// Whether two accounts can be told in the same country: the countries their places
/// lie in share one, or either names none. Accounts naming one side each are one
/// fight only there: "Boko Haram militants kill 25 workers in Sabon Gari, Borno
/// State" and "insurgents ambush a convoy in western Mali" are two.
fn shares_a_country<'a>(
    a: impl Iterator<Item = &'a PlaceRef>,
    b: impl Iterator<Item = &'a PlaceRef>,
) -> bool {
    let a: Vec<&str> = a.filter_map(|p| p.country.as_deref()).collect();
    let b: Vec<&str> = b.filter_map(|p| p.country.as_deref()).collect();
    a.is_empty() || b.is_empty() || a.iter().any(|c| b.contains(c))
}

fn is_casualty_count<'a>(subtype: &str, mut figures: impl Iterator<Item = &'a Casualty>) -> bool {
    subtype == "casualty_report" && figures.any(|c| c.cumulative)
}

/// The phase of a ceasefire a subtype reports: agreed (brokered, declared, reaffirmed),
/// in force (took effect, extended), broken (violated), over (collapsed, expired).
fn ceasefire_phase(subtype: &str) -> u8 {
    match subtype {
        "took_effect" | "extended" => 1,
        "violated" => 2,
        "collapsed" | "expired" | "war_ended" => 3,
        _ => 0,
    }
}

/// Parties fit when the accounts share anyone (a person counts: "Pompeo met ..." and
/// "Pompeo's talks with ..." are one meeting), or when one of them names no state,
/// organisation or group; two accounts naming different parties are different events.
fn parties_fit(a: &[ActorRef], b: &[ActorRef]) -> bool {
    let shared = a.iter().any(|x| b.iter().any(|y| y.slug == x.slug));
    shared || party_count(a) == 0 || party_count(b) == 0
}

/// The states, organisations and groups among an account's actors (people and sides
/// named by a noun alone aside).
fn party_count(actors: &[ActorRef]) -> usize {
    actors
        .iter()
        .filter(|r| r.kind != ActorKind::Person && !r.is_unnamed())
        .count()
}

/// Two places fit when they are one place, or when one is the country the other lies
/// in: "in Yemen" and "in Saada province" can tell of one airstrike.
fn places_fit(a: &PlaceRef, b: &PlaceRef) -> bool {
    let within = |country: &PlaceRef, p: &PlaceRef| {
        country.kind == "country" && p.country.as_deref() == Some(country.name.as_str())
    };
    // A place the gazetteer does not know ("near Khankala") has no country on
    // record: it fits the country or region the text puts around it.
    let unplaced_in_coarse = |p: &PlaceRef, around: &PlaceRef| {
        p.kind == "place" && p.country.is_none() && COARSE_PLACES.contains(&around.kind.as_str())
    };
    a.slug == b.slug
        || within(a, b)
        || within(b, a)
        || unplaced_in_coarse(a, b)
        || unplaced_in_coarse(b, a)
}

/// Whether `b` is a finer place that lies in `a`: a region in a country, or a town or
/// site in a country or region (within the country on record, or a place the
/// gazetteer does not know, which has none).
fn finer_within(a: &PlaceRef, b: &PlaceRef) -> bool {
    let breadth = |p: &PlaceRef| match p.kind.as_str() {
        "country" => 2,
        k if COARSE_PLACES.contains(&k) => 1,
        _ => 0,
    };
    match (breadth(a), breadth(b)) {
        (2, 1 | 0) => places_fit(a, b),
        (1, 0) => places_fit(a, b) || (b.country.is_some() && b.country == a.country),
        _ => false,
    }
}

/// Kinds of place that hold towns and sites.
pub(super) const COARSE_PLACES: &[&str] = &["country", "region", "territory", "province", "state"];

fn new_draft(m: Mention) -> EventDraft {
    EventDraft {
        kind: m.kind,
        subtype: m.subtype,
        status: m.status,
        alleged_by: m.alleged_by,
        denied_by: m.denied_by,
        date: m.date,
        date_source: m.date_source,
        date_basis: m.date_basis,
        actors: m.actors,
        place: m.place,
        places_mentioned: m.places_mentioned,
        casualties: m
            .casualties
            .into_iter()
            .map(|c| (c, m.span.start, m.span.end))
            .collect(),
        mentions: vec![MentionSpan {
            start: m.span.start,
            end: m.span.end,
            sentence: m.sentence,
        }],
        headline: String::new(),
        found_by: m.found_by,
    }
}

fn absorb(target: &mut (EventDraft, usize), m: Mention) {
    let weak = m.is_weak();
    let (d, last) = target;
    *last = m.sentence;
    if !d.mentions.iter().any(|x| x.start == m.span.start) {
        d.mentions.push(MentionSpan {
            start: m.span.start,
            end: m.span.end,
            sentence: m.sentence,
        });
    }
    // The most trustworthy date wins: explicit over carried over over the article's.
    let better = match (d.date, m.date) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => {
            m.date_source < d.date_source
                || (m.date_source == d.date_source && b.days() < a.days() && a.contains(&b))
        }
        _ => false,
    };
    if better {
        d.date = m.date;
        d.date_source = m.date_source;
        d.date_basis = m.date_basis;
    }
    // A passing mention of fighting ("the worst outbreak of fighting") names parties
    // only by the way; it adds them only to an event that has few.
    let adds_actors = !(d.kind == EventKind::Fighting && weak && d.actors.len() >= 2);
    for a in m.actors.into_iter().filter(|_| adds_actors) {
        if !d.actors.iter().any(|x| x.slug == a.slug) {
            d.actors.push(a);
        }
    }
    // A finer place wins over the country or region around it ("in Yemen", then "in
    // Saada"; "in Borno state", then "the village of Azaya Kura"), and so does a site
    // the gazetteer lacks, told with the place it lies in or by ("near the village of
    // Galashki in Ingushetia", "Daynunay military base, 18 kilometers east of Baidoa").
    let finer = match (&d.place, &m.place) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => {
            finer_within(a, b)
                || (b.kind == "place" && b.country.is_none() && m.places_mentioned.contains(a))
        }
        _ => false,
    };
    if finer
        && let Some(old) = d.place.replace(m.place.expect("checked above"))
        && !d.places_mentioned.contains(&old)
    {
        d.places_mentioned.push(old);
    }
    for p in m.places_mentioned {
        if !d.places_mentioned.contains(&p) && d.place.as_ref() != Some(&p) {
            d.places_mentioned.push(p);
        }
    }
    d.casualties.extend(
        m.casualties
            .into_iter()
            .map(|c| (c, m.span.start, m.span.end)),
    );
    if m.status > d.status && d.status != Status::Planned {
        d.status = m.status;
    }
    d.alleged_by.extend(
        m.alleged_by
            .into_iter()
            .filter(|a| !d.alleged_by.contains(a))
            .collect::<Vec<_>>(),
    );
    d.denied_by.extend(
        m.denied_by
            .into_iter()
            .filter(|a| !d.denied_by.contains(a))
            .collect::<Vec<_>>(),
    );
}

#[cfg(test)]
mod tests {
    use crate::domain::{EventDraft, EventKind};
    use crate::extract::events::tests::events;
    use jiff::civil::date;

    /// The fighting of `text`, which must be one event.
    fn the_one_fight(text: &str) -> EventDraft {
        let e = events(text);
        let mut fighting = e.iter().filter(|d| d.kind == EventKind::Fighting);
        match (fighting.next(), fighting.next()) {
            (Some(fight), None) => fight.clone(),
            _ => panic!("not one fight: {e:#?}"),
        }
    }

    #[test]
    fn one_sided_accounts_in_two_countries_are_two_fights() {
        let e = events(
            "Boko Haram militants kill 25 construction workers in an attack on a base in \
             Sabon Gari, Borno State.\n\nJNIM insurgents ambush a fuel convoy in western Mali \
             near the Senegalese border, killing at least 15 people.",
        );
        let fights = e.iter().filter(|d| d.kind == EventKind::Fighting).count();
        assert_eq!(fights, 2, "{e:#?}");
    }

    #[test]
    fn a_digest_verb_after_its_subject_is_the_day_s_news() {
        let fight = the_one_fight("Islamic Front rebels seize the Abu al-Duhur military airport.");
        assert_eq!(fight.date.map(|d| d.start), Some(date(2023, 12, 6)));
        let place = fight.place.as_ref().map(|p| p.name.as_str());
        assert_eq!(place, Some("Abu al-Duhur military airport"));
        // The state of the war, in the present with no place, is no event.
        let e = events(
            "Rebels and troops fought near the town on Monday. \
             The outlook is dim, with the fighting and airstrikes continuing.",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
    }

    #[test]
    fn a_year_dates_only_what_it_qualifies() {
        // "the 1979 treaty" does not make the bombing history ...
        let fight = the_one_fight(
            "Two roadside bombs detonate in the Sinai Peninsula injuring six peacekeepers, \
             who were there to support the 1979 Egypt–Israel Peace Treaty.",
        );
        assert_eq!(fight.date.map(|d| d.start), Some(date(2023, 12, 6)));
        // ... and "the 1967 war" stays history.
        let e = events(
            "The Gaza Strip, occupied by Egypt in the 1948 Arab-Israel war, was captured by \
             Israel in the 1967 Middle East war.",
        );
        assert!(e.is_empty(), "{e:#?}");
    }

    #[test]
    fn a_retelling_without_facts_of_its_own_joins_the_event() {
        let e = events(
            "Russian forces shelled Kherson on Monday, killing two civilians. \
             The shelling also damaged a school and a hospital.",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0].mentions.len(), 2);
    }

    #[test]
    fn the_two_sides_of_one_fight_told_in_turn_are_one_event() {
        let e = events(
            "Al-Shabab fighters ambushed a convoy near Baidoa on Tuesday. \
             Somali troops repulsed the attackers near Baidoa on Tuesday after heavy gunfire.",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        let e = events(
            "Al-Shabab fighters ambushed a convoy near Baidoa on Tuesday. \
             Kenyan troops shelled positions in Kismayo on Tuesday.",
        );
        assert_eq!(e.len(), 2, "another place is another fight: {e:#?}");
    }

    #[test]
    fn another_incident_stays_apart() {
        let e = events(
            "Russian forces shelled Kherson on Monday, killing two civilians. \
             In another attack, Russian forces shelled Kharkiv on Monday.",
        );
        assert_eq!(
            e.iter().filter(|d| d.kind == EventKind::Fighting).count(),
            2
        );
    }

    #[test]
    fn a_ceasefire_agreed_and_taking_effect_are_two_events() {
        let e = events(
            "Israel and Hamas agreed to a ceasefire on Saturday after weeks of war. \
             The ceasefire took effect on Sunday, ending the fighting.",
        );
        let ceasefires: Vec<&str> = e
            .iter()
            .filter(|d| d.kind == EventKind::Ceasefire)
            .map(|d| d.subtype.as_str())
            .collect();
        assert_eq!(ceasefires, ["agreed", "took_effect"], "{e:#?}");
    }

    #[test]
    fn a_town_in_the_country_named_first_is_the_same_place_and_wins() {
        let fight = the_one_fight(
            "At least 26 people died in an airstrike in northwestern Yemen on Monday, \
             medics said. The airstrike hit a market in Saada province, near the border.",
        );
        let place = fight.place.as_ref().map(|p| p.name.as_str());
        assert_eq!(place, Some("Saada province"));
    }

    #[test]
    fn a_site_told_with_the_place_it_lies_in_wins() {
        let fight = the_one_fight(
            "Rebels shot down an army helicopter in the republic of Zarnia on Thursday, \
             killing two soldiers. Officials said a missile brought down the helicopter near \
             the village of Kolbek in Zarnia.",
        );
        let place = fight.place.as_ref().map(|p| p.name.as_str());
        assert_eq!(place, Some("Kolbek"));
    }

    #[test]
    fn a_village_in_the_region_named_first_wins_and_its_area_does_not() {
        let fight = the_one_fight(
            "At least 45 villagers were killed after Boko Haram militants attacked a village \
             in Nigeria's northeastern Borno state on Wednesday. Boko Haram militants stormed \
             the village of Azaya Kura in the Mafa area on Wednesday.",
        );
        let place = fight.place.as_ref().map(|p| p.name.as_str());
        assert_eq!(place, Some("Azaya Kura"));
    }

    #[test]
    fn a_lead_with_the_article_date_takes_the_day_of_the_account_after_it() {
        let fight = the_one_fight(
            "At least 17 people have been killed in the Central African Republic in clashes \
             between rebel factions. The fighting erupted on Monday in the central town of \
             Bambari.",
        );
        let place = fight.place.as_ref().map(|p| p.name.as_str());
        assert_eq!(place, Some("Bambari"));
        assert_eq!(
            fight.date_source,
            crate::domain::DateSource::Explicit,
            "{fight:#?}"
        );
    }
}
