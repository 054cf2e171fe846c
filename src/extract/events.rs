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
//! 4. A mention without a date of its own takes the article's date when its verb is
//!    in the present tense ("fighting continues", "officials say 927 have been
//!    killed"), and otherwise the date of the previous dated sentence ("Within
//!    minutes, ...").
//! 5. Mentions are merged into drafts: a mention with nothing of its own (no date,
//!    place or figures) joins the most recent draft of its kind ("the rocket strike
//!    destroyed ..."); others join a draft only when kind, date and place agree.

use super::TimexAnnotation;
use super::actors::{ActorMention, PlaceMention};
use super::casualties::{self, Figure};
use super::resources::Resources;
use super::sentences::Sentence;
use super::timex::{Tense, TimexType};
use super::tokens::{Token, token_at};
use crate::domain::{
    ActorKind, ActorRef, Casualty, DateSource, EventDate, EventDraft, EventKind, MentionSpan,
    PlaceRef, Precision, Status,
};
use jiff::civil::Date;
use std::ops::Range;

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
}

impl Mention {
    /// Carries nothing that tells it apart from an earlier mention of its kind.
    fn is_weak(&self) -> bool {
        self.date_source != DateSource::Explicit
            && self.place.is_none()
            && self.casualties.is_empty()
    }
}

/// Everything events.rs needs to know about the article.
pub struct ArticleView<'a> {
    pub text: &'a str,
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
    let mut drafts = merge_within_article(mentions);
    // Talks are between parties: a meeting nobody known took part in is a board, a
    // committee or a market, not a conflict event.
    drafts.retain(|d| d.kind != EventKind::Talks || !d.actors.is_empty());
    // A meeting whose participants all belong to one state is that side's internal
    // business (a cabinet session, a briefing), not talks between parties.
    drafts.retain(|d| d.kind != EventKind::Talks || !one_side_only(&d.actors));
    // Fighting names who fought or who was hit; a weapon or a raid with nobody behind
    // or against it ("attack aircraft", "stocks were seized") is not a war event
    // unless it counts the dead or wounded.
    drafts.retain(|d| {
        d.kind != EventKind::Fighting || !d.actors.is_empty() || !d.casualties.is_empty()
    });
    drafts
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

/// Whether the article is about armed conflict at all: enough of the relevance
/// vocabulary (troops, ceasefire, shelling …) across its sentences. Business, trade and
/// labour news uses "talks", "strike" and "attack" too.
fn about_conflict(view: &ArticleView<'_>, res: &Resources) -> bool {
    // A brief of one to three sentences says less of everything.
    let needed = if view.sentences.len() <= 3 {
        res.lexicon.relevance.min_terms.min(2)
    } else {
        res.lexicon.relevance.min_terms
    };
    let relevance = &res.lexicon.relevance;
    let (mut seen, mut war) = (0, 0);
    for tokens in view.tokens {
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

fn sentence_mentions(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    sentence: &Sentence,
    carried: Option<&(EventDate, String)>,
) -> Vec<Mention> {
    let text = view.text;
    let tokens: &[Token] = &view.tokens[si];
    if tokens.is_empty() {
        return Vec::new();
    }
    let quoted = |t: &Token| view.quoted(t.start, t.end);
    let timexes: Vec<&TimexAnnotation> = view.timexes_in(si).iter().collect();
    let date_spans: Vec<Range<usize>> =
        timexes.iter().map(|t| t.timex.start..t.timex.end).collect();
    let figures = casualties::find(tokens, &res.sets, &date_spans);
    let mut triggers = find_triggers(tokens, res, &quoted);
    for f in figures {
        if quoted(&tokens[f.token]) || negated(tokens, f.token, res) {
            continue;
        }
        triggers.push(Trigger {
            kind: EventKind::Fighting,
            subtype: "casualty_report".into(),
            first: f.token,
            last: f.token,
            anchor: f.token,
            compound_actor_at: None,
            casualty: Some(f),
        });
    }
    triggers.retain(|t| t.casualty.is_some() || !filtered(tokens, t, res));
    triggers.retain(|t| !background(tokens, t.anchor.max(t.first), res));
    triggers.retain(|t| t.subtype != "visit" || visits_a_party(view, tokens, si, t));
    keep_weak_triggers_with_support(&mut triggers, tokens, res);
    if triggers.is_empty() {
        return Vec::new();
    }

    // Bind each trigger to its nearest date expression (token distance).
    let date_tokens: Vec<(usize, &TimexAnnotation)> = timexes
        .iter()
        .filter(|t| t.timex.ttype == TimexType::Date || t.timex.ttype == TimexType::Time)
        // A date inside a quotation dates what is said there, not the report around it.
        .filter(|t| !view.quoted(t.timex.start, t.timex.end))
        .map(|t| (token_at(tokens, t.timex.start), *t))
        .collect();
    let bound = |tr: &Trigger| -> Option<usize> {
        date_tokens
            .iter()
            .enumerate()
            .min_by_key(|(_, (pos, _))| {
                // A date across a coordination belongs to the other conjunct: "agreed on
                // in Moscow on October 10 and reaffirmed in Paris on October 17".
                let (a, b) = if *pos < tr.anchor {
                    (*pos, tr.anchor)
                } else {
                    (tr.anchor, *pos)
                };
                let crosses = tokens[a..b]
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "and" | "but" | "while" | "whereas"));
                let d = pos.abs_diff(tr.anchor) + if crosses { 6 } else { 0 };
                // Prefer the expression after the trigger on ties ("met ... on Friday").
                (d, usize::from(*pos < tr.anchor))
            })
            .map(|(i, _)| i)
    };

    // Group: kind family + bound date. A ceasefire violation stated with an attack in
    // one sentence is one event (fighting).
    let has_attack = triggers
        .iter()
        .any(|t| t.kind == EventKind::Fighting && t.casualty.is_none());
    let mut groups: Vec<(EventKind, Option<usize>, Vec<Trigger>)> = Vec::new();
    for tr in triggers {
        let mut kind = tr.kind;
        if kind == EventKind::Ceasefire && tr.subtype == "violated" && has_attack {
            kind = EventKind::Fighting;
        }
        let key = bound(&tr);
        match groups.iter_mut().find(|(k, b, _)| *k == kind && *b == key) {
            Some(g) => g.2.push(tr),
            None => groups.push((kind, key, vec![tr])),
        }
    }

    // The tense of each clause, computed once per sentence.
    let mut clause_tenses: std::collections::HashMap<usize, Tense> =
        std::collections::HashMap::new();
    let sentence_tense = super::clause_tense(sentence.text(text));
    let another = (0..tokens.len()).any(|k| res.sets.another.starts_at(tokens, k));
    let mut out = Vec::new();
    for (kind, bound_idx, mut group) in groups {
        // A running total alone ("the toll has risen to 300") is not an event.
        if group
            .iter()
            .all(|t| t.casualty.as_ref().is_some_and(|f| f.running_total))
        {
            continue;
        }
        group.sort_by_key(|t| t.first);
        // The subtype: the first non-casualty trigger, if any.
        let main = group
            .iter()
            .find(|t| {
                t.casualty.is_none() && !matches!(t.subtype.as_str(), "violated" | "collapsed")
            })
            .or_else(|| group.iter().find(|t| t.casualty.is_none()))
            .unwrap_or(&group[0])
            .clone();
        let violation = group.iter().any(|t| t.subtype == "violated");
        let subtype = if kind == EventKind::Fighting && main.kind == EventKind::Ceasefire {
            "attack".to_string()
        } else {
            main.subtype.clone()
        };
        let clause = tokens[main.anchor.min(tokens.len() - 1)].clause;
        let clause_tense = *clause_tenses
            .entry(clause)
            .or_insert_with(|| super::clause_tense(clause_text(text, tokens, main.anchor)));
        let (date, date_source, date_basis) = match bound_idx.map(|i| date_tokens[i].1) {
            Some(t) => match t.resolved.date {
                Some(d) => (
                    Some(d),
                    DateSource::Explicit,
                    format!(
                        "“{}” in the sentence, read as {}",
                        t.timex.text, t.resolved.value
                    ),
                ),
                None => (
                    None,
                    DateSource::Unknown,
                    format!(
                        "“{}” in the sentence, which needs the article's date",
                        t.timex.text
                    ),
                ),
            },
            None => undated(
                view.reference,
                clause_tense,
                sentence_tense,
                carried,
                si == 0,
            ),
        };
        // Events known only to the year are history, not timeline entries.
        if date.is_some_and(|d| d.precision == Precision::Year) {
            continue;
        }
        let status_info = status(tokens, &main, res, view.actors_in(si));
        let mut status_value = status_info.0;
        if kind == EventKind::Talks
            && (clause_tense == Tense::Future || planned(tokens, main.first, res))
            && status_value == Status::Reported
        {
            status_value = Status::Planned;
        }
        let figures: Vec<&Figure> = group.iter().filter_map(|t| t.casualty.as_ref()).collect();
        let actors = participants(view, res, si, kind, &group, !figures.is_empty());
        let (place, places_mentioned) = event_place(view, tokens, si, main.anchor);
        let casualties = figures
            .iter()
            .map(|f| to_casualty(f, &actors, view, si))
            .collect();
        out.push(Mention {
            kind,
            subtype,
            sentence: si,
            span: sentence.range(),
            date,
            date_source,
            date_basis,
            status: status_value,
            alleged_by: status_info.1,
            denied_by: status_info.2,
            actors,
            place,
            places_mentioned,
            casualties,
            violation,
            another,
        });
    }
    out
}

/// The date of a mention whose sentence has no date expression (rule 4).
fn undated(
    reference: Option<Date>,
    clause_tense: Tense,
    sentence_tense: Tense,
    carried: Option<&(EventDate, String)>,
    first_sentence: bool,
) -> (Option<EventDate>, DateSource, String) {
    let present = clause_tense == Tense::Present
        || (clause_tense != Tense::Past && sentence_tense == Tense::Present);
    match (
        present || first_sentence || carried.is_none(),
        carried,
        reference,
    ) {
        (false, Some((d, from)), _) => (
            Some(*d),
            DateSource::Carried,
            format!("carried over from “{from}” in an earlier sentence"),
        ),
        (true, _, Some(r)) => (
            Some(EventDate::day(r)),
            DateSource::Reference,
            if present {
                "the article's date (stated in the present tense)".into()
            } else {
                "the article's date (reported without a date of its own)".into()
            },
        ),
        _ => (
            None,
            DateSource::Unknown,
            "no date in the text and the article's date is unknown".into(),
        ),
    }
}

fn clause_text<'a>(text: &'a str, tokens: &[Token], at: usize) -> &'a str {
    let words = clause_range(tokens, at.min(tokens.len() - 1));
    &text[tokens[words.start].start..tokens[words.end - 1].end]
}

/// The tokens of the clause that token `at` belongs to: a clause's words stand
/// together (see `tokens::tokenize`).
fn clause_range(tokens: &[Token], at: usize) -> Range<usize> {
    let clause = tokens[at].clause;
    let start = tokens[..at]
        .iter()
        .rposition(|t| t.clause != clause)
        .map_or(0, |k| k + 1);
    let end = tokens[at..]
        .iter()
        .position(|t| t.clause != clause)
        .map_or(tokens.len(), |k| at + k);
    start..end
}

fn find_triggers(
    tokens: &[Token],
    res: &Resources,
    quoted: &dyn Fn(&Token) -> bool,
) -> Vec<Trigger> {
    let sets = &res.sets;
    let mut out: Vec<Trigger> = Vec::new();
    let mut taken = vec![false; tokens.len()];
    let talks_exception = sets.talks_exceptions.coverage(tokens);
    let fighting_exception = sets.fighting_exceptions.coverage(tokens);
    for i in 0..tokens.len() {
        if taken[i] || quoted(&tokens[i]) {
            continue;
        }
        // Verb phrases that state a ceasefire by themselves ("ordered them to hold fire").
        if let Some((n, _)) = sets.ceasefire_phrases.longest_at(tokens, i) {
            let last = i + n - 1;
            for t in taken.iter_mut().take(last + 1).skip(i) {
                *t = true;
            }
            out.push(Trigger {
                kind: EventKind::Ceasefire,
                subtype: "declared".into(),
                first: i,
                last,
                anchor: i,
                compound_actor_at: None,
                casualty: None,
            });
            continue;
        }
        // Ceasefire nouns, with their predicate.
        if let Some((n, _)) = sets.ceasefire_nouns.longest_at(tokens, i) {
            let last = i + n - 1;
            // One trigger per predicate: "agreed on in Moscow on October 10 and
            // reaffirmed in Paris on October 17" reports two ceasefire events.
            for (subtype, at, compound) in ceasefire_predicates(tokens, i, last, res) {
                for t in taken.iter_mut().take(last + 1).skip(i) {
                    *t = true;
                }
                let anchor = if at > last { at } else { i };
                out.push(Trigger {
                    kind: EventKind::Ceasefire,
                    subtype,
                    first: i,
                    last,
                    anchor,
                    compound_actor_at: compound.then_some(at),
                    casualty: None,
                });
            }
            continue;
        }
        let talks = if talks_exception[i] {
            None
        } else {
            sets.talks.longest_at(tokens, i)
        };
        let fighting = if fighting_exception[i] {
            None
        } else {
            sets.fighting.longest_at(tokens, i)
        };
        let pick = match (talks, fighting) {
            (Some(t), Some(f)) if f.0 > t.0 => Some((EventKind::Fighting, f)),
            (Some(t), _) => Some((EventKind::Talks, t)),
            (None, Some(f)) => Some((EventKind::Fighting, f)),
            (None, None) => None,
        };
        if let Some((kind, (n, subtype))) = pick {
            let last = i + n - 1;
            for t in taken.iter_mut().take(last + 1).skip(i) {
                *t = true;
            }
            out.push(Trigger {
                kind,
                subtype: subtype.clone(),
                first: i,
                last,
                anchor: i,
                compound_actor_at: None,
                casualty: None,
            });
        }
    }
    out
}

/// The predicates that make a ceasefire noun an event: (subtype, token, compound).
fn ceasefire_predicates(
    tokens: &[Token],
    first: usize,
    last: usize,
    res: &Resources,
) -> Vec<(String, usize, bool)> {
    let sets = &res.sets;
    let matching = |k: usize| {
        sets.ceasefire_predicates
            .longest_at(tokens, k)
            .map(|(_, s)| s.clone())
    };
    let mut out = Vec::new();
    // A compound just before the noun: "Russia-brokered ceasefire", "U.S.-negotiated".
    for back in 1..=2 {
        let Some(k) = first.checked_sub(back) else {
            break;
        };
        if let Some((_, subtype)) = sets
            .compound_predicates
            .iter()
            .find(|(suffix, _)| tokens[k].lower.ends_with(suffix.as_str()))
        {
            out.push((subtype.clone(), k, true));
            break;
        }
    }
    // Predicates after the noun, up to the next ceasefire noun ("the cease-fire, which
    // was violated, was initially agreed on ... and reaffirmed ...", "ceasefire violations").
    let clause = tokens[last].clause;
    for k in last + 1..tokens.len().min(last + 20) {
        if tokens[k].clause > clause + 3 || sets.ceasefire_nouns.starts_at(tokens, k) {
            break;
        }
        if let Some(subtype) = matching(k) {
            out.push((subtype, k, false));
        }
    }
    if !out.is_empty() {
        return out;
    }
    // A predicate shortly before ("brokered another cease-fire", "violating the cease-fire").
    for back in 1..=3 {
        let Some(k) = first.checked_sub(back) else {
            break;
        };
        if tokens[k].clause != tokens[first].clause {
            break;
        }
        if let Some(subtype) = matching(k) {
            out.push((subtype, k, false));
            break;
        }
    }
    out
}

/// Words at which the look-back for appeals stops: what precedes them governs
/// something else ("commitments under a ceasefire").
const LOOKBACK_STOPS: &[&str] = &[
    "under",
    "since",
    "during",
    "after",
    "before",
    "amid",
    "despite",
    "following",
    "with",
];

/// Rule 2: appeals, purposes, hypotheticals and negations.
fn filtered(tokens: &[Token], t: &Trigger, res: &Resources) -> bool {
    let sets = &res.sets;
    // A ceasefire asserted by a following predicate is judged at the predicate.
    let at = if t.anchor > t.last { t.anchor } else { t.first };
    let clause = tokens[at].clause;
    let mut k = at;
    let mut steps = 0;
    while k > 0 && steps < 7 {
        if sets.appeal.ends_at(tokens, k)
            || (steps < 5 && sets.modal.ends_at(tokens, k))
            || (steps < 3 && t.kind == EventKind::Fighting && sets.stopping.ends_at(tokens, k))
        {
            return true;
        }
        let prev = &tokens[k - 1];
        if prev.clause != clause || LOOKBACK_STOPS.contains(&prev.lower.as_str()) {
            break;
        }
        k -= 1;
        steps += 1;
    }
    negated(tokens, at, res)
}

/// A visit is talks when what is visited is a party: a state, its capital, a person
/// or an organisation named within a few words after the verb.
fn visits_a_party(view: &ArticleView<'_>, tokens: &[Token], si: usize, t: &Trigger) -> bool {
    let from = tokens[t.last].end;
    let to = tokens.get(t.last + 5).map_or(usize::MAX, |x| x.end);
    view.actors_in(si)
        .iter()
        .any(|m| !m.quoted && m.start >= from && m.start <= to)
}

/// Background rather than a dated happening: a habit in the trigger's clause ("dozens
/// die each day", "have clashed repeatedly"), a look back governing the trigger ("since
/// the siege began"), or a perfect reaching back from now ("have fought since 1994").
fn background(tokens: &[Token], at: usize, res: &Resources) -> bool {
    let sets = &res.sets;
    let Range { start: lo, end: hi } = clause_range(tokens, at);
    if (lo..hi).any(|k| sets.habitual.starts_at(tokens, k)) {
        return true;
    }
    if (at.saturating_sub(6).max(lo)..at).any(|k| sets.since.starts_at(tokens, k)) {
        return true;
    }
    let perfect = (at.saturating_sub(3).max(lo)..at).any(|k| sets.perfect.starts_at(tokens, k));
    perfect && (at + 1..hi).any(|k| sets.since.starts_at(tokens, k))
}

fn negated(tokens: &[Token], at: usize, res: &Resources) -> bool {
    let clause = tokens[at].clause;
    (at.saturating_sub(4)..at)
        .any(|k| tokens[k].clause == clause && res.sets.negation.starts_at(tokens, k))
}

fn planned(tokens: &[Token], at: usize, res: &Resources) -> bool {
    (at.saturating_sub(6)..at).any(|k| res.sets.planned.starts_at(tokens, k))
}

/// "War" and "violence" report an event only with a start/end verb or a casualty
/// figure close by.
fn keep_weak_triggers_with_support(triggers: &mut Vec<Trigger>, tokens: &[Token], res: &Resources) {
    let weak = &res.lexicon.fighting_weak;
    let sets = &res.sets;
    let figures: Vec<usize> = triggers
        .iter()
        .filter(|t| t.casualty.is_some())
        .map(|t| t.first)
        .collect();
    triggers.retain_mut(|t| {
        if !weak.subtypes.contains(&t.subtype) || t.casualty.is_some() {
            return true;
        }
        // "Russia, which stopped the war": the end of a war is a ceasefire event.
        if (t.first.saturating_sub(3)..t.first).any(|k| sets.weak_ends.starts_at(tokens, k)) {
            t.kind = EventKind::Ceasefire;
            t.subtype = "war_ended".into();
            return true;
        }
        let near = t.first.saturating_sub(3)..tokens.len().min(t.last + 8);
        near.clone().any(|k| sets.weak_starts.starts_at(tokens, k))
            || figures.iter().any(|f| near.contains(f))
    });
}

/// Status (reported / alleged / denied) with who alleges and who denies.
fn status(
    tokens: &[Token],
    main: &Trigger,
    res: &Resources,
    actors: &[ActorMention],
) -> (Status, Vec<String>, Vec<String>) {
    let subject_before = |k: usize| -> Option<String> {
        let at = tokens[k].start;
        let sentence_start = tokens[0].start;
        actors
            .iter()
            .filter(|m| m.start >= sentence_start && m.end <= at && !m.quoted)
            .rfind(|m| !m.affiliation_only || m.actor.kind != ActorKind::Person)
            .map(|m| m.actor.name.clone())
    };
    let mut alleged = Vec::new();
    let mut denied = Vec::new();
    for k in 0..main.first {
        if res.sets.deny.starts_at(tokens, k) {
            denied.extend(subject_before(k));
        } else if res.sets.allege.starts_at(tokens, k) && tokens[k].lower != "reported" {
            alleged.extend(subject_before(k));
        }
    }
    let s = if !denied.is_empty() {
        Status::Denied
    } else if !alleged.is_empty() {
        Status::Alleged
    } else {
        Status::Reported
    };
    (s, alleged, denied)
}

/// The participants of a mention: actors in the clauses of its triggers, leaving out
/// quoted names, affiliations inside titles, and — for fighting and ceasefires — people
/// who only speak about it. Casualty reports keep their sources: they are the party.
fn participants(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    kind: EventKind,
    group: &[Trigger],
    casualty_report: bool,
) -> Vec<ActorRef> {
    let tokens: &[Token] = &view.tokens[si];
    let in_sentence: Vec<&ActorMention> = view
        .actors_in(si)
        .iter()
        .filter(|m| !m.quoted && !m.affiliation_only)
        .filter(|m| {
            kind == EventKind::Talks
                || casualty_report
                || !(m.speaker && m.actor.kind == ActorKind::Person)
        })
        .filter(|m| {
            kind == EventKind::Talks
                || casualty_report
                || !m.speaker
                || m.actor.kind == ActorKind::State
        })
        .collect();
    let clause_of = |m: &ActorMention| tokens.get(token_at(tokens, m.start)).map(|t| t.clause);
    let mut picked: Vec<&ActorMention> = Vec::new();
    for t in group {
        if let Some(c) = t.compound_actor_at {
            // "a Russia-brokered ceasefire that brought ... war": the broker, then the
            // parties named after the noun.
            let compound = &tokens[c];
            picked.extend(
                in_sentence
                    .iter()
                    .filter(|m| m.start >= compound.start && m.end <= compound.end),
            );
            let clause = tokens[t.last].clause;
            picked.extend(in_sentence.iter().filter(|m| {
                m.start > tokens[t.last].end && clause_of(m).is_some_and(|c| c <= clause + 1)
            }));
            continue;
        }
        let clause = tokens[t.anchor].clause;
        let here: Vec<&&ActorMention> = in_sentence
            .iter()
            .filter(|m| clause_of(m) == Some(clause))
            .collect();
        picked.extend(here.iter().map(|m| **m));
        // "as he hosted talks": the pronoun stands for the person named before it.
        let pronoun = tokens.iter().any(|x| {
            x.clause == clause
                && matches!(x.lower.as_str(), "he" | "she" | "his" | "her")
                && x.start < tokens[t.first].start
        });
        if pronoun
            && !here
                .iter()
                .any(|m| m.actor.kind == ActorKind::Person && m.start < tokens[t.first].start)
        {
            // The nearest person before, looking back a bounded number of mentions.
            let upto = view
                .actors
                .partition_point(|m| m.start < tokens[t.first].start);
            let before = view.actors[..upto]
                .iter()
                .rev()
                .take(100)
                .find(|m| m.actor.kind == ActorKind::Person && !m.quoted);
            picked.extend(before);
        }
    }
    if picked.is_empty() && kind != EventKind::Talks {
        // Nobody in the trigger's clause ("Russia, which stopped the war"): the parties
        // named in the clause before it (its subject), else the states in the sentence.
        let clauses: Vec<usize> = group.iter().map(|t| tokens[t.anchor].clause).collect();
        let parties: Vec<&ActorMention> = in_sentence
            .iter()
            .copied()
            .filter(|m| m.actor.kind != ActorKind::Person)
            .collect();
        picked = parties
            .iter()
            .copied()
            .filter(|m| clause_of(m).is_some_and(|c| clauses.iter().any(|k| c + 1 == *k)))
            .collect();
        if picked.is_empty() {
            picked = parties
                .into_iter()
                .filter(|m| m.actor.kind == ActorKind::State)
                .collect();
        }
    }
    if kind == EventKind::Fighting && !casualty_report {
        // Fighting is between forces and states; people named around it urge, report or comment.
        picked.retain(|m| m.actor.kind != ActorKind::Person);
    }
    let mut out: Vec<ActorRef> = Vec::new();
    for m in picked {
        let actor = state_for_its_forces(&m.actor, res);
        if !out.iter().any(|a| a.slug == actor.slug) {
            out.push(actor);
        }
    }
    out
}

/// "Russian forces", "U.S. troops": the guidelines name a state's armed forces by the
/// state, as readers do. Armed bodies of entities or groups keep their own name.
fn state_for_its_forces(actor: &ActorRef, res: &Resources) -> ActorRef {
    const STATE_FORCES: &[&str] = &[
        "Armed Forces",
        "Army",
        "Military",
        "Navy",
        "Air Force",
        "Defence Forces",
        "Defense Forces",
    ];
    let state = actor
        .affiliation
        .as_deref()
        .filter(|_| actor.kind == ActorKind::ArmedGroup)
        .filter(|_| STATE_FORCES.iter().any(|w| actor.name.contains(w)))
        .and_then(|aff| res.actor_named(aff))
        .map(|i| &res.actors[i])
        .filter(|e| e.kind == ActorKind::State);
    match state {
        Some(e) => ActorRef {
            name: e.name.clone(),
            slug: e.slug.clone(),
            kind: ActorKind::State,
            role: None,
            affiliation: None,
        },
        None => actor.clone(),
    }
}

/// Where the event happened (the first place introduced as a location after the
/// trigger, else anywhere in the sentence), and the other places the sentence names.
fn event_place(
    view: &ArticleView<'_>,
    tokens: &[Token],
    si: usize,
    first: usize,
) -> (Option<PlaceRef>, Vec<PlaceRef>) {
    // Places named inside a quotation are what someone said, not where this happened.
    let clause = tokens[first].clause;
    let here: Vec<&PlaceMention> = view
        .places_in(si)
        .iter()
        .filter(|p| !view.quoted(p.start, p.end))
        .filter(|p| !where_it_was_told(tokens, token_at(tokens, p.start), clause))
        .collect();
    let at = tokens[first].start;
    let same_clause = |p: &&&PlaceMention| {
        tokens
            .get(token_at(tokens, p.start))
            .is_some_and(|t| t.clause == clause)
    };
    // The most telling place: in the trigger's clause before elsewhere, introduced as a
    // location ("in", "near", "the town of") before named in passing, after the trigger
    // before before it, and a town before the country or region around it ("in the
    // town of Buulobarde, Somalia").
    let coarse = |p: &PlaceMention| match p.place.kind.as_str() {
        "country" => 2,
        "region" | "territory" | "sea" => 1,
        _ => 0,
    };
    let place = here
        .iter()
        .filter(|p| p.locative || same_clause(p) || coarse(p) == 0)
        .min_by_key(|p| {
            (
                usize::from(!same_clause(p)) * 4
                    + usize::from(!p.locative) * 2
                    + usize::from(p.start < at)
                    + coarse(p) * 3,
                p.start.abs_diff(at),
            )
        })
        .map(|p| p.place.clone());
    let mentioned = here
        .iter()
        .map(|p| p.place.clone())
        .filter(|p| Some(p) != place.as_ref())
        .collect();
    (place, mentioned)
}

/// A place that says where the news was told, not where it happened: "In Washington,
/// the Pentagon said ...", "a broadcast monitored in Nicosia", "told reporters in Baku".
fn where_it_was_told(tokens: &[Token], at: usize, trigger_clause: usize) -> bool {
    const TELLING: &[&str] = &[
        "monitored",
        "reported",
        "speaking",
        "said",
        "told",
        "quoted",
        "reporters",
        "correspondent",
        "bureau",
        "statement",
        "conference",
        "briefing",
        "interview",
    ];
    let frame = at <= 2
        && matches!(
            tokens.first().map(|t| t.lower.as_str()),
            Some("in" | "at" | "from")
        )
        && tokens[at].clause != trigger_clause;
    let told = at >= 2 && TELLING.contains(&tokens[at - 2].lower.as_str());
    frame || told
}

fn to_casualty(f: &Figure, actors: &[ActorRef], view: &ArticleView<'_>, si: usize) -> Casualty {
    let speaker = view
        .actors_in(si)
        .iter()
        .find(|m| m.speaker && !m.quoted)
        .map(|m| m.actor.name.clone());
    let party = if f.both_sides {
        Some("both sides".to_string())
    } else {
        actors
            .iter()
            .find(|a| a.kind != ActorKind::Person)
            .map(|a| a.name.clone())
    };
    Casualty {
        party,
        group: f.group,
        killed: f.killed,
        wounded: f.wounded,
        cumulative: f.cumulative,
        reported_by: speaker,
    }
}

/// How many of the latest drafts a mention may join: mentions of one happening
/// stand close together, and a bound keeps very long texts linear.
const MERGE_WINDOW: usize = 64;

fn recent(drafts: &[(EventDraft, usize)]) -> std::slice::Iter<'_, (EventDraft, usize)> {
    drafts[drafts.len().saturating_sub(MERGE_WINDOW)..].iter()
}

/// Rule 5: mentions of one happening within an article become one draft.
fn merge_within_article(mentions: Vec<Mention>) -> Vec<EventDraft> {
    let mut drafts: Vec<(EventDraft, usize)> = Vec::new(); // (draft, sentence of last mention)
    for m in mentions {
        let target = if m.is_weak() {
            weak_target(&drafts, &m)
        } else {
            recent(&drafts)
                .rposition(|(d, _)| strong_compatible(d, &m))
                .map(|i| i + drafts.len().saturating_sub(MERGE_WINDOW))
        };
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
        d.kind == m.kind && (d.subtype != "casualty_report" || m.subtype == "casualty_report")
    };
    // A weak mention's date is borrowed (carried over or the article's), so it does
    // not tell events apart.
    let dates_fit = |d: &EventDraft| !m.another && parties_fit(&d.actors, &m.actors);
    // A reported ceasefire breach right after an attack is that attack.
    if m.kind == EventKind::Ceasefire && m.violation {
        if let Some((i, (d, s))) = drafts.iter().enumerate().next_back() {
            if d.kind == EventKind::Fighting
                && d.subtype != "casualty_report"
                && s + 1 >= m.sentence
            {
                return Some(i);
            }
        }
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

/// Whether a mention with facts of its own (a date, a place or figures) can be
/// another account of draft `d`: news tells one happening several times — the lead,
/// the toll, each side's claim, a reaction — with the date as each source gave it
/// ("said today" next to "yesterday's attack"). So a borrowed date fits any; what
/// tells happenings apart is an explicit date outside the other, a different place,
/// parties that share nobody, a different phase of a ceasefire, or a sentence that
/// announces another incident ("Separately, ...", "in another attack").
fn strong_compatible(d: &EventDraft, m: &Mention) -> bool {
    if d.kind != m.kind || m.another {
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
    let borrowed = matches!(m.date_source, DateSource::Carried | DateSource::Reference);
    let dates = borrowed
        || match (d.date, m.date) {
            (Some(a), Some(b)) => a.contains(&b) || b.contains(&a),
            _ => true,
        };
    let places = match (&d.place, &m.place) {
        (Some(a), Some(b)) => a.slug == b.slug,
        _ => true,
    };
    dates && places && parties_fit(&d.actors, &m.actors)
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
    let parties = |x: &[ActorRef]| x.iter().filter(|r| r.kind != ActorKind::Person).count();
    shared || parties(a) == 0 || parties(b) == 0
}

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
    if d.place.is_none() {
        d.place = m.place;
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
