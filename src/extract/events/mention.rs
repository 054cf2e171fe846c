//! One sentence's event mentions: its triggers bound to the nearest date expression,
//! grouped by kind and date, each group given a date, status, participants, place and
//! casualty figures (rules 3 and 4 of the module above).

use super::counted_from::{CountedSpan, Shift, counted_spans, shift_between, shifted};
use super::roles::{add_unnamed_sides, event_place, participants, status, to_casualty};
use super::triggers::{
    background, clause_range, clause_text, filtered, find_triggers,
    keep_weak_triggers_with_support, negated, planned, visits_a_party,
};
use super::{ArticleView, Mention, Trigger};
use crate::domain::{DateSource, EventDate, EventKind, Precision, Status};
use crate::extract::TimexAnnotation;
use crate::extract::casualties::{self, Figure};
use crate::extract::resources::{Resources, listed};
use crate::extract::sentences::Sentence;
use crate::extract::timex::{Tense, TimexType};
use crate::extract::tokens::{Token, token_at};
use jiff::civil::Date;
use std::collections::HashMap;
use std::ops::Range;

/// The event mentions of sentence `si`; `carried` is the latest date the text has
/// moved to, for mentions without a date of their own.
pub(super) fn sentence_mentions(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    sentence: &Sentence,
    carried: Option<&(EventDate, String)>,
) -> Vec<Mention> {
    let tokens: &[Token] = &view.tokens[si];
    if tokens.is_empty() {
        return Vec::new();
    }
    let timexes = view.timexes_in(si);
    let triggers = sentence_triggers(view, res, si, timexes);
    if triggers.is_empty() {
        return Vec::new();
    }
    let dates = DateExpressions::new(view, tokens, timexes);
    // Deeds, not counts: "45 were killed after militants attacked a village on
    // Wednesday" counts that attack's dead.
    let anchors: Vec<usize> = triggers
        .iter()
        .filter(|t| t.casualty.is_none())
        .map(|t| t.anchor)
        .collect();
    let earlier = earlier_deeds(tokens, &triggers);
    let groups = group_triggers(triggers, |t| {
        (dates.nearest(tokens, t, &anchors), earlier(t))
    });
    let mut cx = SentenceContext {
        view,
        res,
        si,
        sentence,
        tokens,
        carried,
        dates,
        clause_tenses: HashMap::new(),
        sentence_tense: event_tense(sentence.text(view.text), tokens),
        another: res.sets.another.occurs_in(tokens),
        near_war: near_war(view, res, si),
    };
    groups
        .into_iter()
        .filter_map(|(kind, (bound, earlier), group)| cx.mention(kind, bound, earlier, group))
        .collect()
}

/// The triggers of a sentence that survive rules 1 and 2, casualty figures included
/// (a figure is a fighting trigger of its own).
fn sentence_triggers(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    timexes: &[TimexAnnotation],
) -> Vec<Trigger> {
    let tokens: &[Token] = &view.tokens[si];
    let quoted = |t: &Token| view.quoted(t.start, t.end);
    let date_spans: Vec<Range<usize>> =
        timexes.iter().map(|t| t.timex.start..t.timex.end).collect();
    let figures = casualties::find(tokens, &res.sets, &date_spans);
    let mut triggers = find_triggers(view.text, tokens, res, &quoted);
    for f in figures {
        if quoted(&tokens[f.token])
            || negated(tokens, f.token, res)
            || in_a_disaster(tokens, f.token, res)
        {
            continue;
        }
        let at = f.token;
        triggers.push(Trigger {
            casualty: Some(f),
            ..Trigger::new(EventKind::Fighting, "casualty_report", at, at, at)
        });
    }
    triggers.retain(|t| t.casualty.is_some() || !filtered(tokens, t, res));
    let dated_clauses: Vec<usize> = timexes
        .iter()
        .filter(|t| {
            t.resolved
                .date
                .is_some_and(|d| d.precision != Precision::Year)
        })
        .filter_map(|t| {
            tokens
                .get(token_at(tokens, t.timex.start))
                .map(|w| w.clause)
        })
        .collect();
    triggers.retain(|t| !background(tokens, t.anchor.max(t.first), res, &dated_clauses));
    triggers.retain(|t| t.subtype != "visit" || visits_a_party(view, tokens, si, t));
    keep_weak_triggers_with_support(&mut triggers, tokens, res);
    triggers
}

/// The date and time expressions of a sentence a trigger can bind to, with the token
/// each starts at.
struct DateExpressions<'a> {
    /// Each expression with its token and whether it is a year that qualifies a noun
    /// (see `year_as_modifier`).
    at: Vec<(usize, &'a TimexAnnotation, bool)>,
    /// Durations counted from a date ("a week after"), see `counted_from`.
    spans: Vec<CountedSpan>,
}

/// The date expression a trigger is bound to (an index into `DateExpressions::at`),
/// moved by the span the sentence counts between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bound {
    at: usize,
    shift: Option<Shift>,
}

impl<'a> DateExpressions<'a> {
    fn new(view: &ArticleView<'_>, tokens: &[Token], timexes: &'a [TimexAnnotation]) -> Self {
        let at = timexes
            .iter()
            .filter(|t| matches!(t.timex.ttype, TimexType::Date | TimexType::Time))
            // A date inside a quotation dates what is said there, not the report around it.
            .filter(|t| !view.quoted(t.timex.start, t.timex.end))
            .filter(|t| !look_back_period(tokens, t))
            // A date alone in parentheses annotates the name before it ("War in Chad
            // (2005–present):", "Saddam Hussein (1937-2006)"), it dates no event.
            .filter(|t| !parenthesised_alone(view.text, t.timex.start, t.timex.end))
            .map(|t| {
                let at = token_at(tokens, t.timex.start);
                (at, t, year_as_modifier(view.text, tokens, at, t))
            })
            .collect();
        DateExpressions {
            at,
            spans: counted_spans(tokens, timexes),
        }
    }

    /// Rule 3: the expression nearest the trigger (token distance). A date on the
    /// far side of "after" or "before" with another trigger next to it dates that
    /// one: "Turkey bombs PKK sites after a bombing yesterday" leaves "bombs" undated.
    fn nearest(&self, tokens: &[Token], tr: &Trigger, anchors: &[usize]) -> Option<Bound> {
        self.at
            .iter()
            .enumerate()
            // A year that qualifies a noun dates only the trigger it qualifies:
            // "captured by Israel in the 1967 Middle East war".
            .filter(|(_, (pos, _, modifier))| !modifier || (pos + 1..=pos + 5).contains(&tr.first))
            .filter(|(_, (pos, _, _))| {
                tr.casualty.is_some()
                    || shift_between(&self.spans, tr.anchor, *pos).is_some()
                    || !dates_another_trigger(tokens, tr.anchor, *pos, anchors)
            })
            .filter(|(_, (pos, _, _))| !in_relative_clause(tokens, *pos, tr.anchor))
            .min_by_key(|(_, (pos, _, _))| {
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
                // A date in another clause ("Houthi rebels, who took control of the capital
                // three years ago, blamed ... for the airstrike") dates that clause.
                let elsewhere = tokens[*pos].clause != tokens[tr.anchor].clause;
                let d = pos.abs_diff(tr.anchor)
                    + if crosses { 6 } else { 0 }
                    + if elsewhere { 6 } else { 0 };
                // Prefer the expression after the trigger on ties ("met ... on Friday").
                (d, usize::from(*pos < tr.anchor))
            })
            .map(|(i, (pos, _, _))| Bound {
                at: i,
                shift: shift_between(&self.spans, tr.anchor, *pos),
            })
    }
}

/// Whether the date at `start..end` is all a parenthesis holds, but for the other end
/// of its span ("(2005–present)", "(1937-2006)").
fn parenthesised_alone(text: &str, start: usize, end: usize) -> bool {
    if !text[..start].trim_end().ends_with('(') {
        return false;
    }
    let Some(close) = text[end..].find(')') else {
        return false;
    };
    let rest = text[end..end + close].trim();
    let rest = rest.trim_start_matches(['-', '–', '—', ' ']);
    rest.is_empty()
        || rest.eq_ignore_ascii_case("present")
        || rest.eq_ignore_ascii_case("now")
        || (rest.len() <= 4 && rest.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the date at `pos` stands in a relative clause before the trigger at
/// `anchor`, which tells of the subject: "Houthi rebels, who took control of the
/// capital three years ago, blamed a coalition for the airstrike" does not date the
/// airstrike. A relative clause after the trigger may tell of it ("the assault, which
/// started on Tuesday").
fn in_relative_clause(tokens: &[Token], pos: usize, anchor: usize) -> bool {
    let clause = tokens[pos].clause;
    pos < anchor
        && clause != tokens[anchor].clause
        && tokens
            .iter()
            .find(|t| t.clause == clause)
            .is_some_and(|t| matches!(t.lower.as_str(), "who" | "which" | "whose"))
}

/// "the most intense fighting of the past year", "over the last two months": a period
/// longer than a month counted back from now measures against the past; it is not
/// when the event happened.
fn look_back_period(tokens: &[Token], t: &TimexAnnotation) -> bool {
    let text = t.timex.text.to_lowercase();
    let counted_back = ["the past", "the last", "past", "last"]
        .iter()
        .any(|w| text.starts_with(&format!("{w} ")));
    let mut at = token_at(tokens, t.timex.start);
    if at > 0 && tokens[at - 1].lower == "the" {
        at -= 1;
    }
    let governed = at
        .checked_sub(1)
        .is_some_and(|p| matches!(tokens[p].lower.as_str(), "of" | "over" | "in" | "during"));
    counted_back && governed && t.resolved.date.is_some_and(|d| d.days() > 31)
}

/// A bare year that qualifies the noun after it ("the 1979 peace treaty", "2015 PKK
/// rebellion") or stands in brackets names a thing, not when this event happened;
/// "in 1979 Egypt signed" has its preposition.
fn year_as_modifier(text: &str, tokens: &[Token], at: usize, t: &TimexAnnotation) -> bool {
    const PREPOSITIONS: &[&str] = &[
        "in",
        "since",
        "by",
        "of",
        "until",
        "till",
        "before",
        "after",
        "during",
        "from",
        "to",
        "early",
        "late",
        "mid",
        "throughout",
        "between",
        "and",
    ];
    let year_only = t
        .resolved
        .date
        .is_some_and(|d| d.precision == Precision::Year);
    let word = tokens.get(at);
    // "War in Chad (2005-present)": a year in brackets labels what precedes it.
    let bracketed = text[..t.timex.start].ends_with('(');
    year_only
        && (bracketed
            || word.is_some_and(|w| {
                w.end == t.timex.end && w.lower.bytes().all(|b| b.is_ascii_digit())
            }) && (at == 0 || !PREPOSITIONS.contains(&tokens[at - 1].lower.as_str()))
                && tokens
                    .get(at + 1)
                    .is_some_and(|next| text[t.timex.end..next.start].trim().is_empty()))
}

/// The tense an event is told in: the clause's, except that the present passive of a
/// digest or a headline ("eleven soldiers are killed in an attack") tells the day's
/// news, though its participle reads as past. `words` are the tokens of `clause`.
fn event_tense(clause: &str, words: &[Token]) -> Tense {
    let tense = crate::extract::clause_tense(clause);
    let has = |w: &str| words.iter().any(|t| t.lower == w);
    if tense == Tense::Past
        && (has("is") || has("are"))
        && !["was", "were", "had", "did"].iter().any(|w| has(w))
    {
        return Tense::Present;
    }
    tense
}

/// Whether a temporal connective stands between a trigger and a date, with another
/// trigger between the connective and the date: the date is that trigger's.
fn dates_another_trigger(tokens: &[Token], anchor: usize, date: usize, anchors: &[usize]) -> bool {
    let (a, b) = (anchor.min(date), anchor.max(date));
    let Some(connective) = (a + 1..b).find(|&k| {
        matches!(
            tokens[k].lower.as_str(),
            "after" | "before" | "following" | "retaliation" | "response" | "revenge"
        )
    }) else {
        return false;
    };
    let (near_date, far_date) = if date > anchor {
        (connective, date + 1)
    } else {
        (date, connective)
    };
    anchors
        .iter()
        .any(|&o| o != anchor && (near_date..far_date).contains(&o))
}

/// Whether the clause of a casualty figure names a disaster, an accident or a court
/// ("an earthquake that killed up to 1,000 people", "was accidentally hit … and three
/// sailors were injured"): those dead are not the war's. The clause before counts too
/// ("a plane crashed, killing 40").
fn in_a_disaster(tokens: &[Token], at: usize, res: &Resources) -> bool {
    let clause = tokens[at].clause;
    (0..tokens.len())
        .filter(|&k| tokens[k].clause + 1 >= clause && tokens[k].clause <= clause)
        .any(|k| {
            res.sets.disasters.starts_at(tokens, k) || res.sets.accidental.starts_at(tokens, k)
        })
}

/// Whether sentence `si` or a neighbour holds a word of war or of peace-making: talks
/// elsewhere in a war story (a trade round, a summit, arms control) are not about it.
fn near_war(view: &ArticleView<'_>, res: &Resources, si: usize) -> bool {
    let around = si.saturating_sub(1)..(si + 2).min(view.tokens.len());
    view.tokens[around]
        .iter()
        .any(|tokens| res.sets.talks_context.occurs_in(tokens))
}

/// "Turkish jets strike PKK positions following a deadly PKK attack which left 16
/// soldiers dead": the deed beyond a causal or temporal connective ("following",
/// "after", "in retaliation for") that stands right before a trigger, when a deed of
/// the same kind is told before it, is an earlier incident of its own, told by the
/// words after the connective (the token they start at). The figures beyond the
/// connective are that incident's.
fn earlier_deeds(
    tokens: &[Token],
    triggers: &[Trigger],
) -> impl Fn(&Trigger) -> Option<usize> + use<> {
    const CONNECTIVES: &[&[&str]] = &[
        &["following"],
        &["after"],
        &["in", "retaliation", "for"],
        &["in", "response", "to"],
        &["in", "revenge", "for"],
    ];
    let ends: Vec<usize> = (0..tokens.len())
        .filter_map(|k| {
            CONNECTIVES.iter().find_map(|words| {
                let last = k + words.len() - 1;
                let here = tokens.get(k..=last)?;
                here.iter()
                    .zip(*words)
                    .all(|(t, w)| t.lower == *w)
                    .then_some(last)
            })
        })
        // "repulsed the attackers after heavy gunfire": the fighting of the same
        // fight is no earlier incident; an attack, a strike or a raid is.
        .filter(|&c| {
            triggers.iter().any(|t| {
                t.casualty.is_none()
                    && t.subtype != "armed_clash"
                    && t.first > c
                    && t.first <= c + 4
            })
        })
        .collect();
    let deeds: Vec<(EventKind, usize)> = triggers
        .iter()
        .filter(|t| t.casualty.is_none())
        .map(|t| (t.kind, t.anchor))
        .collect();
    move |t: &Trigger| {
        ends.iter()
            .rev()
            .copied()
            .find(|&c| {
                t.first > c
                    && deeds.iter().any(|&(kind, anchor)| {
                        anchor < c && (kind == t.kind || t.casualty.is_some())
                    })
            })
            .map(|c| c + 1)
    }
}

/// Triggers grouped by kind and a key (the bound date expression, and whether the
/// deed is an earlier one). A ceasefire violation stated with an attack in one
/// sentence is one event (fighting).
fn group_triggers<K: PartialEq + Copy>(
    triggers: Vec<Trigger>,
    key_of: impl Fn(&Trigger) -> K,
) -> Vec<(EventKind, K, Vec<Trigger>)> {
    let has_attack = triggers
        .iter()
        .any(|t| t.kind == EventKind::Fighting && t.casualty.is_none());
    let mut groups: Vec<(EventKind, K, Vec<Trigger>)> = Vec::new();
    for tr in triggers {
        let mut kind = tr.kind;
        if kind == EventKind::Ceasefire && tr.subtype == "violated" && has_attack {
            kind = EventKind::Fighting;
        }
        let key = key_of(&tr);
        match groups.iter_mut().find(|(k, b, _)| *k == kind && *b == key) {
            Some(g) => g.2.push(tr),
            None => groups.push((kind, key, vec![tr])),
        }
    }
    groups
}

/// What every mention of one sentence shares.
struct SentenceContext<'a> {
    view: &'a ArticleView<'a>,
    res: &'a Resources,
    si: usize,
    sentence: &'a Sentence,
    tokens: &'a [Token],
    carried: Option<&'a (EventDate, String)>,
    dates: DateExpressions<'a>,
    /// The tense of each clause, computed once per sentence.
    clause_tenses: HashMap<usize, Tense>,
    sentence_tense: Tense,
    another: bool,
    /// The sentence or a neighbour speaks of war or peace-making (see `near_war`).
    near_war: bool,
}

impl SentenceContext<'_> {
    /// One group of triggers as a mention, or nothing when the group is background
    /// (a running total alone, a year-only date).
    fn mention(
        &mut self,
        kind: EventKind,
        bound: Option<Bound>,
        earlier: Option<usize>,
        mut group: Vec<Trigger>,
    ) -> Option<Mention> {
        let (view, res, si, tokens) = (self.view, self.res, self.si, self.tokens);
        if kind == EventKind::Talks && !self.near_war {
            return None;
        }
        // A running total alone ("the toll has risen to 300") is not an event.
        if group
            .iter()
            .all(|t| t.casualty.as_ref().is_some_and(|f| f.running_total))
        {
            return None;
        }
        group.sort_by_key(|t| t.first);
        let main = main_trigger(&group).clone();
        let subtype = if kind == EventKind::Fighting && main.kind == EventKind::Ceasefire {
            "attack".to_string()
        } else {
            main.subtype.clone()
        };
        let clause = tokens[main.anchor.min(tokens.len() - 1)].clause;
        let clause_tense = *self.clause_tenses.entry(clause).or_insert_with(|| {
            let words = &tokens[clause_range(tokens, main.anchor.min(tokens.len() - 1))];
            event_tense(clause_text(view.text, tokens, main.anchor), words)
        });
        let (date, date_source, date_basis) = self.date(bound, clause_tense);
        // Events known only to the year are history, not timeline entries.
        if date.is_some_and(|d| d.precision == Precision::Year) {
            return None;
        }
        let (mut status_value, alleged_by, denied_by) =
            status(tokens, &main, res, view.actors_in(si));
        if kind == EventKind::Talks
            && (clause_tense == Tense::Future || planned(tokens, main.first, res))
            && status_value == Status::Reported
        {
            status_value = Status::Planned;
        }
        let figures: Vec<&Figure> = group.iter().filter_map(|t| t.casualty.as_ref()).collect();
        if main.subtype == "war" && self.the_war_itself(&main, bound, figures.is_empty()) {
            return None;
        }
        // A toll told on its own ("the ministry said 927 troops were killed") is its
        // source's report: the source is the party. A toll of an attack named in the
        // sentence ("medics say 26 died in an airstrike") is the attack's.
        let toll_only = !figures.is_empty() && group.iter().all(|t| t.casualty.is_some());
        let mut actors = participants(view, res, si, kind, &group, toll_only);
        let (place, places_mentioned) = event_place(view, res, tokens, si, main.anchor, kind);
        if kind == EventKind::Fighting {
            add_unnamed_sides(view, res, si, clause, place.as_ref(), &mut actors);
        }
        // The state of the war is no happening (see `told_as_a_deed`).
        if kind == EventKind::Fighting
            && clause_tense == Tense::Present
            && date_source == DateSource::Reference
            && place.is_none()
            && figures.is_empty()
            && !told_as_a_deed(view, res, si, tokens, &main)
        {
            return None;
        }
        let casualties = figures
            .iter()
            .map(|f| to_casualty(f, &actors, view, si))
            .collect();
        Some(Mention {
            kind,
            subtype,
            sentence: si,
            // An earlier deed is told by the words after its connective.
            span: match earlier.and_then(|k| tokens.get(k)) {
                Some(t) => t.start..self.sentence.end,
                None => self.sentence.range(),
            },
            date,
            date_source,
            date_basis,
            status: status_value,
            alleged_by,
            denied_by,
            actors,
            place,
            places_mentioned,
            casualties,
            violation: group.iter().any(|t| t.subtype == "violated"),
            another: self.another,
            found_by: main.describe(view.text, tokens),
        })
    }

    /// Whether a mention of the war itself ("war", "violence") tells of the whole war
    /// rather than a happening: "an inquiry into who started the war, a newspaper
    /// reported on Tuesday" (the start or end of a war is dated only by a date in its
    /// own clause), and "violence in Yemen has killed more than 1,000 civilians" (a
    /// toll without one, or in the perfect, reaches back over the whole war).
    fn the_war_itself(&self, main: &Trigger, bound: Option<Bound>, no_figures: bool) -> bool {
        let tokens = self.tokens;
        let clause = tokens[main.anchor.min(tokens.len() - 1)].clause;
        let dated_here = bound.is_some_and(|b| {
            tokens
                .get(self.dates.at[b.at].0)
                .is_some_and(|t| t.clause == clause)
        });
        let perfect_after = (main.last + 1..tokens.len().min(main.last + 5))
            .take_while(|&k| tokens[k].clause == clause)
            .any(|k| self.res.sets.perfect.starts_at(tokens, k));
        // "The war, which has killed more than 100,000 people, entered its fifth year on
        // Friday": a toll in the perfect, in a relative clause right after the word, is
        // the whole war's, whatever the sentence dates (an anniversary, a milestone).
        let relative_perfect = tokens
            .get(main.last + 1)
            .is_some_and(|t| matches!(t.lower.as_str(), "which" | "that"))
            && (main.last + 2..tokens.len().min(main.last + 4))
                .any(|k| self.res.sets.perfect.starts_at(tokens, k));
        relative_perfect || ((no_figures || perfect_after) && !dated_here)
    }

    /// The date of a mention: its bound expression's, else rule 4.
    fn date(
        &self,
        bound: Option<Bound>,
        clause_tense: Tense,
    ) -> (Option<EventDate>, DateSource, String) {
        let Some((t, shift)) = bound.map(|b| (self.dates.at[b.at].1, b.shift)) else {
            return undated(
                self.view.reference,
                clause_tense,
                self.sentence_tense,
                self.carried,
                self.si == 0,
            );
        };
        if let Some((d, shift)) = t.resolved.date.zip(shift)
            && let Some(moved) = shifted(d, shift)
        {
            return (
                Some(moved),
                DateSource::Explicit,
                format!(
                    "counted from “{}” in the sentence ({}), read as {}",
                    t.timex.text,
                    t.resolved.value,
                    moved.timex_value()
                ),
            );
        }
        match t.resolved.date {
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
        }
    }
}

/// Fighting told in the present with no place and no toll ("with the fighting and
/// airstrikes continuing") is the state of the war, not a happening, unless the
/// trigger is told as a deed: a verb with its subject (a named side or an armed group)
/// just before it or before the trigger's noun ("Turkey bombs", "Islamic Front rebels
/// seize", "the Air Force launches a bombing campaign"), or after a perfect auxiliary
/// ("has carried out"), which is the news of the day in a digest's or a headline's
/// present tense. A trigger used as a noun of something else ("the fighting
/// continuing", "attacks by the militia") is not.
fn told_as_a_deed(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    tokens: &[Token],
    trigger: &Trigger,
) -> bool {
    let at = trigger.first;
    if at == 0
        || tokens
            .get(at + 1)
            .is_some_and(|t| matches!(t.lower.as_str(), "by" | "of"))
    {
        return false;
    }
    let subject_ends_at = |k: usize| {
        view.actors_in(si)
            .iter()
            .any(|m| !m.quoted && m.end == tokens[k].end)
            || (tokens[k].lower.ends_with('s')
                && listed(&res.lexicon.groups.nouns, &tokens[k].lower))
    };
    // The verb may stand before the trigger's noun: "The Israeli Air Force launches a
    // bombing campaign", "Israel carries out new strikes". A preposition on the way
    // ("word of the attack", "attacks by the militia") makes the trigger a noun of
    // something else.
    let clause = tokens[at].clause;
    for k in (at.saturating_sub(4)..at).rev() {
        let w = tokens[k].lower.as_str();
        if tokens[k].clause != clause
            || matches!(
                w,
                "of" | "by"
                    | "in"
                    | "on"
                    | "at"
                    | "from"
                    | "for"
                    | "with"
                    | "to"
                    | "after"
                    | "since"
            )
        {
            return false;
        }
        if matches!(w, "has" | "have") && k + 1 == at {
            return true;
        }
        if subject_ends_at(k) {
            return true;
        }
    }
    false
}

/// The trigger that names the event: the first that is not a casualty figure or a
/// breach, else the first that is not a figure, else the first.
fn main_trigger(group: &[Trigger]) -> &Trigger {
    group
        .iter()
        .find(|t| t.casualty.is_none() && !matches!(t.subtype.as_str(), "violated" | "collapsed"))
        .or_else(|| group.iter().find(|t| t.casualty.is_none()))
        .unwrap_or(&group[0])
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
