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

mod people;
mod places;
mod references;

pub use people::similar_surname;

use super::resources::{NameLexicon, Resources, listed};
use super::sentences::Sentence;
use super::tokens::Token;
use crate::domain::{ActorRef, PlaceRef};
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
    /// A group named again by a definite noun ("the militants", "the coalition").
    Reference,
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
    // Non-state armed groups met so far, most recent last, for "the militants".
    let mut groups: Vec<ActorRef> = Vec::new();
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
        found.proper_groups();
        found.named_speakers(&mut people);
        found.surnames(&people);
        found.roles();
        found.borders();
        found.unknown_places();
        found.place_lists();
        found.described_groups();
        found.named_groups();
        found.group_references(&groups);
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
        for m in a.iter().filter(|m| !m.quoted) {
            if references::non_state_group(res, &m.actor) {
                groups.retain(|g| g.slug != m.actor.slug);
                groups.push(m.actor.clone());
            }
        }
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

    fn names(&self) -> &NameLexicon {
        &self.res.lexicon.names
    }

    /// A capitalised word that is never a name or part of one: a listed word
    /// (`[names] not_names`), a month or weekday, or an everyday word opening a
    /// sentence or a quotation ("Separately", "Later", "However"), where capitals
    /// say nothing.
    fn never_a_name(&self, i: usize, word: &str) -> bool {
        listed(&self.names().not_names, word)
            || crate::domain::calendar::is_calendar_name(word)
            || (self.opens_sentence(i) && self.res.is_common_word(word))
    }

    fn opens_sentence(&self, i: usize) -> bool {
        i == 0 || {
            let gap = &self.text[self.tokens[i - 1].end..self.tokens[i].start];
            gap.contains(['"', '“', ':', '(', '—'])
        }
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

    /// A group the gazetteer lacks, named by the words at `start..end` as written.
    fn push_described_group(&mut self, start: usize, end: usize) {
        let actor = ActorRef::described_group(one_line(&self.text[start..end]));
        self.push_actor(start, end, actor, Found::Description);
    }

    /// The first of up to `max` capitalised words the gazetteer lacks that stand
    /// right before token `k` in its clause ("Chechen" of "Chechen rebels", "Ras
    /// Kamboni" of "the Ras Kamboni militia"); `k` itself when there are none.
    fn name_words_before(&self, k: usize, max: usize) -> usize {
        let mut first = k;
        while first > 0
            && k - first < max
            && self.tokens[first - 1].clause == self.tokens[k].clause
            && self.is_place_word(first - 1)
        {
            first -= 1;
        }
        first
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
}

/// A name as written, its line breaks and runs of spaces made single spaces.
fn one_line(written: &str) -> String {
    written.split_whitespace().collect::<Vec<_>>().join(" ")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{ArticleText, Extraction, Resources, extract};

    pub(super) fn extracted(text: &str) -> Extraction {
        let res = Resources::embedded().expect("the embedded gazetteer loads");
        let article = ArticleText {
            title: None,
            text,
            published: Some(jiff::civil::date(2023, 12, 6)),
        };
        extract(article, &res, None)
    }

    #[test]
    fn a_middle_initial_stays_inside_a_titled_name() {
        let found =
            extracted("Foreign Minister Maria K. Lindqvist spoke with the envoy on Monday.");
        let names: Vec<&str> = found.actors.iter().map(|m| m.actor.name.as_str()).collect();
        assert_eq!(names, ["Maria K. Lindqvist"]);
    }

    #[test]
    fn a_town_s_name_can_be_a_titled_person_s_surname() {
        let found = extracted("UN envoy Yasushi Akashi met the two leaders in Pale on Sunday.");
        let names: Vec<&str> = found.actors.iter().map(|m| m.actor.name.as_str()).collect();
        assert!(names.contains(&"Yasushi Akashi"), "{names:?}");
    }

    #[test]
    fn two_nationality_adjectives_name_a_people_s_force() {
        let found = extracted("Bosnian Serb forces shelled Sarajevo on Sunday.");
        let names: Vec<&str> = found.actors.iter().map(|m| m.actor.name.as_str()).collect();
        assert_eq!(names, ["Bosnian Serb forces"]);
    }

    #[test]
    fn people_of_a_nation_counted_are_victims_not_the_state() {
        let found =
            extracted("At least eight Palestinians are killed in Israeli airstrikes on Gaza.");
        let fight = &found.events[0];
        let names: Vec<&str> = fight.actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Israel"]);
    }

    #[test]
    fn a_title_and_an_unfamiliar_word_name_a_person_by_surname() {
        let found = extracted("President Ouattara met the General Assembly on Monday.");
        let names: Vec<&str> = found.actors.iter().map(|m| m.actor.name.as_str()).collect();
        assert!(names.contains(&"Ouattara"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("Assembly")), "{names:?}");
    }

    #[test]
    fn namesakes_neither_in_office_stay_as_written() {
        // Father and son were both President George Bush; in 2023 neither is in office.
        let found = extracted("Former President George Bush met the envoy on Monday.");
        let names: Vec<&str> = found.actors.iter().map(|m| m.actor.name.as_str()).collect();
        assert_eq!(names, ["George Bush"]);
    }

    #[test]
    fn transliteration_variants_are_the_same_surname() {
        assert!(similar_surname("Mnatsakanyan", "Mnatsakanian"));
        assert!(similar_surname("Pashinyan", "Pashinian"));
        assert!(!similar_surname("Aliyev", "Bayramov"));
        assert!(!similar_surname("Pompeo", "Putin"));
    }
}
