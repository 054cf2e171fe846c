//! The event lexicon as read from `lexicon.toml`, and its word lists compiled into
//! phrase sets once.

use crate::extract::tokens::{PhraseSet, word_set};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The event lexicon (see `seeds/gazetteer/lexicon.toml`).
#[derive(Debug, Deserialize)]
pub struct Lexicon {
    pub talks: BTreeMap<String, Vec<String>>,
    pub talks_exceptions: WordList,
    pub fighting_exceptions: WordList,
    pub civil_unrest: WordList,
    pub ceasefire: CeasefireLexicon,
    pub fighting: BTreeMap<String, Vec<String>>,
    pub fighting_weak: WeakLexicon,
    pub casualties: CasualtyLexicon,
    pub context: ContextLexicon,
    pub roles: Roles,
    pub role_synonyms: BTreeMap<String, String>,
    pub speech: Speech,
    pub background: BackgroundLexicon,
    pub groups: GroupLexicon,
    pub names: NameLexicon,
    pub relevance: RelevanceLexicon,
}

/// Whether `word` is one of a lexicon list's words.
pub fn listed(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// The words around names that tell a place from an actor, and words that are never
/// names (`[names]`).
#[derive(Debug, Deserialize)]
pub struct NameLexicon {
    pub locative: Vec<String>,
    pub place_modifiers: Vec<String>,
    pub place_nouns: Vec<String>,
    /// Points of the compass: before "of" and a name ("120 miles east of Bahrain")
    /// the name is where, not who.
    pub bearings: Vec<String>,
    pub acting: Vec<String>,
    pub non_party_nouns: Vec<String>,
    pub unknown_place_prepositions: Vec<String>,
    pub target_verbs: Vec<String>,
    /// Nouns of an attack or a capture: before "on" or "of" and a name ("a drone
    /// attack on Moscow", "the fall of Ouadi Doum") the name is the place attacked.
    pub target_nouns: Vec<String>,
    pub place_suffixes: Vec<String>,
    pub place_suffix_qualifiers: Vec<String>,
    pub adjective_place_nouns: Vec<String>,
    pub settlement_nouns: Vec<String>,
    /// Nouns of a border between two named sides ("the Lebanon–Syria border").
    pub border_nouns: Vec<String>,
    pub not_names: Vec<String>,
    pub telling: Vec<String>,
    pub received: Vec<String>,
    /// Words a few words before a place that make it what talks were about, not
    /// where they were held ("phoned the premier to discuss the fighting in Kassala").
    pub discussed: Vec<String>,
    /// Prepositions after which a country is where something happened, not a party
    /// ("in Armenia", "a drone shot down over Yemen").
    pub inside: Vec<String>,
}

/// Nouns for armed groups, which make "Chechen rebels" a party of its own.
#[derive(Debug, Deserialize)]
pub struct GroupLexicon {
    pub nouns: Vec<String>,
    /// Phrases for an armed side the text does not name ("armed groups", "attackers"):
    /// someone fought, though no party can be given.
    pub unnamed: Vec<String>,
    /// Phrases for a state's forces named by no name of their own ("government
    /// troops"): the state, where the text tells which.
    pub state_forces: Vec<String>,
    /// Nouns for a state's or a people's armed force ("forces", "troops"): after two
    /// nationality adjectives ("Bosnian Serb forces") they name that people's force.
    pub force_nouns: Vec<String>,
    /// Nouns that end an armed group's name after words the gazetteer lacks ("the
    /// Maute group", "the Ras Kamboni militia").
    pub name_endings: Vec<String>,
    /// Capitalised nouns that end a group's proper name ("the Patriotic Liberation
    /// Front", "the Northern Alliance Army"), however little of it the gazetteer knows.
    pub proper_heads: Vec<String>,
    /// Words for the two sides of the conflict ("the two sides", "the warring
    /// parties"): in talks or a truce that name no party, the story's two main sides.
    pub both_sides: Vec<String>,
    /// Nouns that, after "the", stand for the last armed group named ("the militants").
    pub refer_to_any: Vec<String>,
    /// Nouns that, after "the", stand for the last group whose name holds them ("the
    /// coalition").
    pub refer_by_name: Vec<String>,
}

/// Words that make a trigger background: habits, looks back, the perfect tense.
#[derive(Debug, Deserialize)]
pub struct BackgroundLexicon {
    pub habitual: Vec<String>,
    pub since: Vec<String>,
    pub perfect: Vec<String>,
    /// Words that announce a further incident rather than another account of one.
    pub another: Vec<String>,
}

/// The vocabulary that tells an article about armed conflict from other news.
#[derive(Debug, Deserialize)]
pub struct RelevanceLexicon {
    pub terms: Vec<String>,
    pub min_terms: usize,
    pub war_terms: Vec<String>,
    pub min_war_terms: usize,
    pub talks_context: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct WordList {
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct CeasefireLexicon {
    pub nouns: Vec<String>,
    /// Verb phrases that state a ceasefire without its noun ("hold fire").
    pub phrases: Vec<String>,
    /// Verb phrases that say a ceasefire took effect without its noun ("the guns fell
    /// silent").
    pub took_effect_phrases: Vec<String>,
    /// Nouns that, capitalised after a name ("the Lusaka Protocol", "the Dayton
    /// Accords"), name a peace agreement.
    pub named_accords: Vec<String>,
    pub predicates: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct WeakLexicon {
    pub subtypes: Vec<String>,
    pub starts: Vec<String>,
    pub ends: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct CasualtyLexicon {
    pub killed: Vec<String>,
    pub wounded: Vec<String>,
    pub civilian: Vec<String>,
    pub military: Vec<String>,
    pub cumulative: Vec<String>,
    pub total_before: Vec<String>,
    pub total_after: Vec<String>,
    pub not_counts: Vec<String>,
    pub disasters: Vec<String>,
    pub age_words: Vec<String>,
    pub approximators: Vec<String>,
    pub one_person: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct ContextLexicon {
    pub appeal: Vec<String>,
    pub commitments: Vec<String>,
    /// A modal, its pronoun subject and a verb of saying or agreeing before them: a
    /// truce reported as a commitment ("the army said it would stop offensive
    /// operations"), and the conditions that keep it hypothetical.
    pub committing_modals: Vec<String>,
    pub committing_subjects: Vec<String>,
    pub committing_verbs: Vec<String>,
    pub conditions: Vec<String>,
    pub stopping: Vec<String>,
    pub modal: Vec<String>,
    /// Verbs of threat and intent, which govern an infinitive past a date.
    pub intent: Vec<String>,
    pub negation: Vec<String>,
    /// Negative words that say something goes on ("no let-up in the airstrikes").
    pub not_negation: Vec<String>,
    pub planned: Vec<String>,
    pub future_fighting: Vec<String>,
    pub guarding: Vec<String>,
    pub accidental: Vec<String>,
    pub allege: Vec<String>,
    pub deny: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Roles {
    pub titles: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Speech {
    pub verbs: Vec<String>,
}

/// The lexicon compiled into phrase sets (see [`PhraseSet`]).
#[derive(Debug)]
pub struct Sets {
    /// Talks and fighting triggers, with their subtype.
    pub talks: PhraseSet<String>,
    pub fighting: PhraseSet<String>,
    pub talks_exceptions: PhraseSet<()>,
    pub fighting_exceptions: PhraseSet<()>,
    pub civil_unrest: PhraseSet<()>,
    pub ceasefire_nouns: PhraseSet<()>,
    /// Ceasefire verb phrases with the subtype each states.
    pub ceasefire_phrases: PhraseSet<String>,
    /// Ceasefire predicates with their subtype ("violated" → violated).
    pub ceasefire_predicates: PhraseSet<String>,
    /// Compound predicates by suffix ("-brokered" → brokered).
    pub compound_predicates: Vec<(String, String)>,
    pub appeal: PhraseSet<()>,
    pub commitments: PhraseSet<()>,
    pub conditions: PhraseSet<()>,
    pub stopping: PhraseSet<()>,
    pub modal: PhraseSet<()>,
    pub intent: PhraseSet<()>,
    pub negation: PhraseSet<()>,
    pub not_negation: PhraseSet<()>,
    pub planned: PhraseSet<()>,
    pub future_fighting: PhraseSet<()>,
    pub guarding: PhraseSet<()>,
    pub accidental: PhraseSet<()>,
    pub allege: PhraseSet<()>,
    pub deny: PhraseSet<()>,
    pub weak_starts: PhraseSet<()>,
    pub weak_ends: PhraseSet<()>,
    pub killed: PhraseSet<()>,
    pub wounded: PhraseSet<()>,
    pub civilian: PhraseSet<()>,
    pub military: PhraseSet<()>,
    pub cumulative: PhraseSet<()>,
    pub total_before: PhraseSet<()>,
    pub total_after: PhraseSet<()>,
    pub not_counts: PhraseSet<()>,
    pub disasters: PhraseSet<()>,
    pub age_words: PhraseSet<()>,
    pub approximators: PhraseSet<()>,
    pub one_person: PhraseSet<()>,
    pub unnamed_armed: PhraseSet<()>,
    pub state_forces: PhraseSet<()>,
    pub both_sides: PhraseSet<()>,
    pub habitual: PhraseSet<()>,
    pub since: PhraseSet<()>,
    pub perfect: PhraseSet<()>,
    pub another: PhraseSet<()>,
    pub relevance: PhraseSet<()>,
    pub war_terms: PhraseSet<()>,
    /// Words of war and of peace-making: what talks must stand near.
    pub talks_context: PhraseSet<()>,
    /// Role phrases with the office they name.
    pub roles: PhraseSet<String>,
    pub speech: PhraseSet<()>,
}

impl Sets {
    pub(super) fn compile(lex: &Lexicon) -> Sets {
        let by_subtype = |m: &BTreeMap<String, Vec<String>>| {
            PhraseSet::new(m.iter().flat_map(|(subtype, words)| {
                words.iter().map(move |w| (w.clone(), subtype.clone()))
            }))
        };
        let preds = &lex.ceasefire.predicates;
        let c = &lex.context;
        let k = &lex.casualties;
        Sets {
            talks: by_subtype(&lex.talks),
            fighting: by_subtype(&lex.fighting),
            talks_exceptions: word_set(&[&lex.talks_exceptions.words]),
            fighting_exceptions: word_set(&[&lex.fighting_exceptions.words]),
            civil_unrest: word_set(&[&lex.civil_unrest.words]),
            ceasefire_nouns: word_set(&[&lex.ceasefire.nouns]),
            ceasefire_phrases: PhraseSet::new(
                (lex.ceasefire
                    .phrases
                    .iter()
                    .map(|w| (w.clone(), "declared".to_string())))
                .chain(
                    (lex.ceasefire.took_effect_phrases.iter())
                        .map(|w| (w.clone(), "took_effect".to_string())),
                ),
            ),
            ceasefire_predicates: PhraseSet::new(preds.iter().flat_map(|(subtype, words)| {
                words
                    .iter()
                    .filter(|w| !w.starts_with('-'))
                    .map(move |w| (w.clone(), subtype.clone()))
            })),
            compound_predicates: preds
                .iter()
                .flat_map(|(subtype, words)| {
                    words
                        .iter()
                        .filter(|w| w.starts_with('-'))
                        .map(move |w| (w.clone(), subtype.clone()))
                })
                .collect(),
            appeal: word_set(&[&c.appeal]),
            commitments: word_set(&[&c.commitments]),
            conditions: word_set(&[&c.conditions]),
            stopping: word_set(&[&c.stopping]),
            modal: word_set(&[&c.modal]),
            intent: word_set(&[&c.intent]),
            negation: word_set(&[&c.negation]),
            not_negation: word_set(&[&c.not_negation]),
            planned: word_set(&[&c.planned]),
            future_fighting: word_set(&[&c.future_fighting]),
            guarding: word_set(&[&c.guarding]),
            accidental: word_set(&[&c.accidental]),
            allege: word_set(&[&c.allege]),
            deny: word_set(&[&c.deny]),
            weak_starts: word_set(&[&lex.fighting_weak.starts]),
            weak_ends: word_set(&[&lex.fighting_weak.ends]),
            killed: word_set(&[&k.killed]),
            wounded: word_set(&[&k.wounded]),
            civilian: word_set(&[&k.civilian]),
            military: word_set(&[&k.military]),
            cumulative: word_set(&[&k.cumulative]),
            total_before: word_set(&[&k.total_before]),
            total_after: word_set(&[&k.total_after]),
            not_counts: word_set(&[&k.not_counts]),
            disasters: word_set(&[&k.disasters]),
            one_person: word_set(&[&k.one_person]),
            unnamed_armed: word_set(&[&lex.groups.unnamed]),
            state_forces: word_set(&[&lex.groups.state_forces]),
            both_sides: word_set(&[&lex.groups.both_sides]),
            age_words: word_set(&[&k.age_words]),
            approximators: word_set(&[&k.approximators]),
            habitual: word_set(&[&lex.background.habitual]),
            since: word_set(&[&lex.background.since]),
            perfect: word_set(&[&lex.background.perfect]),
            another: word_set(&[&lex.background.another]),
            relevance: word_set(&[&lex.relevance.terms]),
            war_terms: word_set(&[&lex.relevance.war_terms]),
            talks_context: word_set(&[&lex.relevance.talks_context]),
            roles: PhraseSet::new(
                lex.role_synonyms
                    .iter()
                    .map(|(p, r)| (p.clone(), r.clone())),
            ),
            speech: word_set(&[&lex.speech.verbs]),
        }
    }
}
