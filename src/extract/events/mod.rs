//! Event detection: trigger words from the lexicon, the context that turns them
//! into non-events (appeals, purposes, hypotheticals, negations, quotations), the
//! date, participants, place, casualty figures and status of each event mention,
//! and the merging of mentions of one happening within an article.
//!
//! The rules, in the order they apply to one sentence:
//! 1. Triggers outside quotation marks are found. A ceasefire noun counts only with
//!    a predicate near it ("agreed", "violated", "-brokered"), because "implement a
//!    ceasefire" or "a timeline for a cease-fire" report nothing. "War" and
//!    "violence" count only with a start/end verb or a casualty figure near them.
//! 2. A trigger preceded in its clause by an appeal or purpose ("urged ... to
//!    respect", "efforts to mediate", "an end to the fighting"), a modal ("would
//!    broker") or a negation is dropped. The look-back stops at prepositions such as
//!    "under", so "commitments under a Russia-brokered ceasefire" still reports one.
//! 3. Each trigger binds to the nearest date expression in the sentence; triggers
//!    of one kind bound to the same date form one mention, so "agreed in Moscow on
//!    October 10 and reaffirmed in Paris on October 17" gives two ceasefire events.
//!    A duration before "after" or "before" moves the date across it ("a week after
//!    it was signed on March 1", `counted_from`), and a deed beyond "following" or
//!    "after" when one of its kind is told before it is an earlier incident. A date
//!    in a relative clause before the trigger tells of its subject ("rebels, who
//!    seized the capital three years ago, blamed ... for the airstrike").
//! 4. A mention without a date of its own takes the article's date when its verb is
//!    in the present tense ("fighting continues", "officials say 927 have been
//!    killed"), and otherwise the date of the previous dated sentence ("Within
//!    minutes, ...").
//! 5. Mentions are merged into drafts: a mention with nothing of its own (no date,
//!    place or figures) joins the most recent draft of its kind ("the rocket strike
//!    destroyed ..."); others join a draft only when kind, date and place agree.
//!    A digest's entries are stories of their own, and mentions one sentence tells
//!    apart never merge.
//! 6. Drafts take what the article says around them: talks or a truce "between the
//!    two sides" are between the story's two main sides, and a fight placed nowhere
//!    is in the article's theatre when it has one.
//! 7. Drafts that are not the war's are dropped: talks with no party, with one side
//!    only, or with neither a word of war in their sentence nor a party that fights
//!    in the story; fighting with nobody behind it (unless its own clause dates it),
//!    or only protesters, strikers and rioters (a riot, not war).

mod counted_from;
mod mention;
mod merge;
mod roles;
mod triggers;

#[cfg(test)]
mod tests;

use super::TimexAnnotation;
use super::actors::{ActorMention, PlaceMention};
use super::casualties::Figure;
use super::resources::{Resources, listed};
use super::sentences::Sentence;
use super::timex::TimexType;
use super::tokens::Token;
use crate::domain::{
    ActorKind, ActorRef, Casualty, DateSource, EventDate, EventDraft, EventKind, PlaceRef, Status,
};
use jiff::civil::Date;
use mention::sentence_mentions;
use merge::{COARSE_PLACES, merge_within_article};
use regex::Regex;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

/// One trigger word (or phrase) found in a sentence.
#[derive(Debug, Clone)]
struct Trigger {
    kind: EventKind,
    subtype: String,
    /// Token range of the word(s).
    first: usize,
    last: usize,
    /// Where the event is asserted: the predicate of a ceasefire that follows its
    /// noun ("a ceasefire that was brokered by Moscow"), otherwise the trigger itself.
    anchor: usize,
    /// The actor named inside a compound predicate ("Russia-brokered").
    compound_actor_at: Option<usize>,
    casualty: Option<Figure>,
}

impl Trigger {
    /// The words of the trigger and the rule that made them an event, for readers.
    fn describe(&self, text: &str, tokens: &[Token]) -> String {
        let words = |a: usize, b: usize| &text[tokens[a].start..tokens[b].end];
        let trigger = words(self.first, self.last);
        let subtype = self.subtype.replace('_', " ");
        let rule = match (self.kind, &self.casualty) {
            (_, Some(_)) => "a count of people killed or wounded".to_string(),
            (EventKind::Ceasefire, None) if self.anchor != self.first => format!(
                "a ceasefire word with its predicate “{}” ({subtype})",
                words(self.anchor, self.anchor)
            ),
            (EventKind::Ceasefire, None) if self.compound_actor_at.is_some() => {
                format!("a ceasefire word in a compound ({subtype})")
            }
            (EventKind::Ceasefire, None) => format!("a ceasefire wording ({subtype})"),
            (EventKind::Talks, None) => format!("a talks word ({subtype})"),
            (EventKind::Fighting, None) => format!("a fighting word ({subtype})"),
        };
        format!("“{trigger}”: {rule}")
    }

    fn new(kind: EventKind, subtype: &str, first: usize, last: usize, anchor: usize) -> Trigger {
        Trigger {
            kind,
            subtype: subtype.to_string(),
            first,
            last,
            anchor,
            compound_actor_at: None,
            casualty: None,
        }
    }
}

/// An event mention: one sentence's statement of one event.
#[derive(Debug, Clone)]
pub struct Mention {
    pub kind: EventKind,
    pub subtype: String,
    pub sentence: usize,
    pub span: Range<usize>,
    pub date: Option<EventDate>,
    pub date_source: DateSource,
    pub date_basis: String,
    pub status: Status,
    pub alleged_by: Vec<String>,
    pub denied_by: Vec<String>,
    pub actors: Vec<ActorRef>,
    pub place: Option<PlaceRef>,
    pub places_mentioned: Vec<PlaceRef>,
    pub casualties: Vec<Casualty>,
    /// A ceasefire breach reported as such ("ceasefire violation").
    pub violation: bool,
    /// The sentence announces another incident ("Separately, ...", "in another attack").
    pub another: bool,
    /// The trigger and the rule that read it (see `EventDraft::found_by`).
    pub found_by: String,
}

impl Mention {
    /// Carries nothing that tells it apart from an earlier mention of its kind.
    fn is_weak(&self) -> bool {
        self.date_source != DateSource::Explicit
            && self.place.is_none()
            && self.casualties.is_empty()
    }
}

/// Everything event detection needs to know about the article.
pub struct ArticleView<'a> {
    pub text: &'a str,
    /// The words of the headline given by metadata (none when there is none).
    pub title: Vec<Token>,
    pub sentences: &'a [Sentence],
    /// The words of each sentence.
    pub tokens: &'a [Vec<Token>],
    pub quotes: &'a [Range<usize>],
    pub timexes: &'a [TimexAnnotation],
    pub actors: &'a [ActorMention],
    pub places: &'a [PlaceMention],
    pub reference: Option<Date>,
}

impl ArticleView<'_> {
    /// The expressions, actors and places of one sentence: each list is in text
    /// order, so a sentence's items are one contiguous slice.
    fn timexes_in(&self, si: usize) -> &[TimexAnnotation] {
        let a = self.timexes.partition_point(|t| t.sentence < si);
        let b = self.timexes.partition_point(|t| t.sentence <= si);
        &self.timexes[a..b]
    }

    fn actors_in(&self, si: usize) -> &[ActorMention] {
        let a = self.actors.partition_point(|m| m.sentence < si);
        let b = self.actors.partition_point(|m| m.sentence <= si);
        &self.actors[a..b]
    }

    fn places_in(&self, si: usize) -> &[PlaceMention] {
        let a = self.places.partition_point(|m| m.sentence < si);
        let b = self.places.partition_point(|m| m.sentence <= si);
        &self.places[a..b]
    }

    fn quoted(&self, start: usize, end: usize) -> bool {
        super::sentences::within(self.quotes, start, end)
    }
}

/// Finds the event mentions of an article and merges them into drafts.
pub fn extract(view: &ArticleView<'_>, res: &Resources) -> Vec<EventDraft> {
    if !about_conflict(view, res) {
        return Vec::new();
    }
    let mut mentions = Vec::new();
    let mut last_date: Option<(EventDate, String)> = None;
    for (si, sentence) in view.sentences.iter().enumerate() {
        let found = sentence_mentions(view, res, si, sentence, last_date.as_ref());
        if found.is_empty() {
            deny_previous_allegation(view, res, si, &mut mentions);
        }
        mentions.extend(found);
        // The latest point in time the text has moved to, for carry-over.
        if let Some(t) = view
            .timexes_in(si)
            .iter()
            .filter(|t| matches!(t.timex.ttype, TimexType::Date | TimexType::Time))
            // A date after the article's own (a plan) is not where the story stands.
            .filter(|t| {
                t.resolved
                    .date
                    .is_some_and(|d| view.reference.is_none_or(|r| d.start <= r))
            })
            .filter(|t| !view.quoted(t.timex.start, t.timex.end))
            .filter_map(|t| t.resolved.date.map(|d| (d, t.timex.text.clone())))
            .rfind(|(d, _)| d.days() <= 2)
        {
            last_date = Some(t);
        }
    }
    let items = digest_items(view);
    let mut drafts = merge_within_article(mentions, |si| items.get(si).copied().unwrap_or(0));
    the_two_sides(view, res, &mut drafts);
    // Talks are between parties: a meeting nobody known took part in is a board, a
    // committee or a market, not a conflict event.
    drafts.retain(|d| d.kind != EventKind::Talks || !d.actors.is_empty());
    // A meeting whose participants all belong to one state is that side's internal
    // business (a cabinet session, a briefing), not talks between parties.
    drafts.retain(|d| d.kind != EventKind::Talks || !one_side_only(&d.actors));
    // Talks in a war story are about the war when their sentence speaks of war or
    // peace-making, or when someone at the table fights or holds a truce in the same
    // story; otherwise they are its trade rounds, state visits and board meetings.
    let parties = conflict_parties(&drafts);
    drafts.retain(|d| {
        d.kind != EventKind::Talks
            || d.actors.iter().any(|a| parties.contains(&party_of(a)))
            || d.mentions.iter().any(|m| {
                view.tokens
                    .get(m.sentence)
                    .is_some_and(|tokens| res.sets.talks_context.occurs_in(tokens))
            })
    });
    // Fighting names who fought or who was hit; a weapon or a raid with nobody behind
    // or against it ("attack aircraft", "stocks were seized") is not a war event
    // unless it counts the dead or wounded. Fighting the text dates by itself ("since
    // the fighting resumed on August 24") is the war's, whoever fought.
    let events_per_sentence = events_per_sentence(&drafts);
    drafts.retain(|d| {
        d.kind != EventKind::Fighting
            || !d.actors.is_empty()
            || !d.casualties.is_empty()
            || dated_where_it_is_told(view, res, d)
            || names_an_armed_group(view, res, d)
            || fought_somewhere(d, &events_per_sentence)
    });
    drafts.retain(|d| d.kind != EventKind::Fighting || !civil_unrest(view, res, d));
    // A fight the text places nowhere happened where the story's fighting is, when
    // the story has one theatre: the guidelines' "clearly implies".
    if let Some(t) = theatre(view) {
        let unplaced = |d: &&mut EventDraft| d.kind == EventKind::Fighting && d.place.is_none();
        for d in drafts.iter_mut().filter(unplaced) {
            d.place = Some(t.clone());
        }
    }
    drafts
}

/// The article's theatre: the country or region named as a location most often, at
/// least twice and in more than half of such mentions, where no other location the
/// article names lies in another country or on a border.
fn theatre(view: &ArticleView<'_>) -> Option<PlaceRef> {
    let coarse = |k: &str| COARSE_PLACES.contains(&k);
    let mut counts: Vec<(PlaceRef, usize)> = Vec::new();
    let mut total = 0;
    for m in view
        .places
        .iter()
        .filter(|m| m.locative && coarse(&m.place.kind))
    {
        total += 1;
        match counts.iter_mut().find(|(p, _)| p.slug == m.place.slug) {
            Some(c) => c.1 += 1,
            None => counts.push((m.place.clone(), 1)),
        }
    }
    let (p, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    // No other place the story puts something in lies in another country or on a
    // border: a story told at a border or in two countries has no one theatre. (A
    // region around several, such as "the Caucasus", has no country of its own.)
    let country = p.country.clone().unwrap_or_else(|| p.name.clone());
    let one_country = view
        .places
        .iter()
        .filter(|m| m.locative && m.place.slug != p.slug)
        .all(|m| {
            m.place.kind != "border"
                && m.place
                    .country
                    .as_deref()
                    .is_none_or(|c| c == country.as_str())
        });
    (n >= 2 && n * 2 > total && one_country).then_some(p)
}

/// "Talks in Luanda between the two sides broke down": talks or a truce that name
/// fewer than two parties and speak of "the two sides" (`[groups] both_sides`) are
/// between the story's two main sides, the states and groups its fighting names most
/// often.
fn the_two_sides(view: &ArticleView<'_>, res: &Resources, drafts: &mut [EventDraft]) {
    let mut counts: Vec<(ActorRef, usize)> = Vec::new();
    for a in drafts
        .iter()
        .filter(|d| d.kind == EventKind::Fighting)
        .flat_map(|d| &d.actors)
        .filter(|a| a.kind != ActorKind::Person)
    {
        match counts.iter_mut().find(|(x, _)| x.slug == a.slug) {
            Some(c) => c.1 += 1,
            None => counts.push((a.clone(), 1)),
        }
    }
    // The most often named first; the first named first among equals.
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    if counts.len() < 2 {
        return;
    }
    let sides = [counts[0].0.clone(), counts[1].0.clone()];
    let parties = |d: &EventDraft| {
        d.actors
            .iter()
            .filter(|a| a.kind != ActorKind::Person)
            .count()
    };
    for d in drafts
        .iter_mut()
        .filter(|d| d.kind != EventKind::Fighting && parties(d) < 2)
    {
        let named_so = d.mentions.iter().any(|m| {
            view.tokens
                .get(m.sentence)
                .is_some_and(|tokens| res.sets.both_sides.occurs_in(tokens))
        });
        for side in sides.iter().filter(|_| named_so) {
            if !d.actors.iter().any(|a| a.slug == side.slug) {
                d.actors.push(side.clone());
            }
        }
    }
}

/// The sides of the story's fighting and ceasefires, each as `party_of` names it.
fn conflict_parties(drafts: &[EventDraft]) -> Vec<String> {
    drafts
        .iter()
        .filter(|d| d.kind != EventKind::Talks)
        .flat_map(|d| d.actors.iter().map(party_of))
        .collect()
}

/// The side an actor stands for: its state or organisation when it has one (a
/// president, a state's army), else itself.
fn party_of(a: &ActorRef) -> String {
    match &a.affiliation {
        Some(aff) => crate::domain::slugify(aff),
        None => a.slug.clone(),
    }
}

/// Whether every account of a fight speaks of protesters, strikers or rioters
/// (`civil_unrest`) and none names an armed side: an armed group, soldiers or
/// fighters. Such a clash is a riot or a protest, not war.
fn civil_unrest(view: &ArticleView<'_>, res: &Resources, d: &EventDraft) -> bool {
    if d.actors.iter().any(|a| a.kind == ActorKind::ArmedGroup) {
        return false;
    }
    let sets = &res.sets;
    let nouns = &res.lexicon.groups.nouns;
    d.mentions.iter().all(|m| {
        view.tokens.get(m.sentence).is_some_and(|tokens| {
            sets.civil_unrest.occurs_in(tokens)
                && !sets.military.occurs_in(tokens)
                && !tokens.iter().any(|t| listed(nouns, &t.lower))
        })
    })
}

/// Whether a sentence of the draft dates its fighting in the fighting's own clause,
/// after it ("since the fighting resumed on August 24"): a date told before it, in
/// another clause ("met in Washington on Sunday, as fighting went on"), dates
/// something else.
fn dated_where_it_is_told(view: &ArticleView<'_>, res: &Resources, d: &EventDraft) -> bool {
    d.subtype == "armed_clash"
        && d.date_source == DateSource::Explicit
        && d.mentions.iter().any(|m| {
            let tokens = &view.tokens[m.sentence];
            let clash_at: Vec<usize> = (0..tokens.len())
                .filter(|&k| {
                    (res.sets.fighting.longest_at(tokens, k))
                        .is_some_and(|(_, subtype)| subtype == "armed_clash")
                })
                .collect();
            view.timexes_in(m.sentence)
                .iter()
                .filter(|t| t.timex.ttype == TimexType::Date)
                .map(|t| super::tokens::token_at(tokens, t.timex.start))
                .any(|at| {
                    clash_at
                        .iter()
                        .any(|&k| k < at && tokens[k].clause == tokens[at].clause)
                })
        })
}

/// Whether a sentence of the draft names an armed group by what it is ("Rebels
/// capture the town", "gunmen opened fire"): someone fought, though unnamed.
fn names_an_armed_group(view: &ArticleView<'_>, res: &Resources, d: &EventDraft) -> bool {
    let nouns = &res.lexicon.groups.nouns;
    d.mentions.iter().any(|m| {
        view.tokens.get(m.sentence).is_some_and(|tokens| {
            tokens.iter().any(|t| listed(nouns, &t.lower))
                || res.sets.unnamed_armed.occurs_in(tokens)
                || res.sets.state_forces.occurs_in(tokens)
        })
    })
}

/// Battles, clashes and shelling the text places are war events even when it names
/// nobody ("Battles rage in Adre"): unlike a raid or a seizure, these words are not
/// used of markets, police or customs. Only as what their sentences report: beside
/// another event ("met in Washington to discuss the fighting in Karabakh, where
/// fighting continues") they are its background, and the place may be the other's.
fn fought_somewhere(d: &EventDraft, events_per_sentence: &HashMap<usize, usize>) -> bool {
    d.place.is_some()
        && matches!(d.subtype.as_str(), "armed_clash" | "shelling")
        && d.mentions
            .iter()
            .all(|m| events_per_sentence.get(&m.sentence).copied() == Some(1))
}

/// How many events each sentence reports.
fn events_per_sentence(drafts: &[EventDraft]) -> HashMap<usize, usize> {
    let mut count = HashMap::new();
    for d in drafts {
        let sentences: BTreeSet<usize> = d.mentions.iter().map(|m| m.sentence).collect();
        for s in sentences {
            *count.entry(s).or_insert(0) += 1;
        }
    }
    count
}

fn one_side_only(actors: &[ActorRef]) -> bool {
    let side = |a: &ActorRef| match a.kind {
        ActorKind::State => Some(a.slug.clone()),
        ActorKind::Person => a.affiliation.as_ref().map(|s| crate::domain::slugify(s)),
        _ => None,
    };
    let sides: Vec<Option<String>> = actors.iter().map(side).collect();
    actors.len() >= 2 && sides.iter().all(Option::is_some) && sides.windows(2).all(|w| w[0] == w[1])
}

/// The story each sentence belongs to. A digest of the day's news ends each entry
/// with its source in brackets ("... killing at least 12 soldiers. (Reuters)"): each
/// entry is a story of its own, and a paragraph without a source continues the entry
/// before it. Any other article is one story, whose paragraphs retell it.
fn digest_items(view: &ArticleView<'_>) -> Vec<usize> {
    static SOURCE_TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(\s*[A-Z][^()\n]{0,60}\)\s*$").expect("valid pattern"));
    // The last sentence of each paragraph, and whether it ends with a source tag.
    let mut ends: Vec<(usize, bool)> = Vec::new();
    for (si, s) in view.sentences.iter().enumerate() {
        let text = s.text(view.text);
        let tagged = text.trim_end().ends_with(')') && SOURCE_TAG.is_match(text);
        match ends.last_mut() {
            Some(last) if view.sentences[last.0].paragraph == s.paragraph => *last = (si, tagged),
            _ => ends.push((si, tagged)),
        }
    }
    let tagged = ends.iter().filter(|(_, t)| *t).count();
    let mut items = vec![0; view.sentences.len()];
    if tagged < 2 || tagged * 2 < ends.len() {
        return items;
    }
    let mut item = 0;
    for (si, slot) in items.iter_mut().enumerate() {
        *slot = item;
        if ends.iter().any(|&(end, t)| t && end == si) {
            item += 1;
        }
    }
    items
}

/// Whether the article is about armed conflict at all: enough of the relevance
/// vocabulary (troops, ceasefire, shelling …) across its sentences. Business, trade and
/// labour news uses "talks", "strike" and "attack" too.
fn about_conflict(view: &ArticleView<'_>, res: &Resources) -> bool {
    // A brief of one to three sentences says less of everything; a digest entry of
    // one or two ("An Israeli air strike hits a house in Gaza") may say it once.
    let needed = if view.sentences.len() <= 2 {
        1
    } else if view.sentences.len() <= 3 {
        res.lexicon.relevance.min_terms.min(2)
    } else {
        res.lexicon.relevance.min_terms
    };
    let relevance = &res.lexicon.relevance;
    let (mut seen, mut war) = (0, 0);
    for tokens in std::iter::once(&view.title).chain(view.tokens) {
        for k in 0..tokens.len() {
            seen += usize::from(res.sets.relevance.starts_at(tokens, k));
            war += usize::from(res.sets.war_terms.starts_at(tokens, k));
            if seen >= needed && war >= relevance.min_war_terms {
                return true;
            }
        }
    }
    false
}

/// "Armenia's foreign ministry denied the Azerbaijani allegations.": a denial with
/// no event of its own answers the allegation just before it.
fn deny_previous_allegation(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    mentions: &mut [Mention],
) {
    const CLAIMS: &[&str] = &[
        "allegations",
        "allegation",
        "accusations",
        "accusation",
        "claims",
        "claim",
        "reports",
        "report",
    ];
    let tokens = &view.tokens[si];
    let Some(deny) = tokens
        .iter()
        .position(|t| res.sets.deny.starts_at(std::slice::from_ref(t), 0))
    else {
        return;
    };
    if !tokens[deny..]
        .iter()
        .any(|t| CLAIMS.contains(&t.lower.as_str()))
    {
        return;
    }
    let denier = view
        .actors_in(si)
        .iter()
        .rfind(|m| m.end <= tokens[deny].start && !m.quoted)
        .map(|m| m.actor.name.clone());
    if let Some(m) = mentions
        .iter_mut()
        .rev()
        .take_while(|m| m.sentence + 2 >= si)
        .find(|m| m.status == Status::Alleged)
    {
        m.status = Status::Denied;
        m.denied_by.extend(denier);
    }
}
