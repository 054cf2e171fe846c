//! Who and where for one mention: its status (reported, alleged, denied, with who
//! says so), its participants (actors in the trigger's clause, or an armed group the
//! text names only by its noun), the place it happened and its casualty figures.

use super::{ArticleView, Trigger};
use crate::domain::{ActorKind, ActorRef, Casualty, EventKind, PlaceRef, Status};
use crate::extract::actors::{ActorMention, PlaceMention};
use crate::extract::casualties::Figure;
use crate::extract::resources::{ActorEntry, Resources, listed};
use crate::extract::tokens::{Token, token_at};

/// Status (reported / alleged / denied) with who alleges and who denies.
pub(super) fn status(
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
pub(super) fn participants(
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
        // A speaker is a participant of talks and of the casualty report they give;
        // of fighting or a ceasefire only as a state or an armed force ("Azerbaijan
        // said it shelled", "The Egyptian Armed Forces claim that an offensive ...").
        .filter(|m| {
            kind == EventKind::Talks
                || casualty_report
                || !m.speaker
                || matches!(m.actor.kind, ActorKind::State | ActorKind::ArmedGroup)
        })
        // "held talks by phone about the Syrian conflict": what talks were about
        // takes no part in them.
        .filter(|m| {
            kind != EventKind::Talks || !discussed_at(res, tokens, token_at(tokens, m.start))
        })
        .collect();
    let clause_of = |m: &ActorMention| tokens.get(token_at(tokens, m.start)).map(|t| t.clause);
    let mut picked: Vec<&ActorMention> = Vec::new();
    for t in group {
        if let Some(c) = t.compound_actor_at {
            // "a Russia-brokered ceasefire that brought ... war": the broker, then the
            // parties named after the noun; "Israel and Hamas have decided to give an
            // Egyptian-mediated ceasefire a chance": the states and groups its clause
            // names first (leaders there accuse or comment).
            let compound = &tokens[c];
            picked.extend(in_sentence.iter().filter(|m| {
                m.end <= compound.start
                    && clause_of(m) == Some(compound.clause)
                    && m.actor.kind != ActorKind::Person
            }));
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
        picked.extend(pronoun_antecedent(view, tokens, t, &here));
        // The name before "who" joins those the clause names ("Zelenskyy, who spoke
        // with Biden"); alone, it would make a meeting of one side.
        if !here.is_empty() {
            picked.extend(relative_antecedent(tokens, clause, &in_sentence));
        }
    }
    if picked.is_empty() {
        picked = if kind == EventKind::Talks {
            // "The U.S. and Ukraine announce ... after talks in Jeddah": talks that a
            // preposition hangs from the clause before were held by its subject,
            // people too. A talks word as a clause's own verb or object ("who
            // presided over a meeting") has its participants in that clause.
            if group.iter().any(|t| after_a_preposition(tokens, t.first)) {
                nearest_clause_before(tokens, group, &in_sentence)
            } else {
                Vec::new()
            }
        } else {
            parties_around(tokens, group, &in_sentence)
        };
    }
    if kind == EventKind::Fighting && !casualty_report {
        // Fighting is between forces and states; people named around it urge, report or comment.
        picked.retain(|m| m.actor.kind != ActorKind::Person);
    }
    let mut out: Vec<ActorRef> = Vec::new();
    for m in picked {
        let written = &view.text[m.start..m.end];
        let actor = state_for_its_forces(&m.actor, written, res);
        if !out.iter().any(|a| a.slug == actor.slug) {
            out.push(actor);
        }
    }
    out
}

/// The sides of a fight the text names by no name: an armed group named by its noun,
/// where no party is named (otherwise the noun is most often that party), and a
/// state's forces, where no state takes part yet.
pub(super) fn add_unnamed_sides(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    clause: usize,
    place: Option<&PlaceRef>,
    actors: &mut Vec<ActorRef>,
) {
    if actors.iter().all(|a| a.kind == ActorKind::Person)
        && let Some(g) = unnamed_group(view, res, si, clause, place)
        && !actors.iter().any(|a| a.slug == g.slug)
    {
        actors.push(g);
    }
    if !actors
        .iter()
        .any(|a| a.kind == ActorKind::State || a.affiliation.is_some())
        && let Some(s) = state_forces(view, res, si, clause, place)
    {
        actors.push(s);
    }
}

/// "rebels shell a neighbourhood in western Aleppo": an armed group named only by a
/// noun in the trigger's clause, which no name qualifies, is labelled as readers
/// and the guidelines do, by the country where the fighting is ("Syrian rebels"),
/// or by the noun alone where no country is on record ("gunmen").
fn unnamed_group(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    clause: usize,
    place: Option<&PlaceRef>,
) -> Option<ActorRef> {
    let tokens: &[Token] = &view.tokens[si];
    let named = |t: &Token| {
        view.actors_in(si)
            .iter()
            .any(|m| m.start <= t.start && t.end <= m.end)
    };
    let noun = tokens.iter().enumerate().find(|&(k, t)| {
        t.clause == clause
            && listed(&res.lexicon.groups.nouns, &t.lower)
            // Plural: a singular "rebel" qualifies a noun ("rebel positions").
            && (t.lower.ends_with('s') || t.lower.ends_with("men"))
            && !named(t)
            && !view.quoted(t.start, t.end)
            // "Chechen rebels": a name before the noun says who; "the militants",
            // "their fighters" point back to a group named before.
            && k.checked_sub(1).is_none_or(|p| {
                !view.text[tokens[p].start..].starts_with(char::is_uppercase)
                    && !matches!(tokens[p].lower.as_str(), "the" | "its" | "their" | "these" | "those")
            })
    })?;
    let adjective = place
        .and_then(|p| p.country.as_deref())
        .filter(|c| on_record(view, res, place, c))
        .and_then(|c| res.actor_named(c))
        .and_then(|i| res.actors[i].adjective.as_deref());
    let noun = &noun.1.lower;
    Some(ActorRef::described_group(match adjective {
        Some(adjective) => format!("{adjective} {noun}"),
        None => noun.clone(),
    }))
}

/// "government troops shelled rebel positions near Idlib", "forces loyal to President
/// Bashar al-Assad": a state's forces the clause names by no name of their own
/// (`[groups] state_forces`) are the state, as the guidelines write a state's forces:
/// the state of the leader they are loyal to, else the country of the fighting. A
/// name or an adjective before them ("Somali government soldiers") names them already.
fn state_forces(
    view: &ArticleView<'_>,
    res: &Resources,
    si: usize,
    clause: usize,
    place: Option<&PlaceRef>,
) -> Option<ActorRef> {
    let tokens: &[Token] = &view.tokens[si];
    let (k, n) = (0..tokens.len()).find_map(|k| {
        let (n, _) = res.sets.state_forces.longest_at(tokens, k)?;
        let unqualified = k.checked_sub(1).is_none_or(|p| {
            !view.text[tokens[p].start..].starts_with(char::is_uppercase)
                && !matches!(tokens[p].lower.as_str(), "its" | "their" | "his" | "her")
        });
        (tokens[k].clause == clause && unqualified && !view.quoted(tokens[k].start, tokens[k].end))
            .then_some((k, n))
    })?;
    let phrase_end = tokens[k + n - 1].end;
    let loyal_to = tokens[k + n - 1].lower == "to";
    let leader_state = view
        .actors_in(si)
        .iter()
        .filter(|m| loyal_to && m.start >= phrase_end && m.actor.kind == ActorKind::Person)
        .min_by_key(|m| m.start)
        .and_then(|m| m.actor.affiliation.clone());
    let state = leader_state.or_else(|| {
        place?
            .country
            .clone()
            .filter(|c| on_record(view, res, place, c))
    })?;
    let e = &res.actors[res.actor_named(&state)?];
    (e.kind == ActorKind::State).then(|| the_state(e))
}

/// Whether `country`, the country of `place`, may name a fight's unnamed sides: the
/// place is a country, a capital or a city of 100,000 people or more, or the article
/// names the country otherwise (as an actor, an affiliation or the country of another
/// place). A small town the text names alone ("out of Banki") may share its spelling
/// with one in a far country, and its rebels are not that country's unless the story
/// speaks of it.
fn on_record(
    view: &ArticleView<'_>,
    res: &Resources,
    place: Option<&PlaceRef>,
    country: &str,
) -> bool {
    const LARGE: u64 = 100_000;
    let here = place.map(|p| p.slug.as_str());
    let large = place
        .and_then(|p| res.place_named(&p.name))
        .is_some_and(|i| res.places[i].population.is_none_or(|n| n >= LARGE));
    large
        || place.is_some_and(|p| p.kind == "country" || p.kind == "capital")
        || view
            .actors
            .iter()
            .any(|m| m.actor.name == country || m.actor.affiliation.as_deref() == Some(country))
        || view.places.iter().any(|m| {
            Some(m.place.slug.as_str()) != here && m.place.country.as_deref() == Some(country)
        })
}

/// A state as an event's party: its name alone, no role or affiliation.
fn the_state(e: &ActorEntry) -> ActorRef {
    ActorRef {
        name: e.name.clone(),
        slug: e.slug.clone(),
        kind: ActorKind::State,
        role: None,
        affiliation: None,
    }
}

/// "Zelenskyy, who also spoke by phone with U.S. President Joe Biden": the subject of
/// a relative clause is the name it follows.
fn relative_antecedent<'a>(
    tokens: &[Token],
    clause: usize,
    in_sentence: &[&'a ActorMention],
) -> Option<&'a ActorMention> {
    let first = tokens.iter().position(|t| t.clause == clause)?;
    if !matches!(tokens[first].lower.as_str(), "who" | "which") {
        return None;
    }
    let before = &tokens[first.checked_sub(1)?];
    in_sentence
        .iter()
        .copied()
        .find(|m| m.start <= before.start && before.end <= m.end)
}

/// "as he hosted talks": the pronoun stands for the person named before it, looking
/// back a bounded number of mentions, unless the clause names a person before the
/// trigger already.
fn pronoun_antecedent<'a>(
    view: &'a ArticleView<'_>,
    tokens: &[Token],
    t: &Trigger,
    here: &[&&ActorMention],
) -> Option<&'a ActorMention> {
    let clause = tokens[t.anchor].clause;
    let before_trigger = tokens[t.first].start;
    let pronoun = tokens.iter().any(|x| {
        x.clause == clause
            && matches!(x.lower.as_str(), "he" | "she" | "his" | "her")
            && x.start < before_trigger
    });
    let named = here
        .iter()
        .any(|m| m.actor.kind == ActorKind::Person && m.start < before_trigger);
    if !pronoun || named {
        return None;
    }
    let upto = view.actors.partition_point(|m| m.start < before_trigger);
    view.actors[..upto]
        .iter()
        .rev()
        .take(100)
        .find(|m| m.actor.kind == ActorKind::Person && !m.quoted)
}

/// Nobody in the trigger's clause ("Russia, which stopped the war"): the parties named
/// in the nearest clause before it that names any (its subject), else the states in
/// the sentence.
fn parties_around<'a>(
    tokens: &[Token],
    group: &[Trigger],
    in_sentence: &[&'a ActorMention],
) -> Vec<&'a ActorMention> {
    let parties: Vec<&ActorMention> = in_sentence
        .iter()
        .copied()
        .filter(|m| m.actor.kind != ActorKind::Person)
        .collect();
    // "Maoist insurgents in Nepal, responding to a demand by the prime minister,
    // announce a truce" skips the participle's clause back to its subject.
    let subject = nearest_clause_before(tokens, group, &parties);
    if !subject.is_empty() {
        return subject;
    }
    parties
        .into_iter()
        .filter(|m| m.actor.kind == ActorKind::State)
        .collect()
}

/// "after talks", "at the talks", "following two days of negotiations": a talks word
/// a preposition ties to what came before.
fn after_a_preposition(tokens: &[Token], first: usize) -> bool {
    const TIES: &[&str] = &["after", "at", "following", "during", "in", "before", "from"];
    (first.saturating_sub(6)..first)
        .rev()
        .take_while(|&k| tokens[k].clause == tokens[first].clause)
        .any(|k| TIES.contains(&tokens[k].lower.as_str()))
}

/// The actors of `candidates` named in the nearest clause before the triggers' that
/// names any; none when no earlier clause does.
fn nearest_clause_before<'a>(
    tokens: &[Token],
    group: &[Trigger],
    candidates: &[&'a ActorMention],
) -> Vec<&'a ActorMention> {
    let clause_of = |m: &ActorMention| tokens.get(token_at(tokens, m.start)).map(|t| t.clause);
    let clauses: Vec<usize> = group.iter().map(|t| tokens[t.anchor].clause).collect();
    for back in 1..=clauses.iter().copied().min().unwrap_or(0) {
        let named: Vec<&ActorMention> = candidates
            .iter()
            .copied()
            .filter(|m| clause_of(m).is_some_and(|c| clauses.iter().any(|k| c + back == *k)))
            .collect();
        if !named.is_empty() {
            return named;
        }
    }
    Vec::new()
}

/// "Russian forces", "U.S. troops": the guidelines name a state's armed forces by the
/// state, as readers do. Armed bodies of entities or groups keep their own name.
fn state_for_its_forces(actor: &ActorRef, written: &str, res: &Resources) -> ActorRef {
    // A force the text names by its own name ("the Somali National Army", "SAF") keeps
    // it: the guidelines write organisations under their canonical names.
    if written
        .split_whitespace()
        .all(|w| w.starts_with(|c: char| c.is_uppercase()))
    {
        return actor.clone();
    }
    const STATE_FORCES: &[&str] = &[
        "Armed Forces",
        "Army",
        "Military",
        "Navy",
        "Air Force",
        "Defence Force",
        "Defense Force",
    ];
    let state = actor
        .affiliation
        .as_deref()
        .filter(|_| actor.kind == ActorKind::ArmedGroup)
        .filter(|_| STATE_FORCES.iter().any(|w| actor.name.contains(w)))
        .and_then(|aff| res.actor_named(aff))
        .map(|i| &res.actors[i])
        .filter(|e| e.kind == ActorKind::State);
    state.map_or_else(|| actor.clone(), the_state)
}

/// Where the event happened (the first place introduced as a location after the
/// trigger, else anywhere in the sentence), and the other places the sentence names.
pub(super) fn event_place(
    view: &ArticleView<'_>,
    res: &Resources,
    tokens: &[Token],
    si: usize,
    first: usize,
    kind: EventKind,
) -> (Option<PlaceRef>, Vec<PlaceRef>) {
    // Places named inside a quotation are what someone said, not where this happened.
    let clause = tokens[first].clause;
    let here: Vec<&PlaceMention> = view
        .places_in(si)
        .iter()
        .filter(|p| !view.quoted(p.start, p.end))
        .filter(|p| !where_it_was_told(res, tokens, p, clause))
        .filter(|p| kind != EventKind::Talks || !what_was_discussed(res, tokens, p))
        .collect();
    let at = tokens[first].start;
    // "killed by airstrikes in Gaza, including in Deir al-Balah": the places after
    // "including" say where in the place before, as if in the trigger's clause.
    let including = |p: &PlaceMention| {
        let before = view.text[..p.start].trim_end();
        let before = before.strip_suffix(" in").unwrap_or(before);
        before.ends_with(" including")
    };
    let same_clause = |p: &&&PlaceMention| {
        including(p)
            || tokens
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
    // "the village of Azaya Kura in the Mafa area": the place after "in" only says
    // where the one before it lies.
    let holds_the_previous = |p: &PlaceMention| {
        here.iter().any(|q| {
            q.end < p.start
                && matches!(
                    view.text[q.end..p.start].trim().to_lowercase().as_str(),
                    "in" | "in the"
                )
        })
    };
    // "north of Baghdad": the landmark a place is measured from is not the place.
    let measured_from = |p: &PlaceMention| {
        let k = token_at(tokens, p.start);
        k >= 2
            && tokens[k - 1].lower == "of"
            && listed(&res.lexicon.names.bearings, &tokens[k - 2].lower)
    };
    let place = here
        .iter()
        .filter(|p| !measured_from(p))
        .filter(|p| p.locative || same_clause(p) || coarse(p) == 0)
        .min_by_key(|p| {
            (
                usize::from(!same_clause(p)) * 4
                    + usize::from(!p.locative) * 2
                    + usize::from(p.start < at)
                    + (coarse(p) + usize::from(holds_the_previous(p))) * 3,
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

/// A place talks were about, not where they were held: "phoned the prime minister on
/// Thursday to discuss the fighting in Kassala".
fn what_was_discussed(res: &Resources, tokens: &[Token], p: &PlaceMention) -> bool {
    discussed_at(res, tokens, token_at(tokens, p.start))
}

/// Whether the name at token `at` is what talks were about: a word of `discussed` at
/// most six words before it, in its clause ("to discuss the fighting in Kassala",
/// "talks about the Syrian conflict"). Whom one discussed with is no topic ("discussed
/// with Mnatsakanian and Bayramov").
fn discussed_at(res: &Resources, tokens: &[Token], at: usize) -> bool {
    let Some(clause) = tokens.get(at).map(|t| t.clause) else {
        return false;
    };
    let Some(k) = (at.saturating_sub(6)..at).rev().find(|&k| {
        tokens[k].clause == clause && listed(&res.lexicon.names.discussed, &tokens[k].lower)
    }) else {
        return false;
    };
    !tokens[k + 1..at]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "with" | "between" | "by"))
}

/// A place that says where the news was told, not where it happened: "In Washington,
/// the Pentagon said ...", "a broadcast monitored in Nicosia", "told reporters in Baku".
/// Such a frame is a capital or a city, where news is given out; a front town ("At
/// Zalambesa, Asmara says the front is quiet after intense shelling") is where it was.
fn where_it_was_told(
    res: &Resources,
    tokens: &[Token],
    p: &PlaceMention,
    trigger_clause: usize,
) -> bool {
    let at = token_at(tokens, p.start);
    let frame = at <= 2
        && matches!(p.place.kind.as_str(), "capital" | "city")
        && matches!(
            tokens.first().map(|t| t.lower.as_str()),
            Some("in" | "at" | "from")
        )
        && tokens[at].clause != trigger_clause;
    // "told reporters in Baku", "received in London"; and a few words further back for
    // the verbs of receiving ("monitored by the BBC in London").
    let names = &res.lexicon.names;
    let clause = tokens[at].clause;
    let told = (at >= 2 && listed(&names.telling, &tokens[at - 2].lower))
        || (at.saturating_sub(5)..at)
            .any(|k| tokens[k].clause == clause && listed(&names.received, &tokens[k].lower));
    frame || told
}

pub(super) fn to_casualty(
    f: &Figure,
    actors: &[ActorRef],
    view: &ArticleView<'_>,
    si: usize,
) -> Casualty {
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
