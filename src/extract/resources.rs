//! The data the extractor runs on: the gazetteer (states, organisations, office
//! holders, places) and the event lexicon, loaded from the files in
//! `seeds/gazetteer/` — embedded into the binary, or read from a user's copy of that
//! folder so that names and trigger words can be extended without recompiling.
//!
//! Two kinds of gazetteer file: hand-curated ones (states, organisations, office
//! holders, places) and generated ones (`places_geonames.tsv` from GeoNames,
//! `organisations_petrarch.tsv` from the PETRARCH actor dictionaries; see
//! `docs/GAZETTEER.md`). The hand-curated files always win: a generated
//! entry never takes a spelling that they already use, and a generated place with
//! the name of a hand-curated one only fills in the facts it lacks (population,
//! coordinates, admin1). Generated place names that are also common words or
//! personal names ("Split", "Victoria") are kept out of the name automaton and are
//! offered through [`Resources::ambiguous_places`], so that the extractor can ask
//! for a locative cue before reading them as places.
//!
//! Everything is compiled once into Aho-Corasick automata; extraction then only
//! looks things up.

use super::tokens::{PhraseSet, word_set};
use crate::domain::{ActorKind, slugify};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

const STATES: &str = include_str!("../../seeds/gazetteer/states.tsv");
const ORGANISATIONS: &str = include_str!("../../seeds/gazetteer/organisations.tsv");
const OFFICE_HOLDERS: &str = include_str!("../../seeds/gazetteer/office_holders.tsv");
const PLACES: &str = include_str!("../../seeds/gazetteer/places.tsv");
const LEXICON: &str = include_str!("../../seeds/gazetteer/lexicon.toml");
const PLACES_GEONAMES: &str = include_str!("../../seeds/gazetteer/places_geonames.tsv");
const ORGANISATIONS_PETRARCH: &str =
    include_str!("../../seeds/gazetteer/organisations_petrarch.tsv");

#[derive(Debug, thiserror::Error)]
pub enum ResourceError {
    #[error("cannot read gazetteer file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {reason}")]
    Row {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}: {reason}")]
    Lexicon { file: String, reason: String },
}

/// A named actor of the gazetteer: a state, organisation, armed group, entity or a
/// well-known person.
#[derive(Debug, Clone)]
pub struct ActorEntry {
    pub name: String,
    pub slug: String,
    pub kind: ActorKind,
    /// For people and armed forces: the state or organisation they belong to.
    pub affiliation: Option<String>,
    /// For people: their best-known role.
    pub role: Option<String>,
    pub aliases: Vec<String>,
    /// A finer kind from the generated dictionaries ("non_state_armed_group");
    /// `None` for hand-curated entries.
    pub category: Option<String>,
    /// For non-state armed groups: the state they fight in, when the source says.
    pub country: Option<String>,
}

/// A term of office: who held `role` for `affiliation` from `from` to `to`.
#[derive(Debug, Clone)]
pub struct OfficeTerm {
    pub actor: usize,
    pub role: String,
    pub affiliation: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct PlaceEntry {
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub country: Option<String>,
    /// For facilities: the city they stand in ("State Department" → Washington).
    pub located_in: Option<String>,
    /// Inhabitants, from GeoNames.
    pub population: Option<u64>,
    /// (latitude, longitude) in WGS84 degrees, from GeoNames.
    pub coordinates: Option<(f64, f64)>,
    /// The GeoNames first-level division code ("UA.05"): two places with the same
    /// code lie in the same province, oblast or state.
    pub admin1: Option<String>,
    pub geonames_id: Option<u32>,
    /// The name is also a common English word or a personal name: the place reading
    /// needs a locative cue ("in Split") or a large population.
    pub ambiguous: bool,
}

/// What a surface form in the text can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The name or alias of an actor.
    Actor(usize),
    /// An adjective or demonym of an actor ("Armenian", "Azerbaijanis").
    Adjective(usize),
    /// A capital: a place, and a metonym for its state ("Baku said").
    Capital { state: usize, place: usize },
    /// The name of a place that is not a capital.
    Place(usize),
}

/// The event lexicon (see `seeds/gazetteer/lexicon.toml`).
#[derive(Debug, Deserialize)]
pub struct Lexicon {
    pub talks: BTreeMap<String, Vec<String>>,
    pub talks_exceptions: WordList,
    pub fighting_exceptions: WordList,
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
    pub relevance: RelevanceLexicon,
}

/// Nouns for armed groups, which make "Chechen rebels" a party of its own.
#[derive(Debug, Deserialize)]
pub struct GroupLexicon {
    pub nouns: Vec<String>,
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
    pub age_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct ContextLexicon {
    pub appeal: Vec<String>,
    pub stopping: Vec<String>,
    pub modal: Vec<String>,
    pub negation: Vec<String>,
    pub planned: Vec<String>,
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
    pub ceasefire_nouns: PhraseSet<()>,
    pub ceasefire_phrases: PhraseSet<()>,
    /// Ceasefire predicates with their subtype ("violated" → violated).
    pub ceasefire_predicates: PhraseSet<String>,
    /// Compound predicates by suffix ("-brokered" → brokered).
    pub compound_predicates: Vec<(String, String)>,
    pub appeal: PhraseSet<()>,
    pub stopping: PhraseSet<()>,
    pub modal: PhraseSet<()>,
    pub negation: PhraseSet<()>,
    pub planned: PhraseSet<()>,
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
    pub age_words: PhraseSet<()>,
    pub habitual: PhraseSet<()>,
    pub since: PhraseSet<()>,
    pub perfect: PhraseSet<()>,
    pub another: PhraseSet<()>,
    pub relevance: PhraseSet<()>,
    pub war_terms: PhraseSet<()>,
    /// Role phrases with the office they name.
    pub roles: PhraseSet<String>,
    pub speech: PhraseSet<()>,
}

impl Sets {
    fn compile(lex: &Lexicon) -> Sets {
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
            ceasefire_nouns: word_set(&[&lex.ceasefire.nouns]),
            ceasefire_phrases: word_set(&[&lex.ceasefire.phrases]),
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
            stopping: word_set(&[&c.stopping]),
            modal: word_set(&[&c.modal]),
            negation: word_set(&[&c.negation]),
            planned: word_set(&[&c.planned]),
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
            age_words: word_set(&[&k.age_words]),
            habitual: word_set(&[&lex.background.habitual]),
            since: word_set(&[&lex.background.since]),
            perfect: word_set(&[&lex.background.perfect]),
            another: word_set(&[&lex.background.another]),
            relevance: word_set(&[&lex.relevance.terms]),
            war_terms: word_set(&[&lex.relevance.war_terms]),
            roles: PhraseSet::new(
                lex.role_synonyms
                    .iter()
                    .map(|(p, r)| (p.clone(), r.clone())),
            ),
            speech: word_set(&[&lex.speech.verbs]),
        }
    }
}

/// Everything extraction needs, compiled once and shared read-only.
pub struct Resources {
    pub sets: Sets,
    pub actors: Vec<ActorEntry>,
    pub terms: Vec<OfficeTerm>,
    pub places: Vec<PlaceEntry>,
    pub lexicon: Lexicon,
    /// Surface forms, case-sensitive, longest match first.
    names: AhoCorasick,
    name_targets: Vec<Vec<Target>>,
    /// Role titles, case-sensitive ("Foreign Minister").
    titles: AhoCorasick,
    title_strings: Vec<String>,
    actor_by_name: FxHashMap<String, usize>,
    place_by_name: FxHashMap<String, usize>,
    /// People by the last word of their name or any alias.
    people_by_surname: HashMap<String, Vec<usize>>,
    /// Generated places whose name is also an ordinary word (see the module doc).
    ambiguous_places: FxHashMap<String, Vec<usize>>,
    /// Spellings of the other generated places. Tens of thousands of them would
    /// make the Aho-Corasick automaton several times larger and slower to build
    /// (a second at start, 60 MB), so they are looked up by hash instead, for
    /// runs of words that start with a capitalised word.
    generated: FxHashMap<String, Vec<Target>>,
    /// The first word of every key of `generated`, with the most words a key
    /// starting with it has.
    generated_first: FxHashMap<String, u8>,
}

impl std::fmt::Debug for Resources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resources")
            .field("actors", &self.actors.len())
            .field("terms", &self.terms.len())
            .field("places", &self.places.len())
            .finish()
    }
}

/// A name found in a text.
#[derive(Debug, Clone)]
pub struct NameHit<'a> {
    pub start: usize,
    pub end: usize,
    /// Borrowed from the gazetteer: names are looked up for every capitalised word,
    /// and a copy per hit was a large share of the allocations.
    pub targets: &'a [Target],
}

/// The text of every gazetteer file, each with the name used in error messages.
struct Sources<'a> {
    states: (&'a str, &'a str),
    orgs: (&'a str, &'a str),
    holders: (&'a str, &'a str),
    places: (&'a str, &'a str),
    lexicon: (&'a str, &'a str),
    places_geonames: (&'a str, &'a str),
    orgs_petrarch: (&'a str, &'a str),
}

impl Resources {
    /// The gazetteer and lexicon built into the binary.
    pub fn embedded() -> Result<Resources, ResourceError> {
        Self::from_sources(&Sources {
            states: ("states.tsv", STATES),
            orgs: ("organisations.tsv", ORGANISATIONS),
            holders: ("office_holders.tsv", OFFICE_HOLDERS),
            places: ("places.tsv", PLACES),
            lexicon: ("lexicon.toml", LEXICON),
            places_geonames: ("places_geonames.tsv", PLACES_GEONAMES),
            orgs_petrarch: ("organisations_petrarch.tsv", ORGANISATIONS_PETRARCH),
        })
    }

    /// A gazetteer folder of the user's, with the same files as `seeds/gazetteer/`.
    /// A missing file falls back to the built-in one.
    pub fn from_dir(dir: &Path) -> Result<Resources, ResourceError> {
        let read = |name: &str, fallback: &'static str| -> Result<String, ResourceError> {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(s) => Ok(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(fallback.to_string()),
                Err(source) => Err(ResourceError::Read { path, source }),
            }
        };
        let states = read("states.tsv", STATES)?;
        let orgs = read("organisations.tsv", ORGANISATIONS)?;
        let holders = read("office_holders.tsv", OFFICE_HOLDERS)?;
        let places = read("places.tsv", PLACES)?;
        let lexicon = read("lexicon.toml", LEXICON)?;
        let places_geonames = read("places_geonames.tsv", PLACES_GEONAMES)?;
        let orgs_petrarch = read("organisations_petrarch.tsv", ORGANISATIONS_PETRARCH)?;
        Self::from_sources(&Sources {
            states: ("states.tsv", &states),
            orgs: ("organisations.tsv", &orgs),
            holders: ("office_holders.tsv", &holders),
            places: ("places.tsv", &places),
            lexicon: ("lexicon.toml", &lexicon),
            places_geonames: ("places_geonames.tsv", &places_geonames),
            orgs_petrarch: ("organisations_petrarch.tsv", &orgs_petrarch),
        })
    }

    fn from_sources(src: &Sources<'_>) -> Result<Resources, ResourceError> {
        let (states, orgs, holders, places) = (src.states, src.orgs, src.holders, src.places);
        let lexicon: Lexicon =
            toml::from_str(src.lexicon.1).map_err(|e| ResourceError::Lexicon {
                file: src.lexicon.0.to_string(),
                reason: e.to_string(),
            })?;
        let mut b = Builder::default();
        for row in tsv(states.0, states.1, 5)? {
            let (line, c) = row;
            let state = b.actor(&c[0], ActorKind::State, None, None, states.0, line)?;
            for alias in multi(&c[1]) {
                b.alias(state, alias);
            }
            for adjective in multi(&c[2]) {
                b.surface(adjective, Target::Adjective(state));
            }
            if !c[3].is_empty() {
                let place = b.place(&c[3], "capital", Some(c[0].clone()), None);
                b.surface(&c[3], Target::Capital { state, place });
                for alias in multi(&c[4]) {
                    b.surface(alias, Target::Capital { state, place });
                }
            }
        }
        for (line, c) in tsv(orgs.0, orgs.1, 5)? {
            let kind: ActorKind = c[1].parse().map_err(|reason| ResourceError::Row {
                file: orgs.0.to_string(),
                line,
                reason,
            })?;
            let affiliation = non_empty(&c[4]);
            let org = b.actor(&c[0], kind, affiliation, None, orgs.0, line)?;
            for alias in multi(&c[2]) {
                b.alias(org, alias);
            }
            for adjective in multi(&c[3]) {
                b.surface(adjective, Target::Adjective(org));
            }
        }
        for (line, c) in tsv(holders.0, holders.1, 6)? {
            let date = |s: &str| -> Result<Option<Date>, ResourceError> {
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse().map(Some).map_err(|_| ResourceError::Row {
                    file: holders.0.to_string(),
                    line,
                    reason: format!("{s:?} is not a date (expected YYYY-MM-DD)"),
                })
            };
            let (from, to) = (date(&c[4])?, date(&c[5])?);
            let person = match b.actor_by_name.get(&c[0]) {
                Some(&i) => i,
                None => b.actor(
                    &c[0],
                    ActorKind::Person,
                    non_empty(&c[3]),
                    non_empty(&c[2]),
                    holders.0,
                    line,
                )?,
            };
            for alias in multi(&c[1]) {
                b.alias(person, alias);
            }
            b.terms.push(OfficeTerm {
                actor: person,
                role: c[2].clone(),
                affiliation: c[3].clone(),
                from,
                to,
            });
        }
        for (_, c) in tsv(places.0, places.1, 5)? {
            if b.place_by_name.contains_key(&c[0]) {
                // A capital listed again to add aliases.
                let place = b.place_by_name[&c[0]];
                for alias in multi(&c[3]) {
                    let targets: Vec<Target> = b.surfaces.get(&c[0]).cloned().unwrap_or_default();
                    for t in targets {
                        b.surface(alias, t);
                    }
                    if !b.surfaces.contains_key(alias) {
                        b.surface(alias, Target::Place(place));
                    }
                }
                continue;
            }
            let place = b.place(&c[0], &c[1], non_empty(&c[2]), non_empty(&c[4]));
            b.surface(&c[0], Target::Place(place));
            for alias in multi(&c[3]) {
                b.surface(alias, Target::Place(place));
            }
        }
        b.generated_orgs(src.orgs_petrarch)?;
        b.generated_places(src.places_geonames)?;
        b.finish(lexicon)
    }

    /// Every gazetteer name in `text[range]`, longest first, on word boundaries,
    /// in text order. A generated place is reported only where no hand-curated
    /// name overlaps it.
    pub fn find_names(&self, text: &str, range: std::ops::Range<usize>) -> Vec<NameHit<'_>> {
        let hay = &text[range.clone()];
        let mut hits: Vec<NameHit<'_>> = self
            .names
            .find_iter(hay)
            .filter(|m| on_word_boundary(hay, m.start(), m.end()))
            .map(|m| NameHit {
                start: range.start + m.start(),
                end: range.start + m.end(),
                targets: &self.name_targets[m.pattern().as_usize()],
            })
            .collect();
        if self.generated.is_empty() {
            return hits;
        }
        let known = hits.len();
        let mut from = 0;
        while let Some((start, end, targets)) = self.next_generated(hay, from) {
            from = end;
            let (start, end) = (range.start + start, range.start + end);
            if hits[..known].iter().any(|h| h.start < end && start < h.end) {
                continue;
            }
            hits.push(NameHit {
                start,
                end,
                targets,
            });
        }
        if hits.len() > known {
            hits.sort_by_key(|h| h.start);
        }
        hits
    }

    /// The next generated place name in `hay` from byte `from`: the longest run of
    /// words, starting with a capitalised word, that is a known spelling. Returns
    /// (start, end, targets). Runs for every sentence, several times: a capitalised
    /// word costs one hash lookup of its own, and only a word that begins some
    /// name is extended to the following words.
    fn next_generated<'s>(
        &'s self,
        hay: &str,
        from: usize,
    ) -> Option<(usize, usize, &'s [Target])> {
        let bytes = hay.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            let b = bytes[i];
            let upper = if b.is_ascii() {
                b.is_ascii_uppercase()
            } else {
                hay.is_char_boundary(i) && hay[i..].chars().next().is_some_and(char::is_uppercase)
            };
            if !upper || hay[..i].chars().next_back().is_some_and(is_name_char) {
                i += 1;
                continue;
            }
            let (first_end, first_trimmed) = word_at(hay, i);
            let Some(&words) = self.generated_first.get(&hay[i..first_trimmed]) else {
                i = first_end.max(i + 1);
                continue;
            };
            let mut ends = [0usize; MAX_GENERATED_WORDS];
            ends[0] = first_trimmed;
            let mut n = 1;
            let mut word_end = first_end;
            while n < usize::from(words)
                && ends[n - 1] == word_end
                && bytes.get(word_end) == Some(&b' ')
            {
                let (next_end, next_trimmed) = word_at(hay, word_end + 1);
                if next_end == word_end + 1 {
                    break;
                }
                ends[n] = next_trimmed;
                n += 1;
                word_end = next_end;
            }
            for &end in ends[..n].iter().rev() {
                if let Some(targets) = self.generated.get(&hay[i..end]) {
                    return Some((i, end, targets));
                }
            }
            i = first_end.max(i + 1);
        }
        None
    }

    /// Role titles in `text[range]` as (start, end, title).
    pub fn find_titles(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
    ) -> Vec<(usize, usize, &str)> {
        let hay = &text[range.clone()];
        self.titles
            .find_iter(hay)
            .filter(|m| on_word_boundary(hay, m.start(), m.end()))
            .map(|m| {
                (
                    range.start + m.start(),
                    range.start + m.end(),
                    self.title_strings[m.pattern().as_usize()].as_str(),
                )
            })
            .collect()
    }

    pub fn actor_named(&self, name: &str) -> Option<usize> {
        self.actor_by_name.get(name).copied()
    }

    pub fn place_named(&self, name: &str) -> Option<usize> {
        self.place_by_name.get(name).copied()
    }

    /// The places, most populous first, that an ambiguous word can name ("Split",
    /// "Victoria"). These words are not found by [`Resources::find_names`]: read
    /// them as places only with a locative cue ("in", "near", "outside", "at") or
    /// when the population says the place is what the text means.
    pub fn ambiguous_places(&self, word: &str) -> &[usize] {
        self.ambiguous_places
            .get(word)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The well-known person a bare surname refers to: the only one with that
    /// surname, or the only one of them in office on `date`.
    pub fn person_by_surname(&self, surname: &str, date: Option<Date>) -> Option<usize> {
        let candidates = self.people_by_surname.get(surname)?;
        if let [only] = candidates.as_slice() {
            return Some(*only);
        }
        let date = date?;
        let mut in_office = candidates.iter().copied().filter(|&p| {
            self.terms.iter().any(|t| {
                t.actor == p && t.from.is_none_or(|f| f <= date) && t.to.is_none_or(|to| date <= to)
            })
        });
        match (in_office.next(), in_office.next()) {
            (Some(p), None) => Some(p),
            _ => None,
        }
    }

    /// A well-known person with this first name whose surname is a spelling variant
    /// of `surname` ("Zohrab Mnatsakanian" → Zohrab Mnatsakanyan).
    pub fn similar_person(&self, first: &str, surname: &str) -> Option<usize> {
        self.people_by_surname
            .iter()
            .filter(|(s, _)| super::actors::similar_surname(s, surname))
            .flat_map(|(_, people)| people.iter().copied())
            .find(|&p| {
                let a = &self.actors[p];
                std::iter::once(&a.name)
                    .chain(a.aliases.iter())
                    .any(|n| n.split(' ').next() == Some(first))
            })
    }

    /// Who held `role` for `affiliation` on `date` (case-insensitive role match).
    pub fn office_holder(&self, role: &str, affiliation: &str, date: Date) -> Option<usize> {
        self.terms
            .iter()
            .filter(|t| t.role.eq_ignore_ascii_case(role) && t.affiliation == affiliation)
            .find(|t| t.from.is_none_or(|f| f <= date) && t.to.is_none_or(|to| date <= to))
            .map(|t| t.actor)
    }

    /// The state of an actor: itself for a state, its affiliation otherwise.
    pub fn state_of(&self, actor: usize) -> Option<usize> {
        let a = &self.actors[actor];
        match a.kind {
            ActorKind::State => Some(actor),
            _ => a.affiliation.as_deref().and_then(|s| self.actor_named(s)),
        }
    }
}

/// The longest generated place name looked up, in words; longer ones (a handful of
/// "X, Y and Z Islands") are left out. Fits the `u8` word counts.
const MAX_GENERATED_WORDS: usize = 6;

fn slug_hash(slug: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(slug)
}

/// The word starting at byte `i`: where it ends, and where it ends without a
/// possessive or trailing apostrophe or hyphen ("Donetsk's" → "Donetsk").
fn word_at(hay: &str, i: usize) -> (usize, usize) {
    let end = hay[i..]
        .char_indices()
        .find(|&(_, c)| !is_name_char(c))
        .map_or(hay.len(), |(k, _)| i + k);
    let word = &hay[i..end];
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
        .trim_end_matches(['\'', '’', '-']);
    (end, i + word.len())
}

/// A character that can be part of a word of a place name ("Ma'arrat", "Al-Bab").
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')
}

fn on_word_boundary(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    let last = hay[..end].chars().next_back();
    let ok_before = before.is_none_or(|c| !c.is_alphanumeric());
    // "U.S." ends in a dot: what follows may be anything but another letter.
    let ok_after = after.is_none_or(|c| !c.is_alphanumeric() || last == Some('.'));
    ok_before && ok_after
}

#[derive(Default)]
struct Builder {
    actors: Vec<ActorEntry>,
    terms: Vec<OfficeTerm>,
    places: Vec<PlaceEntry>,
    surfaces: BTreeMap<String, Vec<Target>>,
    actor_by_name: FxHashMap<String, usize>,
    place_by_name: FxHashMap<String, usize>,
    /// Hashes of the place slugs in use: only collisions matter, and tens of
    /// thousands of short-lived strings freed after loading fragment the heap that
    /// extraction then allocates from (a third slower on Reuters).
    place_slugs: FxHashSet<u64>,
    ambiguous_places: FxHashMap<String, Vec<usize>>,
    generated: FxHashMap<String, Vec<Target>>,
}

impl Builder {
    fn actor(
        &mut self,
        name: &str,
        kind: ActorKind,
        affiliation: Option<String>,
        role: Option<String>,
        file: &str,
        line: usize,
    ) -> Result<usize, ResourceError> {
        if name.is_empty() {
            return Err(ResourceError::Row {
                file: file.to_string(),
                line,
                reason: "empty name".into(),
            });
        }
        if let Some(&i) = self.actor_by_name.get(name) {
            return Ok(i);
        }
        let i = self.actors.len();
        self.actors.push(ActorEntry {
            name: name.to_string(),
            slug: slugify(name),
            kind,
            affiliation,
            role,
            aliases: Vec::new(),
            category: None,
            country: None,
        });
        self.actor_by_name.insert(name.to_string(), i);
        self.surface(name, Target::Actor(i));
        Ok(i)
    }

    fn alias(&mut self, actor: usize, alias: &str) {
        if !self.actors[actor].aliases.iter().any(|a| a == alias) {
            self.actors[actor].aliases.push(alias.to_string());
        }
        self.actor_by_name.entry(alias.to_string()).or_insert(actor);
        self.surface(alias, Target::Actor(actor));
    }

    fn place(
        &mut self,
        name: &str,
        kind: &str,
        country: Option<String>,
        located_in: Option<String>,
    ) -> usize {
        if let Some(&i) = self.place_by_name.get(name) {
            return i;
        }
        let i = self.places.len();
        let slug = slugify(name);
        self.place_slugs.insert(slug_hash(&slug));
        self.places.push(PlaceEntry {
            name: name.to_string(),
            slug,
            kind: kind.to_string(),
            country,
            located_in,
            population: None,
            coordinates: None,
            admin1: None,
            geonames_id: None,
            ambiguous: false,
        });
        self.place_by_name.insert(name.to_string(), i);
        i
    }

    /// `organisations_petrarch.tsv`: an entry any of whose spellings is already
    /// known (the hand-curated files load first) is the same body under the hand
    /// list's name, or a clash; either way the hand list's reading stands.
    fn generated_orgs(&mut self, (file, text): (&str, &str)) -> Result<(), ResourceError> {
        for (line, c) in tsv(file, text, 8)? {
            let kind: ActorKind = c[1].parse().map_err(|reason| ResourceError::Row {
                file: file.to_string(),
                line,
                reason,
            })?;
            let forms: Vec<&str> = std::iter::once(c[0].as_str()).chain(multi(&c[2])).collect();
            if forms.iter().any(|f| self.surfaces.contains_key(*f)) {
                continue;
            }
            let org = self.actor(&c[0], kind, non_empty(&c[4]), None, file, line)?;
            self.actors[org].category = non_empty(&c[5]);
            self.actors[org].country = non_empty(&c[6]);
            for alias in multi(&c[2]) {
                self.alias(org, alias);
            }
            for adjective in multi(&c[3]) {
                self.surface(adjective, Target::Adjective(org));
            }
        }
        Ok(())
    }

    /// `places_geonames.tsv`, after every other file: a spelling already in use
    /// stays with its hand-curated reading; a place of the same name and country as
    /// a hand-curated one only adds its facts to it. Rows come most populous first,
    /// so the first place listed for a shared spelling is its default reading.
    fn generated_places(&mut self, (file, text): (&str, &str)) -> Result<(), ResourceError> {
        let hand_places = self.places.len();
        // Every word of a known person's name is taken too: the extractor reads a
        // bare surname or first name as the person ("Pompeo", "Vladimir"), so it
        // must not also be a town somewhere.
        let person_words: HashSet<String> = self
            .actors
            .iter()
            .filter(|a| a.kind == ActorKind::Person)
            .flat_map(|a| std::iter::once(&a.name).chain(a.aliases.iter()))
            .flat_map(|name| name.split(' ').map(str::to_string))
            .collect();
        // Tens of thousands of rows: cells are borrowed, not copied, until kept, and
        // the tables are sized once (see `place_slugs`).
        let rows = text.lines().filter(|l| !l.starts_with('#')).count();
        self.places.reserve(rows);
        self.place_by_name.reserve(rows);
        self.place_slugs.reserve(rows);
        self.generated.reserve(rows + rows / 2);
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                header_seen = true;
                continue;
            }
            let line_no = i + 1;
            let mut c = [""; 11];
            for (n, cell) in line.split('\t').enumerate() {
                if n >= c.len() {
                    return Err(ResourceError::Row {
                        file: file.to_string(),
                        line: line_no,
                        reason: format!("more than {} columns", c.len()),
                    });
                }
                c[n] = cell.trim();
            }
            let bad = |what: &str, value: &str| ResourceError::Row {
                file: file.to_string(),
                line: line_no,
                reason: format!("{value:?} is not a {what}"),
            };
            let population = match c[5] {
                "" => None,
                v => Some(v.parse::<u64>().map_err(|_| bad("population", v))?),
            };
            let geonames_id = match c[9] {
                "" => None,
                v => Some(v.parse::<u32>().map_err(|_| bad("GeoNames id", v))?),
            };
            let coordinates = match (c[6], c[7]) {
                ("", _) | (_, "") => None,
                (lat, lon) => Some((
                    lat.parse::<f64>().map_err(|_| bad("latitude", lat))?,
                    lon.parse::<f64>().map_err(|_| bad("longitude", lon))?,
                )),
            };
            let ambiguous = c[10] == "1";
            let (name, country) = (c[0], non_empty(c[2]));
            if let Some(&hand) = self.place_by_name.get(name).filter(|&&p| p < hand_places) {
                let p = &mut self.places[hand];
                if p.population.is_none() && (p.country.is_none() || p.country == country) {
                    p.population = population;
                    p.coordinates = coordinates;
                    p.admin1 = non_empty(c[8]);
                    p.geonames_id = geonames_id;
                }
                continue;
            }
            let free = |f: &&str| !self.surfaces.contains_key(*f) && !person_words.contains(*f);
            if !std::iter::once(name).chain(multi(c[3])).any(|f| free(&f)) {
                continue;
            }
            let place = self.places.len();
            let slug = self.unique_slug(name, country.as_deref(), geonames_id);
            self.places.push(PlaceEntry {
                name: name.to_string(),
                slug,
                kind: c[1].to_string(),
                country,
                located_in: non_empty(c[4]),
                population,
                coordinates,
                admin1: non_empty(c[8]),
                geonames_id,
                ambiguous,
            });
            self.place_by_name.entry(name.to_string()).or_insert(place);
            for form in std::iter::once(name).chain(multi(c[3])) {
                if self.surfaces.contains_key(form) || person_words.contains(form) {
                    continue;
                }
                if ambiguous && form == name {
                    let places = self.ambiguous_places.entry(form.to_string()).or_default();
                    if !places.contains(&place) {
                        places.push(place);
                    }
                } else if form.split(' ').count() <= MAX_GENERATED_WORDS {
                    let targets = self.generated.entry(form.to_string()).or_default();
                    if !targets.contains(&Target::Place(place)) {
                        targets.push(Target::Place(place));
                    }
                }
            }
        }
        Ok(())
    }

    /// Places share names ("Donetsk" in Ukraine and in Russia) but not slugs: the
    /// place pages are keyed by slug.
    fn unique_slug(&mut self, name: &str, country: Option<&str>, id: Option<u32>) -> String {
        let mut slug = slugify(name);
        if self.place_slugs.contains(&slug_hash(&slug)) {
            if let Some(country) = country {
                slug = format!("{slug}-{}", slugify(country));
            }
        }
        if self.place_slugs.contains(&slug_hash(&slug)) {
            if let Some(id) = id {
                slug = format!("{slug}-{id}");
            }
        }
        self.place_slugs.insert(slug_hash(&slug));
        slug
    }

    fn surface(&mut self, form: &str, target: Target) {
        if form.trim().is_empty() {
            return;
        }
        let targets = self.surfaces.entry(form.to_string()).or_default();
        if !targets.contains(&target) {
            targets.push(target);
        }
    }

    fn finish(self, lexicon: Lexicon) -> Result<Resources, ResourceError> {
        let (forms, targets): (Vec<String>, Vec<Vec<Target>>) = self.surfaces.into_iter().unzip();
        let names = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&forms)
            .map_err(|e| ResourceError::Lexicon {
                file: "gazetteer".into(),
                reason: e.to_string(),
            })?;
        let title_strings = lexicon.roles.titles.clone();
        let titles = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&title_strings)
            .map_err(|e| ResourceError::Lexicon {
                file: "lexicon.toml".into(),
                reason: e.to_string(),
            })?;
        let mut people_by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in self
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == ActorKind::Person)
        {
            for name in std::iter::once(&a.name).chain(a.aliases.iter()) {
                if let Some(surname) = name.rsplit(' ').next() {
                    let list = people_by_surname.entry(surname.to_string()).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        Ok(Resources {
            sets: Sets::compile(&lexicon),
            people_by_surname,
            actors: self.actors,
            terms: self.terms,
            places: self.places,
            lexicon,
            names,
            name_targets: targets,
            titles,
            title_strings,
            actor_by_name: self.actor_by_name,
            place_by_name: self.place_by_name,
            generated_first: {
                let mut first: FxHashMap<String, u8> = FxHashMap::default();
                for key in self.generated.keys() {
                    let words = key.split(' ').count() as u8;
                    let head = key.split(' ').next().unwrap_or(key);
                    let max = first.entry(head.to_string()).or_default();
                    *max = (*max).max(words);
                }
                first
            },
            generated: self.generated,
            ambiguous_places: self.ambiguous_places,
        })
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn multi(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Rows of a tab-separated file: comments (`#`) and the header line skipped; each
/// row padded to `columns` cells. Returns (line number, cells).
fn tsv(file: &str, text: &str, columns: usize) -> Result<Vec<(usize, Vec<String>)>, ResourceError> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let mut cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
        if cells.len() > columns {
            return Err(ResourceError::Row {
                file: file.to_string(),
                line: line_no,
                reason: format!("{} columns, expected {columns}", cells.len()),
            });
        }
        cells.resize(columns, String::new());
        rows.push((line_no, cells));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_resources_load() {
        let r = Resources::embedded().expect("embedded gazetteer loads");
        assert!(r.actors.len() > 190, "all states are there");
        let armenia = r.actor_named("Armenia").unwrap();
        assert_eq!(r.actors[armenia].kind, ActorKind::State);
        let hits = r.find_names("Baku said Armenian forces fired.", 0..32);
        assert!(
            hits.iter()
                .any(|h| matches!(h.targets[0], Target::Capital { .. }))
        );
        assert!(
            hits.iter()
                .any(|h| h.targets.contains(&Target::Adjective(armenia)))
        );
    }

    #[test]
    fn names_match_on_word_boundaries_only() {
        let r = Resources::embedded().unwrap();
        let text = "Russians and the U.S. met; Iranian-backed groups.";
        let names: Vec<&str> = r
            .find_names(text, 0..text.len())
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert!(names.contains(&"U.S."));
        assert!(names.contains(&"Iranian"));
    }

    #[test]
    fn generated_places_load_with_their_facts() {
        let r = Resources::embedded().unwrap();
        let text = "Shelling was reported in Kramatorsk and Kiev.";
        let hits = r.find_names(text, 0..text.len());
        let place = |name: &str| {
            hits.iter()
                .find(|h| &text[h.start..h.end] == name)
                .and_then(|h| match h.targets[0] {
                    Target::Place(p) | Target::Capital { place: p, .. } => Some(&r.places[p]),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{name} is found as a place"))
        };
        let kramatorsk = place("Kramatorsk");
        assert_eq!(kramatorsk.country.as_deref(), Some("Ukraine"));
        assert!(kramatorsk.population.is_some_and(|p| p > 100_000));
        assert!(kramatorsk.coordinates.is_some());
        assert!(
            kramatorsk
                .admin1
                .as_deref()
                .is_some_and(|a| a.starts_with("UA."))
        );
        // The hand-curated capital wins, and gains the GeoNames facts.
        let kyiv = place("Kiev");
        assert_eq!(kyiv.name, "Kyiv");
        assert!(kyiv.coordinates.is_some());
    }

    #[test]
    fn ambiguous_place_names_are_not_found_in_text() {
        let r = Resources::embedded().unwrap();
        let text = "Nice words split the Reading group.";
        let hits = r.find_names(text, 0..text.len());
        assert!(
            hits.iter()
                .all(|h| !h.targets.iter().any(|t| matches!(t, Target::Place(_)))),
            "no place in {text:?}"
        );
        let nice = r.ambiguous_places("Nice");
        assert!(!nice.is_empty());
        assert!(r.places[nice[0]].ambiguous);
        assert_eq!(r.places[nice[0]].country.as_deref(), Some("France"));
    }

    #[test]
    fn a_known_person_name_is_never_a_generated_place() {
        let r = Resources::embedded().unwrap();
        let text = "Pompeo met Vladimir in Geneva.";
        let places: Vec<&str> = r
            .find_names(text, 0..text.len())
            .iter()
            .filter(|h| {
                h.targets
                    .iter()
                    .any(|t| matches!(t, Target::Place(_) | Target::Capital { .. }))
            })
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(places, ["Geneva"]);
    }

    #[test]
    fn generated_armed_groups_load_and_hand_entries_win() {
        let r = Resources::embedded().unwrap();
        let ltte = r.actor_named("Liberation Tigers of Tamil Eelam").unwrap();
        assert_eq!(r.actors[ltte].kind, ActorKind::ArmedGroup);
        assert_eq!(
            r.actors[ltte].category.as_deref(),
            Some("non_state_armed_group")
        );
        assert_eq!(r.actors[ltte].country.as_deref(), Some("Sri Lanka"));
        // Hezbollah is hand-curated: the generated entry does not replace it.
        let hezbollah = r.actor_named("Hezbollah").unwrap();
        assert_eq!(r.actors[hezbollah].category, None);
    }

    #[test]
    fn places_sharing_a_name_get_distinct_slugs() {
        let r = Resources::embedded().unwrap();
        let mut slugs: Vec<&str> = r.places.iter().map(|p| p.slug.as_str()).collect();
        slugs.sort_unstable();
        let before = slugs.len();
        slugs.dedup();
        assert_eq!(before, slugs.len());
    }
}
