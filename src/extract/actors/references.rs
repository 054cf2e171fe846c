//! Armed groups named again by a definite noun: "Islamic militants are blamed for
//! the deaths … the militants killed eight soldiers", "a Saudi-led coalition …
//! accused the coalition of bombing". The noun phrase stands for the most recent
//! non-state armed group of the article whose name holds the noun, or, for nouns
//! that fit any armed group ("the group", "the militants"), the most recent one. The
//! nouns are lexicon data (`[groups]` in `lexicon.toml`). Also groups the gazetteer
//! lacks, named by their own name and a noun for an armed body ("the Maute group").

use super::{Found, SentenceFinder};
use crate::domain::{ActorKind, ActorRef};
use crate::extract::resources::{Resources, listed};

/// Whether an actor is a non-state armed group: an armed group that belongs to no
/// state (a state's army is named by its state, not by "the group").
pub(super) fn non_state_group(res: &Resources, a: &ActorRef) -> bool {
    a.kind == ActorKind::ArmedGroup
        && a.affiliation.as_deref().is_none_or(|aff| {
            res.actor_named(aff)
                .is_none_or(|i| res.actors[i].kind != ActorKind::State)
        })
}

impl SentenceFinder<'_> {
    /// "held by the Maute group", "the Ras Kamboni militia": capitalised words the
    /// gazetteer does not know, after "the" and before a noun for an armed body
    /// (`[groups] name_endings`), name a group of their own, labelled as written.
    pub(super) fn named_groups(&mut self) {
        for k in 2..self.tokens.len() {
            if !listed(&self.res.lexicon.groups.name_endings, &self.tokens[k].lower) {
                continue;
            }
            let first = self.name_words_before(k, 3);
            let after_the = first
                .checked_sub(1)
                .is_some_and(|p| self.tokens[p].lower == "the");
            let (start, end) = (self.tokens[first].start, self.tokens[k].end);
            if first == k || !after_the || !self.free(start, end) {
                continue;
            }
            self.push_described_group(start, end);
        }
    }

    /// "the Patriotic Liberation Front", "rebels of the Northern Alliance Army", "the
    /// National Front for the Liberation of Kivu": capitalised words ending in a
    /// capitalised noun for an armed or political body (`[groups] proper_heads`), with
    /// "of"/"for" and more capitalised words after it, name a group, labelled as
    /// written, whether or not the gazetteer knows it or part of it. Known names
    /// inside the span ("Kivu", a shorter alias) give way to it. A sentence in title
    /// case says nothing by its capitals.
    pub(super) fn proper_groups(&mut self) {
        let n = self.tokens.len();
        let capitals = (0..n).filter(|&i| self.is_capitalised(i)).count();
        if n >= 4 && capitals * 10 >= n * 6 {
            return;
        }
        let heads = &self.res.lexicon.groups.proper_heads;
        let mut k = 1;
        while k < n {
            if !listed(heads, self.word(k)) {
                k += 1;
                continue;
            }
            let clause = self.tokens[k].clause;
            // Back over the name's words, "and" and "of" inside it ("Justice and
            // Equality Movement").
            let mut first = k;
            let mut j = k;
            while j > 0 && k - j < 7 && self.tokens[j - 1].clause == clause {
                let p = j - 1;
                if self.is_name_part(p) {
                    first = p;
                } else if !(matches!(self.tokens[p].lower.as_str(), "and" | "of")
                    && p > 0
                    && self.is_name_part(p - 1))
                {
                    break;
                }
                j = p;
            }
            // On to "of"/"for" [the] and more capitalised words ("Front of Liberia").
            let mut last = k;
            if k + 2 < n && matches!(self.tokens[k + 1].lower.as_str(), "of" | "for") {
                let mut j = k + 2;
                if self.tokens[j].lower == "the" {
                    j += 1;
                }
                while j < n && j - k <= 8 && self.tokens[j].clause == clause {
                    if self.is_name_part(j) && !self.names_a_body(j) {
                        last = j;
                    } else if !(matches!(self.tokens[j].lower.as_str(), "of" | "and" | "the")
                        && j + 1 < n
                        && self.is_name_part(j + 1))
                    {
                        break;
                    }
                    j += 1;
                }
            }
            let head = k;
            // A name the gazetteer knows up to this noun ("Revolutionary Guards" of
            // "Iran's Revolutionary Guards") stays known unless the name goes on
            // ("National Front" of "the National Front for the Liberation of Kivu").
            let head_end = self.tokens[k].end;
            if let Some(known) = self
                .actors
                .iter()
                .find(|m| m.end == head_end && m.actor.kind != ActorKind::Person)
            {
                if last == k {
                    k += 1;
                    continue;
                }
                first = self.tokens.partition_point(|t| t.start < known.start);
            }
            let next = last + 1;
            k = next;
            // A head with no words before it names a body only as "the" head "of"
            // more of them ("the Movement of Democratic Forces of Casamance").
            let the_head_of = last > head && self.tokens[head - 1].lower == "the";
            if (first == head && !the_head_of)
                || (first..=last).any(|i| is_ordinal(&self.tokens[i].lower))
                || (next < n && self.is_name_part(next))
                || (first + 1 == last && self.opens_sentence(first) && {
                    let w = self.word(first);
                    self.res.is_common_word(w)
                })
            {
                continue;
            }
            let (start, end) = (self.tokens[first].start, self.tokens[last].end);
            // "the Syrian Army", "the Nigerian Air Force": a state's force by its own
            // name, which belongs to the state.
            let state = self
                .actors
                .iter()
                .find(|m| m.start == start && m.actor.kind == ActorKind::State)
                .map(|m| m.actor.name.clone());
            if !self.claim_whole(start, end) {
                continue;
            }
            self.push_described_group(start, end);
            if let Some(m) = self.actors.last_mut() {
                m.actor.affiliation = state;
            }
        }
    }

    /// A capitalised word that can be part of an organisation's name: known names
    /// included ("Sudan", "Kivu"), function words, months and weekdays not.
    fn is_name_part(&self, i: usize) -> bool {
        const FUNCTION_WORDS: &[&str] = &[
            "the", "a", "an", "on", "in", "at", "but", "and", "for", "his", "her", "their", "it",
            "he", "she", "they", "we", "i", "this", "that", "these", "those", "its",
        ];
        let w = self.word(i);
        let bare = w.trim_end_matches("'s").trim_end_matches("’s");
        self.is_capitalised(i)
            && w.chars().any(char::is_lowercase)
            && !FUNCTION_WORDS.contains(&self.tokens[i].lower.as_str())
            && !crate::domain::calendar::is_calendar_name(bare)
    }

    fn is_capitalised(&self, i: usize) -> bool {
        self.word(i).starts_with(char::is_uppercase)
    }

    /// Whether word `i` is part of a person's or an organisation's name already found:
    /// "the Army of President X" and "the al-Ghadeer Brigade of the Revolutionary
    /// Guards" name two, not one.
    fn names_a_body(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        self.actors.iter().any(|m| {
            !matches!(m.actor.kind, ActorKind::State) && m.start <= t.start && t.end <= m.end
        })
    }

    /// Claims `start..end` for a name that replaces the mentions wholly inside it;
    /// false when the span is one mention already, or a mention crosses its edges.
    fn claim_whole(&mut self, start: usize, end: usize) -> bool {
        let inside = |r: &std::ops::Range<usize>| start <= r.start && r.end <= end;
        if self
            .taken
            .iter()
            .any(|r| r.start < end && start < r.end && !inside(r))
            || self.taken.iter().any(|r| r.start == start && r.end == end)
        {
            return false;
        }
        self.taken.retain(|r| !inside(r));
        self.actors.retain(|m| !inside(&(m.start..m.end)));
        self.places.retain(|p| !inside(&(p.start..p.end)));
        true
    }

    /// "the militants", "the coalition": the most recent fitting group of `earlier`
    /// (most recent last), when the words are not already part of a name.
    pub(super) fn group_references(&mut self, earlier: &[ActorRef]) {
        for j in 1..self.tokens.len() {
            if self.tokens[j - 1].lower != "the" {
                continue;
            }
            let groups = &self.res.lexicon.groups;
            let noun = self.tokens[j].lower.as_str();
            let any = listed(&groups.refer_to_any, noun);
            if !any && !listed(&groups.refer_by_name, noun) {
                continue;
            }
            let (start, end) = (self.tokens[j - 1].start, self.tokens[j].end);
            // "the rebels' drive" is still them; "the group's leader" too, but
            // "the Seleka rebels" is a name the other passes have claimed.
            if !self.free(start, end) {
                continue;
            }
            let stem = noun.trim_end_matches('s');
            let Some(group) = earlier.iter().rev().find(|a| {
                any || a
                    .name
                    .to_lowercase()
                    .split([' ', '-'])
                    .any(|w| w.trim_end_matches('s') == stem)
            }) else {
                continue;
            };
            self.push_actor(start, end, group.clone(), Found::Reference);
        }
    }
}

/// "Fifth", "21st": a numbered unit ("the Fifth Army Corps", "the 21st Brigade") is
/// part of a force, not a group of its own.
fn is_ordinal(lower: &str) -> bool {
    const ORDINALS: &[&str] = &[
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    ORDINALS.contains(&lower)
        || (lower.starts_with(|c: char| c.is_ascii_digit())
            && ["st", "nd", "rd", "th"].iter().any(|s| lower.ends_with(s)))
}

#[cfg(test)]
mod tests {
    use crate::extract::actors::tests::extracted;

    fn actors_of_sentence(text: &str, sentence: usize) -> Vec<String> {
        extracted(text)
            .actors
            .iter()
            .filter(|m| m.sentence == sentence)
            .map(|m| m.actor.name.clone())
            .collect()
    }

    #[test]
    fn the_militants_are_the_group_named_before() {
        let names = actors_of_sentence(
            "Islamic militants are blamed for the bombing. The militants killed eight soldiers.",
            1,
        );
        assert_eq!(names, ["Islamic militants"]);
    }

    #[test]
    fn the_coalition_needs_a_coalition_and_a_state_army_is_no_group() {
        let names = actors_of_sentence(
            "Russian troops shelled the town. The coalition denied it. The group attacked.",
            1,
        );
        assert!(names.is_empty(), "{names:?}");
        let names = actors_of_sentence(
            "Russian troops shelled the town. The coalition denied it. The group attacked.",
            2,
        );
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn a_group_outside_the_gazetteer_is_read_up_to_its_head_noun() {
        let names = actors_of_sentence(
            "The Kamba Liberation Front attacked a police post on Monday.",
            0,
        );
        assert_eq!(names, ["Kamba Liberation Front"]);
        let names = actors_of_sentence(
            "The Popular Front for the Liberation of Ruvu said it shelled the airport.",
            0,
        );
        assert_eq!(names, ["Popular Front for the Liberation of Ruvu"]);
        let names = actors_of_sentence(
            "Talks resumed with the Movement of Democratic Forces of Ruvu on Monday.",
            0,
        );
        assert_eq!(names, ["Movement of Democratic Forces of Ruvu"]);
        // A head alone, with no "the" before it, is a common noun's capital.
        let names = actors_of_sentence("Army of veterans marched on Monday.", 0);
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn a_state_adjective_before_a_force_is_its_affiliation() {
        let found = extracted("The Nigerian Air Force bombed a camp on Monday.");
        let force = found
            .actors
            .iter()
            .find(|m| m.actor.name == "Nigerian Air Force")
            .unwrap_or_else(|| panic!("{:#?}", found.actors));
        assert_eq!(force.actor.affiliation.as_deref(), Some("Nigeria"));
    }

    #[test]
    fn numbered_units_headlines_and_sentence_openers_are_no_groups() {
        for (text, not) in [
            (
                "The Fifth Army Corps moved north on Monday.",
                "Fifth Army Corps",
            ),
            ("Rebels Attack Army Base As Talks Resume", "Army Base"),
            ("Security Forces said the road was open.", "Security Forces"),
        ] {
            let names = actors_of_sentence(text, 0);
            assert!(!names.iter().any(|n| n.contains(not)), "{text}: {names:?}");
        }
    }
}
