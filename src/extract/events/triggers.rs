//! Trigger words and the context that cancels them (rules 1 and 2): ceasefire nouns
//! with their predicates, talks and fighting words, appeals, purposes, modals,
//! negations, background (habits, look-backs, perfects) and weak words that need
//! support.

use super::{ArticleView, Trigger};
use crate::domain::EventKind;
use crate::extract::resources::{Resources, listed};
use crate::extract::tokens::Token;
use std::ops::Range;

pub(super) fn clause_text<'a>(text: &'a str, tokens: &[Token], at: usize) -> &'a str {
    let words = clause_range(tokens, at.min(tokens.len() - 1));
    &text[tokens[words.start].start..tokens[words.end - 1].end]
}

/// The tokens of the clause that token `at` belongs to: a clause's words stand
/// together (see `tokens::tokenize`).
pub(super) fn clause_range(tokens: &[Token], at: usize) -> Range<usize> {
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

pub(super) fn find_triggers(
    text: &str,
    tokens: &[Token],
    res: &Resources,
    quoted: &dyn Fn(&Token) -> bool,
) -> Vec<Trigger> {
    let sets = &res.sets;
    let mut out: Vec<Trigger> = Vec::new();
    let mut taken = vec![false; tokens.len()];
    let talks_exception = sets.talks_exceptions.coverage(tokens);
    let fighting_exception = sets.fighting_exceptions.coverage(tokens);
    let title_case = tokens
        .iter()
        .all(|t| !text[t.start..].starts_with(char::is_lowercase));
    for i in 0..tokens.len() {
        if taken[i] || quoted(&tokens[i]) {
            continue;
        }
        // "Royal Dutch/Shell", "Battle Creek": a trigger word capitalised inside a
        // sentence is part of a name (a headline in title case excepted).
        // Wire copy capitalises after an abbreviation ("the U.S. Attack"): that is
        // no name. A truce keeps its capitals in diplomatic prose ("a 72-hour
        // Cessation of Hostilities agreed upon by all parties") and still needs its
        // predicate.
        let in_a_name = i > 0
            && !title_case
            && capitalised(&text[tokens[i].start..tokens[i].end])
            && !text[..tokens[i].start].trim_end().ends_with('.');
        // "the Lusaka Protocol was signed", "the Dayton Accords": an accord named
        // after a place or a party is a peace agreement, a ceasefire noun.
        let named_accord = in_a_name
            && listed(&res.lexicon.ceasefire.named_accords, &tokens[i].lower)
            && capitalised(&text[tokens[i - 1].start..tokens[i - 1].end]);
        let ceasefire = ceasefire_triggers_at(tokens, i, res, named_accord);
        if in_a_name && ceasefire.is_none() {
            continue;
        }
        // A ceasefire noun claims its words even without a predicate: "an offer of a
        // cessation of hostilities" names no fighting.
        if let Some((last, _)) = &ceasefire {
            taken[i..=*last].fill(true);
        }
        let found = ceasefire.map(|(_, triggers)| triggers).or_else(|| {
            let talks = sets
                .talks
                .longest_at(tokens, i)
                .filter(|_| !talks_exception[i]);
            let fighting = sets
                .fighting
                .longest_at(tokens, i)
                .filter(|_| !fighting_exception[i]);
            let (kind, (n, subtype)) = match (talks, fighting) {
                (Some(t), Some(f)) if f.0 > t.0 => (EventKind::Fighting, f),
                (Some(t), _) => (EventKind::Talks, t),
                (None, Some(f)) => (EventKind::Fighting, f),
                (None, None) => return None,
            };
            Some(vec![Trigger::new(kind, subtype, i, i + n - 1, i)])
        });
        for trigger in found.into_iter().flatten() {
            taken[trigger.first..=trigger.last].fill(true);
            out.push(trigger);
        }
    }
    out
}

/// "Shell", not "SHELL" or "shell".
fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// The ceasefire triggers starting at token `i`: a verb phrase that states one by
/// itself ("ordered them to hold fire"), or a ceasefire noun with each of its
/// predicates ("agreed on in Moscow on October 10 and reaffirmed in Paris on October
/// 17" reports two ceasefire events). Also gives the last token of the phrase or noun.
fn ceasefire_triggers_at(
    tokens: &[Token],
    i: usize,
    res: &Resources,
    named_accord: bool,
) -> Option<(usize, Vec<Trigger>)> {
    let sets = &res.sets;
    if let Some((n, subtype)) = sets.ceasefire_phrases.longest_at(tokens, i) {
        let trigger = Trigger::new(EventKind::Ceasefire, subtype, i, i + n - 1, i);
        return Some((i + n - 1, vec![trigger]));
    }
    let n = match sets.ceasefire_nouns.longest_at(tokens, i) {
        Some((n, _)) => n,
        None if named_accord => 1,
        None => return None,
    };
    let last = i + n - 1;
    let triggers = ceasefire_predicates(tokens, i, last, res)
        .into_iter()
        .map(|(subtype, at, compound)| Trigger {
            compound_actor_at: compound.then_some(at),
            ..Trigger::new(
                EventKind::Ceasefire,
                &subtype,
                i,
                last,
                if at > last { at } else { i },
            )
        })
        .collect();
    Some((last, triggers))
}

/// The predicates that make a ceasefire noun an event: (subtype, token, compound).
fn ceasefire_predicates(
    tokens: &[Token],
    first: usize,
    last: usize,
    res: &Resources,
) -> Vec<(String, usize, bool)> {
    let sets = &res.sets;
    // "efforts to get the factions to agree to a cease-fire": an infinitive is a
    // purpose, unless a commitment governs it ("agreed to sign a ceasefire").
    let infinitive = |k: usize| {
        k > 0
            && tokens[k - 1].lower == "to"
            && !(k > 1 && sets.commitments.starts_at(tokens, k - 2))
    };
    let matching = |k: usize| {
        sets.ceasefire_predicates
            .longest_at(tokens, k)
            .filter(|_| !infinitive(k))
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
        // "an inquiry into who started the war": a clause about a person says nothing
        // of the ceasefire.
        if tokens[k].clause > clause + 3
            || sets.ceasefire_nouns.starts_at(tokens, k)
            || matches!(tokens[k].lower.as_str(), "who" | "whom" | "whose")
            // "the proposed cease-fire for the holiday, which begins Sunday": a
            // relative clause after another noun tells of that noun.
            || (tokens[k].lower == "which" && k - 1 != last)
        {
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
pub(super) fn filtered(tokens: &[Token], t: &Trigger, res: &Resources) -> bool {
    let sets = &res.sets;
    // A ceasefire asserted by a following predicate is judged at the predicate.
    let at = if t.anchor > t.last { t.anchor } else { t.first };
    let clause = tokens[at].clause;
    let mut k = at;
    let mut steps = 0;
    // "have agreed to implement a ceasefire", "signed on to respect the truce": what
    // the parties committed to is an agreement, not an appeal.
    let committed = |k: usize| {
        (k.saturating_sub(6)..k)
            .any(|j| tokens[j].clause == clause && sets.commitments.starts_at(tokens, j))
    };
    while k > 0 && steps < 7 {
        // "an agreement to end the conflict at talks": the "to end" of a truce's own
        // name appeals for nothing.
        if (sets.appeal.ends_at(tokens, k) && !committed(k) && !sets.ceasefire_nouns.ends_at(tokens, k))
            || (steps < 5
                && sets.modal.ends_at(tokens, k)
                && !commitment_reported(tokens, k - 1, t, res))
            // "Turkey threatened on Friday to launch a new offensive": a threat governs
            // its infinitive across a date ("warned that rebels had shelled" is news).
            || (sets.intent.ends_at(tokens, k) && tokens[k..at].iter().any(|w| w.lower == "to"))
            || (steps < 3 && t.kind == EventKind::Fighting && sets.stopping.ends_at(tokens, k))
            || (steps < 3
                && t.kind == EventKind::Fighting
                && sets.future_fighting.ends_at(tokens, k))
            // "protect the tankers from Iranian attack", "the threat from attacks by
            // Iran": what is guarded against, not what happened.
            || (steps < 3 && t.kind == EventKind::Fighting && guarded_against(tokens, k, res))
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
    negated(tokens, at, res) || (t.kind == EventKind::Fighting && accidental(tokens, at, res))
}

/// Whether the modal at token `m` reports a truce as a commitment rather than a
/// hypothesis: "the army said on Friday it would stop offensive operations", "both
/// sides agreed they would halt hostilities" (`[context] committing_*`). The subject
/// must be a pronoun right before the modal, so that "officials said the truce would
/// collapse" stays a prediction; a condition in the trigger's clause ("if the rebels
/// withdrew") keeps it hypothetical. Fighting after a modal is a threat, always.
fn commitment_reported(tokens: &[Token], m: usize, t: &Trigger, res: &Resources) -> bool {
    let c = &res.lexicon.context;
    if t.kind != EventKind::Ceasefire
        || m == 0
        || !listed(&c.committing_modals, &tokens[m].lower)
        || !listed(&c.committing_subjects, &tokens[m - 1].lower)
    {
        return false;
    }
    let said = (m.saturating_sub(6)..m - 1).any(|k| listed(&c.committing_verbs, &tokens[k].lower));
    let Range { start: _, end } = clause_range(tokens, t.last);
    let conditional = (t.last + 1..end).any(|k| res.sets.conditions.starts_at(tokens, k));
    said && !conditional
}

/// Whether the clause of a fight says it was an accident (`[context] accidental`).
fn accidental(tokens: &[Token], at: usize, res: &Resources) -> bool {
    let Range { start, end } = clause_range(tokens, at);
    (start..end).any(|k| res.sets.accidental.starts_at(tokens, k))
}

/// Whether the words just before token `k` are "from" after a word of protection
/// or threat in the same clause (`[context] guarding`): "to protect 11 tankers from
/// Iranian attack", "the threat to oil routes from attacks by Iran".
fn guarded_against(tokens: &[Token], k: usize, res: &Resources) -> bool {
    let Some(from) = k.checked_sub(1).filter(|&f| tokens[f].lower == "from") else {
        return false;
    };
    let clause = tokens[from].clause;
    (from.saturating_sub(8)..from)
        .any(|j| tokens[j].clause == clause && res.sets.guarding.starts_at(tokens, j))
}

/// A visit is talks when what is visited is a party: a state, its capital, a person
/// or an organisation named within a few words after the verb.
pub(super) fn visits_a_party(
    view: &ArticleView<'_>,
    tokens: &[Token],
    si: usize,
    t: &Trigger,
) -> bool {
    let from = tokens[t.last].end;
    let to = tokens.get(t.last + 5).map_or(usize::MAX, |x| x.end);
    // "a weekend visit by President Aquino" names who visits, not whom.
    let by_visitor = |start: usize| {
        let k = tokens.partition_point(|x| x.start < start);
        k > 0 && tokens[k - 1].lower == "by"
    };
    view.actors_in(si)
        .iter()
        .any(|m| !m.quoted && m.start >= from && m.start <= to && !by_visitor(m.start))
}

/// Background rather than a dated happening: a habit in the trigger's clause ("dozens
/// die each day", "have clashed repeatedly"), a look back governing the trigger ("since
/// the siege began"), or a perfect reaching back from now ("have fought since 1994").
/// `dated_clauses` are the clauses holding a date of a day or a month: "since the
/// fighting resumed on August 24" looks back to a happening the text dates.
pub(super) fn background(
    tokens: &[Token],
    at: usize,
    res: &Resources,
    dated_clauses: &[usize],
) -> bool {
    let sets = &res.sets;
    let Range { start: lo, end: hi } = clause_range(tokens, at);
    if (lo..hi).any(|k| habitual_at(tokens, k, res)) {
        return true;
    }
    if dated_clauses.contains(&tokens[at].clause) {
        return false;
    }
    if (at.saturating_sub(8).max(lo)..at).any(|k| sets.since.starts_at(tokens, k)) {
        return true;
    }
    let perfect = (at.saturating_sub(3).max(lo)..at).any(|k| sets.perfect.starts_at(tokens, k));
    perfect && (at + 1..hi).any(|k| sets.since.starts_at(tokens, k))
}

/// A habit at token `k` (`[background] habitual`). "A week" and its kin are a rate
/// only after what is counted ("30 deaths a day", "twice a week"), not as a length of
/// time ("a week after it was signed", "for a month", "more than a year ago").
fn habitual_at(tokens: &[Token], k: usize, res: &Resources) -> bool {
    let Some((n, _)) = res.sets.habitual.longest_at(tokens, k) else {
        return false;
    };
    if tokens[k].lower != "a" || n != 2 {
        return true;
    }
    let length_after = tokens.get(k + 2).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "after" | "before" | "later" | "earlier" | "ago" | "long" | "into" | "of" | "and"
        )
    });
    let length_before = k.checked_sub(1).is_some_and(|p| {
        matches!(
            tokens[p].lower.as_str(),
            "for"
                | "within"
                | "in"
                | "than"
                | "about"
                | "nearly"
                | "almost"
                | "over"
                | "under"
                | "after"
                | "only"
                | "just"
                | "barely"
                | "some"
                | "around"
                | "least"
                | "to"
        )
    });
    !(length_after || length_before)
}

pub(super) fn negated(tokens: &[Token], at: usize, res: &Resources) -> bool {
    let clause = tokens[at].clause;
    (at.saturating_sub(6)..at).any(|k| {
        tokens[k].clause == clause
            && res.sets.negation.starts_at(tokens, k)
            && !res.sets.not_negation.starts_at(tokens, k)
    })
}

pub(super) fn planned(tokens: &[Token], at: usize, res: &Resources) -> bool {
    (at.saturating_sub(6)..at).any(|k| res.sets.planned.starts_at(tokens, k))
}

/// "War" and "violence" report an event only with a start/end verb or a casualty
/// figure close by.
pub(super) fn keep_weak_triggers_with_support(
    triggers: &mut Vec<Trigger>,
    tokens: &[Token],
    res: &Resources,
) {
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

#[cfg(test)]
mod tests {
    use crate::domain::EventKind;
    use crate::extract::{ArticleText, Resources, extract};
    use jiff::civil::date;
    use std::sync::LazyLock;

    static RESOURCES: LazyLock<Resources> =
        LazyLock::new(|| Resources::embedded().expect("the embedded gazetteer loads"));

    /// The kinds of the events of a short war report with one extra sentence.
    fn kinds(sentence: &str) -> Vec<EventKind> {
        let text =
            format!("The war between the two armies goes on; troops are at the front. {sentence}");
        let article = ArticleText {
            title: None,
            text: &text,
            published: Some(date(2020, 10, 24)),
        };
        extract(article, &RESOURCES, None)
            .events
            .iter()
            .map(|e| e.kind)
            .collect()
    }

    #[test]
    fn appeals_threats_and_background_are_not_events() {
        for sentence in [
            "The United Nations urged Armenia and Azerbaijan to respect the ceasefire.",
            "Azerbaijan vowed to retaliate against Armenia.",
            "Armenia and Azerbaijan have clashed repeatedly for years.",
            "Azerbaijan would attack Armenia if talks failed.",
            "Azerbaijan threatened on Friday to launch a new offensive against Armenia.",
        ] {
            assert_eq!(kinds(sentence), [], "{sentence}");
        }
    }

    #[test]
    fn guarded_against_foretold_accidental_and_named_fights_are_not_events() {
        for sentence in [
            "The United States will protect the tankers from Iranian attack.",
            "Azerbaijan will attack Armenian positions, the minister said.",
            "A navy ship was accidentally hit by artillery shells on Friday.",
            "An earthquake killed 1,000 people in the region on Friday.",
            "Royal Dutch/Shell said on Friday its profits rose.",
            "Thousands of farmers battled with police during a march on Friday.",
        ] {
            assert_eq!(kinds(sentence), [], "{sentence}");
        }
        // Wire copy capitalises after an abbreviation: still a fight.
        assert_eq!(
            kinds("The U.S. Attack on the platform on Friday killed two Azerbaijani soldiers."),
            [EventKind::Fighting]
        );
    }

    #[test]
    fn a_truce_reported_as_a_commitment_is_an_event() {
        for sentence in [
            "The army said on Friday it would stop offensive operations from midnight.",
            "Both sides agreed on Friday they would halt hostilities for thirty days.",
            "The two sides reached an understanding on Friday to halt hostilities.",
        ] {
            assert_eq!(kinds(sentence), [EventKind::Ceasefire], "{sentence}");
        }
        // A prediction, a condition, an appeal and a threat are not.
        for sentence in [
            "Officials said on Friday the truce would collapse within days.",
            "The rebels said on Friday they would hold fire if the troops withdrew.",
            "The United Nations called on both sides on Friday to halt hostilities.",
            "Rebel commanders warned on Friday they could resume fighting.",
        ] {
            assert_eq!(kinds(sentence), [], "{sentence}");
        }
    }

    #[test]
    fn paraphrases_and_split_spellings_are_found() {
        assert_eq!(
            kinds("Armenia and Azerbaijan agreed to a cease fire on Friday."),
            [EventKind::Ceasefire]
        );
        assert_eq!(
            kinds("Azerbaijan ordered its troops to hold fire on Friday."),
            [EventKind::Ceasefire]
        );
        assert_eq!(
            kinds("Armenian forces recaptured the town of Hadrut from Azerbaijan on Friday."),
            [EventKind::Fighting]
        );
        for sentence in [
            "Azerbaijani artillery pounded Armenian positions on Friday.",
            "Armenian troops were pushed out of the village by Azerbaijan on Friday.",
            "Azerbaijani forces retook control of the hill on Friday.",
        ] {
            assert_eq!(kinds(sentence), [EventKind::Fighting], "{sentence}");
        }
    }
}
