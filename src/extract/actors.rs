//! Actors and places in an article: states (by name, adjective or capital used as a
//! metonym), organisations and armed groups from the gazetteer, and people — found
//! from their own context (a title before the name, an apposition after it, a verb
//! of saying after a full name), then followed through the article by bare surname
//! and spelling variant ("Mnatsakanian" = "Mnatsakanyan"), or named only by role
//! ("the U.S. secretary of state", resolved against the office holders data for the
//! article's date).
//!
//! A place is kept apart from an actor by its context: "in Moscow" is a place,
//! "brokered by Moscow" is Russia acting.

use super::resources::{Resources, Target};
use super::sentences::Sentence;
use super::tokens::Token;
use crate::domain::{ActorKind, ActorRef, PlaceRef, slugify};
use jiff::civil::Date;
use serde::Serialize;
use std::ops::Range;

/// How an actor mention was recognised (shown by `annotate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    Gazetteer,
    Adjective,
    Capital,
    Title,
    Apposition,
    NameBeforeSpeech,
    Surname,
    Role,
    /// A group the text names by description ("Chechen rebels", "Maoist guerrillas").
    Description,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActorMention {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub actor: ActorRef,
    pub found: Found,
    /// The subject of a verb of saying ("Erdogan said"): a source, not necessarily a party.
    pub speaker: bool,
    /// Inside quotation marks: what someone said, not what the article reports.
    pub quoted: bool,
    /// Part of a person's title ("Azerbaijani Foreign Minister X"): the person's
    /// affiliation, not an actor of its own.
    pub affiliation_only: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub place: PlaceRef,
    /// Introduced as a location ("in", "at", "the town of").
    pub locative: bool,
}

/// A person met in this article, to resolve later surnames against.
#[derive(Debug, Clone)]
struct Person {
    actor: ActorRef,
    first: String,
    surname: String,
}

/// Words before a name that make it a location.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "into",
    "across",
    "over",
    "around",
    "inside",
    "throughout",
    "capital",
    "toward",
    "towards",
    "along",
    "within",
];
/// "the town of Martakert": these words followed by "of" introduce a place.
const PLACE_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "region",
    "province",
    "district",
    "capital",
    "outskirts",
    "suburbs",
];
/// Words after a name that make it an acting party.
const ACTING: &[&str] = &[
    "authorities",
    "officials",
    "forces",
    "army",
    "troops",
    "government",
    "side",
    "leader",
    "leaders",
    "military",
    "'s",
    "defense",
    "foreign",
    "president",
    "prime",
    "officials",
    "has",
    "have",
    "is",
    "was",
    "said",
    "says",
    "accused",
    "denied",
];
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "But",
    "And",
    "For",
    "His",
    "Her",
    "Their",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Twitter",
    "Facebook",
    "Reuters",
    "VOA",
    "AP",
    "AFP",
    "State",
    "Department",
    "Ministry",
    "Council",
    "Security",
    "Office",
    "Service",
    "Group",
    "Minister",
    "President",
    "Secretary",
    "Meanwhile",
    "According",
    "Asked",
    "While",
    "When",
    "After",
    "Before",
    "Within",
    "Despite",
    "Moments",
    "Shortly",
];

/// Finds every actor and place mention in the article.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    sentence_tokens: &[Vec<Token>],
    quotes: &[Range<usize>],
    res: &Resources,
    reference: Option<Date>,
) -> (Vec<ActorMention>, Vec<PlaceMention>) {
    let mut people: Vec<Person> = Vec::new();
    let mut actors = Vec::new();
    let mut places = Vec::new();
    for (si, sentence) in sentences.iter().enumerate() {
        let tokens = &sentence_tokens[si];
        let mut found = SentenceFinder {
            text,
            res,
            tokens,
            sentence: si,
            reference,
            actors: Vec::new(),
            places: Vec::new(),
            taken: Vec::new(),
        };
        found.titled_people(&mut people);
        found.gazetteer_names(&mut people, sentence.range());
        found.named_speakers(&mut people);
        found.surnames(&people);
        found.roles();
        found.unknown_places();
        found.described_groups();
        let SentenceFinder {
            actors: mut a,
            places: p,
            ..
        } = found;
        for m in &mut a {
            m.quoted = super::sentences::within(quotes, m.start, m.end);
            m.speaker = m.speaker || is_speaker(tokens, m.end, res);
        }
        a.sort_by_key(|m| m.start);
        actors.extend(a);
        places.extend(p);
    }
    places.sort_by_key(|p: &PlaceMention| p.start);
    (actors, places)
}

struct SentenceFinder<'a> {
    text: &'a str,
    res: &'a Resources,
    tokens: &'a [Token],
    sentence: usize,
    reference: Option<Date>,
    actors: Vec<ActorMention>,
    places: Vec<PlaceMention>,
    /// Byte ranges already claimed by a mention.
    taken: Vec<Range<usize>>,
}

impl SentenceFinder<'_> {
    fn free(&self, start: usize, end: usize) -> bool {
        !self.taken.iter().any(|r| r.start < end && start < r.end)
    }

    fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    fn push_actor(&mut self, start: usize, end: usize, actor: ActorRef, found: Found) {
        self.taken.push(start..end);
        self.actors.push(ActorMention {
            start,
            end,
            sentence: self.sentence,
            actor,
            found,
            speaker: false,
            quoted: false,
            affiliation_only: false,
        });
    }

    /// "Foreign Minister Jeyhun Bayramov", "spokeswoman, Morgan Ortagus,".
    fn titled_people(&mut self, people: &mut Vec<Person>) {
        let Some(first) = self.tokens.first() else {
            return;
        };
        let range = first.start..self.tokens.last().map_or(first.end, |t| t.end);
        let titles = self.res.find_titles(self.text, range);
        for (ts, te, title) in titles {
            let Some(mut i) = self.tokens.iter().position(|t| t.start >= te) else {
                continue;
            };
            // Allow one comma between a title and the name ("spokeswoman, Morgan Ortagus").
            let gap = &self.text[te..self.tokens[i].start];
            if !(gap.trim().is_empty() || gap.trim() == ",") {
                continue;
            }
            let name_start = i;
            while i < self.tokens.len() && i - name_start < 4 && self.is_name_word(i) {
                i += 1;
                let gap = &self.text[self.tokens[i - 1].end
                    ..self
                        .tokens
                        .get(i)
                        .map_or(self.tokens[i - 1].end, |t| t.start)];
                if !gap.trim().is_empty() {
                    break;
                }
            }
            let count = i - name_start;
            let known_surname =
                count == 1 && people.iter().any(|p| p.surname == self.word(name_start));
            if count < 2 && !known_surname {
                continue;
            }
            let (ns, ne) = (self.tokens[name_start].start, self.tokens[i - 1].end);
            if !self.free(ns, ne) {
                continue;
            }
            let name = &self.text[ns..ne];
            let affiliation = self.affiliation_before(ts);
            let actor = self.person(name, Some(title), affiliation, people);
            self.push_actor(ns, ne, actor, Found::Title);
        }
    }

    /// The state or organisation named just before a title ("Azerbaijani Foreign
    /// Minister", "U.S. Secretary of State", "Armenia's Defense Minister"); marks that
    /// mention as the person's affiliation.
    fn affiliation_before(&mut self, title_start: usize) -> Option<String> {
        let before = self.text[..title_start].trim_end();
        let before = before
            .strip_suffix("'s")
            .or_else(|| before.strip_suffix("’s"))
            .unwrap_or(before);
        let window_start = before.len().saturating_sub(40);
        let window_start = (window_start..=before.len())
            .find(|&i| before.is_char_boundary(i))
            .unwrap_or(before.len());
        let hits = self.res.find_names(self.text, window_start..before.len());
        let hit = hits.last().filter(|h| h.end == before.len())?;
        let actor = hit.targets.iter().find_map(|t| match *t {
            Target::Actor(i) | Target::Adjective(i) => Some(i),
            Target::Capital { state, .. } => Some(state),
            Target::Place(_) => None,
        })?;
        let name = self.res.actors[actor].name.clone();
        let (hs, he) = (hit.start, hit.end);
        if self.free(hs, he) {
            self.push_actor(hs, he, self.res_actor(actor), Found::Adjective);
            if let Some(m) = self.actors.last_mut() {
                m.affiliation_only = true;
            }
        }
        Some(name)
    }

    fn is_name_word(&self, i: usize) -> bool {
        let w = self.word(i);
        let first = w.chars().next().unwrap_or(' ');
        if !first.is_uppercase() || NOT_NAMES.contains(&w) {
            return false;
        }
        // A gazetteer state or adjective is not part of a person's name.
        let t = &self.tokens[i];
        let hits = self.res.find_names(self.text, t.start..t.end);
        !hits.iter().any(|h| {
            h.start == t.start
                && h.end == t.end
                && !h.targets.iter().any(|x| self.is_person_target(*x))
        })
    }

    fn is_person_target(&self, t: Target) -> bool {
        matches!(t, Target::Actor(i) if self.res.actors[i].kind == ActorKind::Person)
    }

    /// A person by the name as written, resolved to the gazetteer when it knows them
    /// (also under a spelling variant), and remembered for later surnames.
    fn person(
        &self,
        name: &str,
        title: Option<&str>,
        affiliation: Option<String>,
        people: &mut Vec<Person>,
    ) -> ActorRef {
        // "Mikhail\nGorbachev's": one name, written on one line, without the possessive.
        let words: Vec<&str> = name
            .split_whitespace()
            .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
            .collect();
        let written = words.join(" ");
        let name = written.as_str();
        let surname = words.last().copied().unwrap_or(name).to_string();
        let first = words.first().copied().unwrap_or(name).to_string();
        if let Some(p) = people.iter().find(|p| {
            (words.len() == 1 && similar_surname(&p.surname, &surname))
                || (p.first == first && similar_surname(&p.surname, &surname))
        }) {
            return p.actor.clone();
        }
        let gazetteer = self
            .res
            .actor_named(name)
            .filter(|&i| self.res.actors[i].kind == ActorKind::Person)
            .or_else(|| self.res.similar_person(&first, &surname));
        let actor = match gazetteer {
            Some(i) => self.res_actor(i),
            None => ActorRef {
                name: name.to_string(),
                slug: slugify(name),
                kind: ActorKind::Person,
                role: title.map(str::to_string),
                affiliation,
            },
        };
        let canonical_words: Vec<&str> = actor.name.split_whitespace().collect();
        people.push(Person {
            actor: actor.clone(),
            first: canonical_words.first().copied().unwrap_or("").to_string(),
            surname: canonical_words.last().copied().unwrap_or("").to_string(),
        });
        if gazetteer.is_some() && canonical_words.last() != Some(&surname.as_str()) {
            // Remember the variant as written too ("Mnatsakanian").
            people.push(Person {
                actor: actor.clone(),
                first,
                surname,
            });
        }
        actor
    }

    fn res_actor(&self, i: usize) -> ActorRef {
        let a = &self.res.actors[i];
        ActorRef {
            name: a.name.clone(),
            slug: a.slug.clone(),
            kind: a.kind,
            role: a.role.clone(),
            affiliation: a.affiliation.clone(),
        }
    }

    /// States, organisations, known people and places from the gazetteer.
    fn gazetteer_names(&mut self, people: &mut Vec<Person>, range: Range<usize>) {
        for hit in self.res.find_names(self.text, range) {
            if !self.free(hit.start, hit.end) {
                continue;
            }
            let ti = self
                .tokens
                .iter()
                .position(|t| t.end > hit.start)
                .unwrap_or(0);
            // The word before, looking past articles ("over the Nagorno-Karabakh region").
            let mut back = ti;
            while back > 0 && matches!(self.tokens[back - 1].lower.as_str(), "the" | "a" | "an") {
                back -= 1;
            }
            let prev = back
                .checked_sub(1)
                .map(|p| self.tokens[p].lower.as_str())
                .unwrap_or("");
            let ti = back;
            let prev2 = ti
                .checked_sub(2)
                .map(|p| self.tokens[p].lower.as_str())
                .unwrap_or("");
            let locative =
                LOCATIVE.contains(&prev) || (prev == "of" && PLACE_NOUNS.contains(&prev2));
            let next_word = self.text[hit.end..]
                .trim_start_matches(['-'])
                .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
                .find(|w| !w.is_empty())
                .unwrap_or("")
                .to_lowercase()
                .replace('’', "'");
            let possessive =
                self.text[hit.end..].starts_with("'s") || self.text[hit.end..].starts_with("’s");
            let acting = possessive || ACTING.contains(&next_word.as_str());
            let place = hit.targets.iter().find_map(|t| match *t {
                Target::Place(p) | Target::Capital { place: p, .. } => Some(p),
                _ => None,
            });
            let actor = hit.targets.iter().find_map(|t| match *t {
                Target::Actor(i) | Target::Adjective(i) => Some((i, *t)),
                Target::Capital { state, .. } => Some((state, *t)),
                Target::Place(_) => None,
            });
            match (actor, place) {
                (Some(_), Some(p)) if locative && !possessive => {
                    self.push_place(hit.start, hit.end, p, true)
                }
                // "Karabakh's capital Stepanakert": a possessive before a place noun is a place.
                (Some(_), Some(p))
                    if possessive
                        && PLACE_NOUNS
                            .contains(&next_after_possessive(self.text, hit.end).as_str()) =>
                {
                    self.push_place(hit.start, hit.end, p, false)
                }
                (None, Some(p)) => self.push_place(hit.start, hit.end, p, locative),
                (Some((i, t)), p) => {
                    let kind = self.res.actors[i].kind;
                    if kind == ActorKind::State
                        && locative
                        && !acting
                        && matches!(t, Target::Actor(_))
                        && matches!(prev, "in" | "inside" | "across" | "throughout")
                    {
                        // "in Armenia": the country as a location.
                        self.push_country_place(hit.start, hit.end, i);
                        continue;
                    }
                    if let (Some(p), false) = (p, acting) {
                        // An entity that is also a region ("the Nagorno-Karabakh conflict")
                        // reads as the place unless it acts.
                        if kind == ActorKind::Entity {
                            self.push_place(hit.start, hit.end, p, locative);
                            continue;
                        }
                    }
                    let found = match t {
                        Target::Adjective(_) => Found::Adjective,
                        Target::Capital { .. } => Found::Capital,
                        _ => Found::Gazetteer,
                    };
                    if kind == ActorKind::Person {
                        let a = &self.res.actors[i];
                        let actor = self.person(
                            &a.name.clone(),
                            a.role.clone().as_deref(),
                            a.affiliation.clone(),
                            people,
                        );
                        self.push_actor(hit.start, hit.end, actor, found);
                    } else {
                        self.push_actor(hit.start, hit.end, self.res_actor(i), found);
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn push_place(&mut self, start: usize, end: usize, p: usize, locative: bool) {
        let e = &self.res.places[p];
        // A facility stands for the city it is in ("at the State Department" → Washington).
        if e.kind == "facility" && !locative {
            // "released by the U.S. State Department": the institution, not a location.
            self.taken.push(start..end);
            return;
        }
        let e = match (
            e.kind.as_str(),
            e.located_in
                .as_deref()
                .and_then(|c| self.res.place_named(c)),
        ) {
            ("facility", Some(c)) => &self.res.places[c],
            _ => e,
        };
        let place = PlaceRef {
            name: e.name.clone(),
            slug: e.slug.clone(),
            kind: e.kind.clone(),
            country: e.country.clone(),
        };
        self.claim_place(start, end, place, locative);
    }

    /// Records a place mention and claims its words.
    fn claim_place(&mut self, start: usize, end: usize, place: PlaceRef, locative: bool) {
        self.taken.push(start..end);
        self.places.push(PlaceMention {
            start,
            end,
            sentence: self.sentence,
            place,
            locative,
        });
    }

    /// "near Khankala", "in the town of Hosingow", "in Saada province": capitalised
    /// words the gazetteer does not know, introduced as a location by a preposition.
    /// The place keeps the name as written, with the kind "place".
    fn unknown_places(&mut self) {
        const PREPOSITIONS: &[&str] = &["in", "near", "outside", "around", "into", "at"];
        const SUFFIXES: &[&str] = &[
            "province",
            "region",
            "district",
            "governorate",
            "state",
            "county",
            "valley",
            "camp",
            "border",
            "area",
        ];
        let n = self.tokens.len();
        let mut i = 0;
        while i < n {
            if !PREPOSITIONS.contains(&self.tokens[i].lower.as_str()) {
                i += 1;
                continue;
            }
            let clause = self.tokens[i].clause;
            let mut j = i + 1;
            // "in the town of Hosingow"
            if j + 2 < n
                && self.tokens[j].lower == "the"
                && PLACE_NOUNS.contains(&self.tokens[j + 1].lower.as_str())
                && self.tokens[j + 2].lower == "of"
            {
                j += 3;
            }
            let first = j;
            while j < n && j - first < 3 && self.tokens[j].clause == clause && self.is_place_word(j)
            {
                j += 1;
            }
            if j == first {
                i += 1;
                continue;
            }
            let last = if j < n && SUFFIXES.contains(&self.tokens[j].lower.as_str()) {
                j
            } else {
                j - 1
            };
            let (start, end) = (self.tokens[first].start, self.tokens[last].end);
            if self.free(start, end) {
                let name = one_line(&self.text[start..end]);
                let place = PlaceRef {
                    slug: crate::domain::slugify(&name),
                    name,
                    kind: "place".into(),
                    country: None,
                };
                self.claim_place(start, end, place, true);
            }
            i = last + 1;
        }
    }

    /// "Chechen rebels", "Islamist militants", "Sunni militia": capitalised words the
    /// gazetteer does not know before a noun for an armed group. The guidelines give
    /// such a group the label the text uses.
    fn described_groups(&mut self) {
        let nouns = &self.res.lexicon.groups.nouns;
        for j in 1..self.tokens.len() {
            if !nouns.iter().any(|n| *n == self.tokens[j].lower) {
                continue;
            }
            let mut first = j;
            while first > 0
                && j - first < 2
                && self.tokens[first - 1].clause == self.tokens[j].clause
                && self.is_place_word(first - 1)
            {
                first -= 1;
            }
            let (start, end) = (self.tokens[first].start, self.tokens[j].end);
            if first == j || !self.free(start, end) {
                continue;
            }
            let name = one_line(&self.text[start..end]);
            let actor = ActorRef {
                slug: crate::domain::slugify(&name),
                name,
                kind: ActorKind::ArmedGroup,
                role: None,
                affiliation: None,
            };
            self.push_actor(start, end, actor, Found::Description);
        }
    }

    /// A capitalised word that could be (part of) a place name: not a function word, a
    /// month or a weekday, not an abbreviation, and not already claimed.
    fn is_place_word(&self, j: usize) -> bool {
        let t = &self.tokens[j];
        let w = self.word(j);
        let bare = w.trim_end_matches("'s").trim_end_matches("’s");
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().any(char::is_lowercase)
            && !NOT_NAMES.contains(&bare)
            && self.free(t.start, t.end)
    }

    fn push_country_place(&mut self, start: usize, end: usize, state: usize) {
        let a = &self.res.actors[state];
        let place = PlaceRef {
            name: a.name.clone(),
            slug: a.slug.clone(),
            kind: "country".into(),
            country: Some(a.name.clone()),
        };
        self.claim_place(start, end, place, true);
    }

    /// "Armen Grigorian charged that ...": two or three capitalised words, unknown to
    /// the gazetteer, directly before a verb of saying.
    fn named_speakers(&mut self, people: &mut Vec<Person>) {
        let n = self.tokens.len();
        let mut i = 0;
        while i < n {
            let mut j = i;
            while j < n && j - i < 3 && self.is_name_word(j) && !self.tokens[j].lower.contains('.')
            {
                j += 1;
            }
            if j - i >= 2
                && j < n
                && self
                    .res
                    .lexicon
                    .speech
                    .verbs
                    .contains(&self.tokens[j].lower)
            {
                let (s, e) = (self.tokens[i].start, self.tokens[j - 1].end);
                if self.free(s, e) {
                    let name = self.text[s..e].to_string();
                    let actor = self.person(&name, None, None, people);
                    self.push_actor(s, e, actor, Found::NameBeforeSpeech);
                }
                i = j;
                continue;
            }
            // "Artak Beglaryan, the human rights ombudsman of Artsakh, accused ...".
            if j - i >= 2
                && j < n
                && self.text[self.tokens[j - 1].end..self.tokens[j].start].trim() == ","
                && self.tokens[j].lower == "the"
            {
                let (s, e) = (self.tokens[i].start, self.tokens[j - 1].end);
                let clause_end = self.tokens[j..]
                    .iter()
                    .take_while(|t| t.clause == self.tokens[j].clause)
                    .last()
                    .map_or(e, |t| t.end);
                let title = self
                    .res
                    .find_titles(self.text, e..clause_end)
                    .first()
                    .map(|t| t.2.to_string());
                if title.is_some() && self.free(s, e) {
                    let name = self.text[s..e].to_string();
                    let actor = self.person(&name, title.as_deref(), None, people);
                    self.push_actor(s, e, actor, Found::Apposition);
                    // The "of X" in the apposition is the person's affiliation.
                    for m in self.actors.iter_mut() {
                        if m.start > e && m.end <= clause_end {
                            m.affiliation_only = true;
                        }
                    }
                    self.mark_affiliation_hits(e..clause_end);
                }
                i = j;
                continue;
            }
            i = j.max(i + 1);
        }
    }

    /// Claims the gazetteer names inside a person's apposition as their affiliation.
    fn mark_affiliation_hits(&mut self, range: Range<usize>) {
        for hit in self.res.find_names(self.text, range) {
            if self.free(hit.start, hit.end) {
                self.taken.push(hit.start..hit.end);
            }
        }
    }

    /// Bare surnames of people met earlier ("Pompeo", "Bayramov"), spelling variants
    /// included; or of well-known office holders.
    fn surnames(&mut self, people: &[Person]) {
        for i in 0..self.tokens.len() {
            let t = &self.tokens[i];
            if !self.free(t.start, t.end) {
                continue;
            }
            let w = self.word(i).trim_end_matches("'s").trim_end_matches("’s");
            if w.chars().count() < 4
                || !w.starts_with(|c: char| c.is_uppercase())
                || NOT_NAMES.contains(&w)
            {
                continue;
            }
            let end = t.start + w.len();
            if let Some(p) = people.iter().find(|p| similar_surname(&p.surname, w)) {
                let actor = p.actor.clone();
                self.push_actor(t.start, end, actor, Found::Surname);
                continue;
            }
            if let Some(i) = self.res.person_by_surname(w, self.reference) {
                let actor = self.res_actor(i);
                self.push_actor(t.start, end, actor, Found::Surname);
            }
        }
    }

    /// Offices named without a name: "the U.S. secretary of state", "the top U.S.
    /// diplomat" — the holder on the article's date.
    fn roles(&mut self) {
        let Some(date) = self.reference else { return };
        for i in 0..self.tokens.len() {
            if let Some((words, role)) = self.res.sets.roles.longest_at(self.tokens, i) {
                let end_tok = i + words - 1;
                let (s, e) = (self.tokens[i].start, self.tokens[end_tok].end);
                if !self.free(s, e) {
                    continue;
                }
                // Part of a longer title ("Deputy Secretary of State", "Secretary of State
                // for Defence"), or followed by a name: not an office named on its own.
                let before = i.checked_sub(1).map(|p| self.tokens[p].lower.as_str());
                if matches!(
                    before,
                    Some("deputy" | "assistant" | "under" | "former" | "ex" | "acting" | "vice")
                ) || self
                    .tokens
                    .get(end_tok + 1)
                    .is_some_and(|t| t.lower == "of" || t.lower == "for")
                {
                    continue;
                }
                // Followed by a name: the titled-person rule handles it.
                if end_tok + 1 < self.tokens.len() && self.is_name_word(end_tok + 1) {
                    continue;
                }
                // The affiliation: an adjective or state name among the two words before
                // (or inside "top U.S. diplomat").
                let window_start = self.tokens[i.saturating_sub(2)].start;
                let state = self
                    .res
                    .find_names(self.text, window_start..e)
                    .into_iter()
                    .find_map(|h| {
                        h.targets.iter().find_map(|t| match *t {
                            Target::Actor(a) | Target::Adjective(a)
                                if self.res.actors[a].kind == ActorKind::State =>
                            {
                                Some(a)
                            }
                            _ => None,
                        })
                    });
                let Some(state) = state else { continue };
                let state_name = self.res.actors[state].name.clone();
                if let Some(holder) = self.res.office_holder(role, &state_name, date) {
                    for m in self.actors.iter_mut() {
                        if m.start >= window_start && m.end <= e {
                            m.affiliation_only = true;
                        }
                    }
                    let actor = self.res_actor(holder);
                    self.push_actor(s, e, actor, Found::Role);
                }
            }
        }
    }
}

/// The word after "X's".
/// A name as written, its line breaks and runs of spaces made single spaces.
fn one_line(written: &str) -> String {
    written.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn next_after_possessive(text: &str, end: usize) -> String {
    text[end..]
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_lowercase()
}

/// Whether the words after a mention make it the subject of a verb of saying.
fn is_speaker(tokens: &[Token], mention_end: usize, res: &Resources) -> bool {
    let Some(i) = tokens.iter().position(|t| t.start >= mention_end) else {
        return false;
    };
    let speech = |k: usize| res.sets.speech.starts_at(tokens, k);
    let w = |k: usize| tokens.get(k).map(|t| t.lower.as_str()).unwrap_or("");
    speech(i)
        || (matches!(w(i), "has" | "had" | "have" | "also" | "later" | "then") && speech(i + 1))
}

/// Same surname allowing transliteration variants: equal, or at most two edits apart
/// with the same first letter in names of five or more letters.
pub fn similar_surname(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Cheap rejections first: this runs against every surname of the gazetteer, and
    // an edit distance of at most 2 needs lengths within 2 of each other.
    let (mut ia, mut ib) = (a.chars(), b.chars());
    if ia.next() != ib.next() {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la < 5 || lb < 5 || la.abs_diff(lb) > 2 {
        return false;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    levenshtein(&ca, &cb) <= 2
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1)
                .min(cur[j] + 1)
                .min(prev[j] + usize::from(ca != cb));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_are_the_same_surname() {
        assert!(similar_surname("Mnatsakanyan", "Mnatsakanian"));
        assert!(similar_surname("Pashinyan", "Pashinian"));
        assert!(!similar_surname("Aliyev", "Bayramov"));
        assert!(!similar_surname("Pompeo", "Putin"));
    }
}
