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
}
