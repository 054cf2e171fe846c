//! The data the extractor runs on: the gazetteer (states, organisations, office
//! holders, places) and the event lexicon, loaded from the files in
//! `seeds/gazetteer/` — embedded into the binary, or read from a user's copy of that
//! folder so that names and trigger words can be extended without recompiling.
//!
//! Everything is compiled once into Aho-Corasick automata; extraction then only
//! looks things up.

use super::tokens::{PhraseSet, word_set};
use crate::domain::{ActorKind, slugify};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const STATES: &str = include_str!("../../seeds/gazetteer/states.tsv");
const ORGANISATIONS: &str = include_str!("../../seeds/gazetteer/organisations.tsv");
const OFFICE_HOLDERS: &str = include_str!("../../seeds/gazetteer/office_holders.tsv");
const PLACES: &str = include_str!("../../seeds/gazetteer/places.tsv");
const LEXICON: &str = include_str!("../../seeds/gazetteer/lexicon.toml");

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
    actor_by_name: HashMap<String, usize>,
    place_by_name: HashMap<String, usize>,
    /// People by the last word of their name or any alias.
    people_by_surname: HashMap<String, Vec<usize>>,
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

impl Resources {
    /// The gazetteer and lexicon built into the binary.
    pub fn embedded() -> Result<Resources, ResourceError> {
        Self::from_sources(
            ("states.tsv", STATES),
            ("organisations.tsv", ORGANISATIONS),
            ("office_holders.tsv", OFFICE_HOLDERS),
            ("places.tsv", PLACES),
            ("lexicon.toml", LEXICON),
        )
    }

    /// A gazetteer folder of the user's, with the same five files as
    /// `seeds/gazetteer/`. A missing file falls back to the built-in one.
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
        Self::from_sources(
            ("states.tsv", &states),
            ("organisations.tsv", &orgs),
            ("office_holders.tsv", &holders),
            ("places.tsv", &places),
            ("lexicon.toml", &lexicon),
        )
    }

    fn from_sources(
        states: (&str, &str),
        orgs: (&str, &str),
        holders: (&str, &str),
        places: (&str, &str),
        lexicon: (&str, &str),
    ) -> Result<Resources, ResourceError> {
        let lexicon: Lexicon = toml::from_str(lexicon.1).map_err(|e| ResourceError::Lexicon {
            file: lexicon.0.to_string(),
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
        b.finish(lexicon)
    }

    /// Every gazetteer name in `text[range]`, longest first, on word boundaries.
    pub fn find_names(&self, text: &str, range: std::ops::Range<usize>) -> Vec<NameHit<'_>> {
        let hay = &text[range.clone()];
        self.names
            .find_iter(hay)
            .filter(|m| on_word_boundary(hay, m.start(), m.end()))
            .map(|m| NameHit {
                start: range.start + m.start(),
                end: range.start + m.end(),
                targets: &self.name_targets[m.pattern().as_usize()],
            })
            .collect()
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
    actor_by_name: HashMap<String, usize>,
    place_by_name: HashMap<String, usize>,
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
        self.places.push(PlaceEntry {
            name: name.to_string(),
            slug: slugify(name),
            kind: kind.to_string(),
            country,
            located_in,
        });
        self.place_by_name.insert(name.to_string(), i);
        i
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
}
