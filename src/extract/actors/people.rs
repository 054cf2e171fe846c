//! People: named after a title, in an apposition, before a verb of saying, by a
//! bare surname met before, or only by office (resolved through the office holders
//! for the article's date).

use super::{Found, Person, SentenceFinder};
use crate::domain::{ActorKind, ActorRef, slugify};
use crate::extract::resources::Target;
use std::ops::Range;

impl SentenceFinder<'_> {
    /// "Foreign Minister Jeyhun Bayramov", "spokeswoman, Morgan Ortagus,".
    pub(super) fn titled_people(&mut self, people: &mut Vec<Person>) {
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
                // A middle initial's full stop ("Antony J. Blinken") stays inside the name.
                let initial = gap.trim() == "." && self.word(i - 1).chars().count() == 1;
                if !gap.trim().is_empty() && !initial {
                    break;
                }
            }
            let count = i - name_start;
            if count == 0 || (count == 1 && !self.titled_surname(name_start, people)) {
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

    /// Whether the one word after a title names a person by surname: someone met
    /// earlier in the article, or a word that is no everyday English word ("President
    /// Ouattara", "Mr. Djotodia"; not "General Assembly"). Office holders the data
    /// knows by surname ("President Putin") or by given name ("Prime Minister Abiy")
    /// are left to `surnames`, which names them in full.
    fn titled_surname(&self, i: usize, people: &[Person]) -> bool {
        let w = self.word(i);
        let bare = w.trim_end_matches("'s").trim_end_matches("’s");
        if people.iter().any(|p| p.surname == bare) {
            return true;
        }
        let holder_by_given_name = |date| {
            i.checked_sub(1).is_some_and(|title| {
                self.res
                    .holder_by_given_name(&self.tokens[title].lower, bare, date)
                    .is_some()
            })
        };
        bare.chars().count() >= 3
            && !self.res.is_common_word(bare)
            && self.res.person_by_surname(bare, self.reference).is_none()
            && !self.reference.is_some_and(holder_by_given_name)
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

    pub(super) fn is_name_word(&self, i: usize) -> bool {
        let w = self.word(i);
        let first = w.chars().next().unwrap_or(' ');
        if !first.is_uppercase() || self.never_a_name(i, w) {
            return false;
        }
        // A gazetteer state, adjective or organisation is not part of a person's name;
        // a town's name can be a surname ("Yasushi Akashi").
        let t = &self.tokens[i];
        let hits = self.res.find_names(self.text, t.start..t.end);
        !hits.iter().any(|h| {
            h.start == t.start
                && h.end == t.end
                && !h.targets.iter().any(|x| self.is_person_target(*x))
                && !h.targets.iter().all(|x| matches!(x, Target::Place(_)))
        })
    }

    fn is_person_target(&self, t: Target) -> bool {
        matches!(t, Target::Actor(i) if self.res.actors[i].kind == ActorKind::Person)
    }

    /// A person by the name as written, resolved to the gazetteer when it knows them
    /// (also under a spelling variant), and remembered for later surnames.
    pub(super) fn person(
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
            // "Hassan Abdi Mohamed" is not Hassan Sheikh Mohamud: a middle name the
            // known person does not have makes it someone else.
            .or_else(|| {
                self.res
                    .similar_person(&first, &surname, self.reference)
                    .filter(|&i| middle_names_agree(&words, &self.res.actors[i].name))
            });
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

    /// "Armen Grigorian charged that ...": two or three capitalised words, unknown to
    /// the gazetteer, directly before a verb of saying.
    pub(super) fn named_speakers(&mut self, people: &mut Vec<Person>) {
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
    pub(super) fn surnames(&mut self, people: &[Person]) {
        for i in 0..self.tokens.len() {
            let t = &self.tokens[i];
            if !self.free(t.start, t.end) {
                continue;
            }
            let w = self.word(i).trim_end_matches("'s").trim_end_matches("’s");
            if w.chars().count() < 4
                || !w.starts_with(|c: char| c.is_uppercase())
                || self.never_a_name(i, w)
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
                continue;
            }
            // "Prime Minister Abiy", "President Isaias": where custom puts the given
            // name first, a title and that name alone name the holder of the office.
            if let (Some(title), Some(date)) = (i.checked_sub(1), self.reference)
                && let Some(p) = self
                    .res
                    .holder_by_given_name(&self.tokens[title].lower, w, date)
            {
                let actor = self.res_actor(p);
                self.push_actor(t.start, end, actor, Found::Surname);
            }
        }
    }

    /// Offices named without a name: "the U.S. secretary of state", "the top U.S.
    /// diplomat" — the holder on the article's date.
    pub(super) fn roles(&mut self) {
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
    strsim::levenshtein(a, b) <= 2
}

/// Whether every middle word of a written name (between the first and the last) is
/// also a word of the known person's name; a name of two words has none to disagree.
fn middle_names_agree(written: &[&str], known: &str) -> bool {
    let middle = written
        .get(1..written.len().saturating_sub(1))
        .unwrap_or(&[]);
    middle.iter().all(|w| known.split(' ').any(|k| k == *w))
}
