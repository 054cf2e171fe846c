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

mod build;
mod lexicon;
mod names;
#[cfg(test)]
mod tests;

use crate::domain::ActorKind;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;
pub use lexicon::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const STATES: &str = include_str!("../../../seeds/gazetteer/states.tsv");
const ORGANISATIONS: &str = include_str!("../../../seeds/gazetteer/organisations.tsv");
const OFFICE_HOLDERS: &str = include_str!("../../../seeds/gazetteer/office_holders.tsv");
const PLACES: &str = include_str!("../../../seeds/gazetteer/places.tsv");
const LEXICON: &str = include_str!("../../../seeds/gazetteer/lexicon.toml");
const PLACES_GEONAMES: &str = include_str!("../../../seeds/gazetteer/places_geonames.tsv");
const COMMON_WORDS: &str = include_str!("../../../seeds/gazetteer/common_words.tsv");
const ORGANISATIONS_PETRARCH: &str =
    include_str!("../../../seeds/gazetteer/organisations_petrarch.tsv");

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
    /// The first adjective the gazetteer gives ("Syrian" for Syria), which names a
    /// group by where it fights ("Syrian rebels").
    pub adjective: Option<String>,
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

impl OfficeTerm {
    /// Whether the term includes `date` (an open end is open).
    pub fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|to| date <= to)
    }
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
    /// Terms of office (indices into `terms`) by the last word of their role, ASCII
    /// lowercase ("minister", "president"): a title before a given name is looked up
    /// for most capitalised words of a text, so it must not walk every term.
    terms_by_title_end: FxHashMap<String, Vec<usize>>,
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
    /// Everyday English words (`common_words.tsv`), lowercase.
    common_words: FxHashSet<String>,
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
    common_words: (&'a str, &'a str),
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
            common_words: ("common_words.tsv", COMMON_WORDS),
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
        let common_words = read("common_words.tsv", COMMON_WORDS)?;
        let orgs_petrarch = read("organisations_petrarch.tsv", ORGANISATIONS_PETRARCH)?;
        Self::from_sources(&Sources {
            states: ("states.tsv", &states),
            orgs: ("organisations.tsv", &orgs),
            holders: ("office_holders.tsv", &holders),
            places: ("places.tsv", &places),
            lexicon: ("lexicon.toml", &lexicon),
            places_geonames: ("places_geonames.tsv", &places_geonames),
            common_words: ("common_words.tsv", &common_words),
            orgs_petrarch: ("organisations_petrarch.tsv", &orgs_petrarch),
        })
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
        let mut in_office = candidates
            .iter()
            .copied()
            .filter(|&p| self.terms.iter().any(|t| t.actor == p && t.covers(date)));
        match (in_office.next(), in_office.next()) {
            (Some(p), None) => Some(p),
            _ => None,
        }
    }

    /// A well-known person with this first name whose surname is a spelling variant
    /// of `surname` ("Zohrab Mnatsakanian" → Zohrab Mnatsakanyan). Of namesakes
    /// ("George Bush": father and son), the only one in office on `date`, else none.
    pub fn similar_person(&self, first: &str, surname: &str, date: Option<Date>) -> Option<usize> {
        let mut found: Vec<usize> = self
            .people_by_surname
            .iter()
            .filter(|(s, _)| super::actors::similar_surname(s, surname))
            .flat_map(|(_, people)| people.iter().copied())
            .filter(|&p| {
                let a = &self.actors[p];
                std::iter::once(&a.name)
                    .chain(a.aliases.iter())
                    .any(|n| n.split(' ').next() == Some(first))
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        if let [only] = found.as_slice() {
            return Some(*only);
        }
        let date = date?;
        let mut in_office = found
            .into_iter()
            .filter(|&p| self.terms.iter().any(|t| t.actor == p && t.covers(date)));
        match (in_office.next(), in_office.next()) {
            (Some(p), None) => Some(p),
            _ => None,
        }
    }

    /// The only person in office on `date` whose title ends with the word `title_end`
    /// ("minister", "president") and whose name begins with `given`: "Prime Minister
    /// Abiy" is Abiy Ahmed.
    pub fn holder_by_given_name(&self, title_end: &str, given: &str, date: Date) -> Option<usize> {
        let mut holders = self
            .terms_by_title_end
            .get(title_end.to_ascii_lowercase().as_str())?
            .iter()
            .map(|&i| &self.terms[i])
            .filter(|t| t.covers(date))
            .map(|t| t.actor)
            .filter(|&p| self.actors[p].name.split(' ').next() == Some(given));
        let first = holders.next()?;
        holders.all(|p| p == first).then_some(first)
    }

    /// Who held `role` for `affiliation` on `date` (case-insensitive role match).
    pub fn office_holder(&self, role: &str, affiliation: &str, date: Date) -> Option<usize> {
        self.terms
            .iter()
            .filter(|t| t.role.eq_ignore_ascii_case(role) && t.affiliation == affiliation)
            .find(|t| t.covers(date))
            .map(|t| t.actor)
    }

    /// Whether a word, in any case, is an everyday English word or an inflection of one
    /// ("Asked", "Moments"): such a word opening a sentence is not a name.
    pub fn is_common_word(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        let stems = [
            Some(w.as_str()),
            w.strip_suffix('s'),
            w.strip_suffix("es"),
            w.strip_suffix("ed"),
            w.strip_suffix('d'),
            w.strip_suffix("ing"),
        ];
        stems
            .into_iter()
            .flatten()
            .any(|s| s.len() >= 2 && self.common_words.contains(s))
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
