//! Domain types shared by every layer: event kinds, statuses, dates with their
//! precision, casualty figures and slugs; the report of an event that extraction
//! produces, the store keeps and the web shows ([`report`]); and the rule that
//! merges reports into events ([`merge`]). Pure values, no I/O; parsing from strings
//! happens here so that the store and the web layer only ever see valid values.

pub mod calendar;
mod date;
mod error;
mod ids;
pub mod merge;
pub mod report;

pub use date::{
    EventDate, Precision, day_text, long_day_text, long_month_text, month_text, range_text,
};
pub use error::DomainError;
pub use ids::{ArticleKey, EventId, Slug};
pub use report::{
    ActorRef, Basis, DateSource, EventDraft, KnownEvent, MentionSpan, PlaceRef, Reference,
};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What happened: the three kinds of event the timeline tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Talks,
    Ceasefire,
    Fighting,
}

impl EventKind {
    pub const ALL: [EventKind; 3] = [EventKind::Talks, EventKind::Ceasefire, EventKind::Fighting];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Talks => "talks",
            EventKind::Ceasefire => "ceasefire",
            EventKind::Fighting => "fighting",
        }
    }

    /// A human label ("Talks", "Ceasefire", "Fighting").
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Talks => "Talks",
            EventKind::Ceasefire => "Ceasefire",
            EventKind::Fighting => "Fighting",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventKind {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "talks" => Ok(EventKind::Talks),
            "ceasefire" => Ok(EventKind::Ceasefire),
            "fighting" => Ok(EventKind::Fighting),
            _ => Err(DomainError::unknown(
                "event kind",
                s,
                "talks, ceasefire or fighting",
            )),
        }
    }
}

/// How firmly the sources state an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Stated as fact by the reporting article.
    Reported,
    /// Scheduled or agreed to happen ("agreed to meet in Geneva on Thursday").
    Planned,
    /// Claimed by one party ("Azerbaijan accused Armenia of ...").
    Alleged,
    /// Claimed and denied ("Armenia denied ...").
    Denied,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Planned => "planned",
            Status::Alleged => "alleged",
            Status::Denied => "denied",
        }
    }
}

impl FromStr for Status {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "reported" => Ok(Status::Reported),
            "planned" => Ok(Status::Planned),
            "alleged" => Ok(Status::Alleged),
            "denied" => Ok(Status::Denied),
            other => Err(DomainError::unknown(
                "status",
                other,
                "reported, planned, alleged or denied",
            )),
        }
    }
}

/// What sort of actor a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    State,
    Organisation,
    ArmedGroup,
    /// A de-facto authority or territory acting as a party (e.g. a breakaway region).
    Entity,
    Person,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::ArmedGroup => "armed_group",
            ActorKind::Entity => "entity",
            ActorKind::Person => "person",
        }
    }
}

// The error stays text: extraction's resource loader puts it into its own row error
// as a `String`.
impl FromStr for ActorKind {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "state" => Ok(ActorKind::State),
            "organisation" | "organization" => Ok(ActorKind::Organisation),
            "armed_group" => Ok(ActorKind::ArmedGroup),
            "entity" => Ok(ActorKind::Entity),
            "person" => Ok(ActorKind::Person),
            other => Err(DomainError::unknown(
                "actor kind",
                other,
                "state, organisation, armed_group, entity or person",
            )),
        }
    }
}

/// The part an actor plays in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorRole {
    Participant,
    /// Claims the event happened (for alleged or denied events).
    Alleger,
    /// Denies the event happened.
    Denier,
}

impl ActorRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorRole::Participant => "participant",
            ActorRole::Alleger => "alleger",
            ActorRole::Denier => "denier",
        }
    }
}

impl FromStr for ActorRole {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "participant" => Ok(ActorRole::Participant),
            "alleger" => Ok(ActorRole::Alleger),
            "denier" => Ok(ActorRole::Denier),
            other => Err(DomainError::unknown(
                "actor role",
                other,
                "participant, alleger or denier",
            )),
        }
    }
}

impl fmt::Display for ActorRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who the casualties were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CasualtyGroup {
    Military,
    Civilian,
}

impl CasualtyGroup {
    pub fn as_str(self) -> &'static str {
        match self {
            CasualtyGroup::Military => "military",
            CasualtyGroup::Civilian => "civilian",
        }
    }
}

impl FromStr for CasualtyGroup {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "military" => Ok(CasualtyGroup::Military),
            "civilian" => Ok(CasualtyGroup::Civilian),
            other => Err(DomainError::unknown(
                "casualty group",
                other,
                "military or civilian",
            )),
        }
    }
}

/// A casualty figure as one source states it. Conflicting figures are kept side by
/// side, never averaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casualty {
    /// Whose dead and wounded ("Azerbaijan", "both sides"), as resolved from the text.
    pub party: Option<String>,
    pub group: Option<CasualtyGroup>,
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    /// A running total ("raising to 924 the total", "have been killed" so far).
    pub cumulative: bool,
    /// Who gives the figure ("Azerbaijani authorities say ...").
    pub reported_by: Option<String>,
}

/// A URL-safe identifier from a name: lowercase ASCII letters, digits and dashes.
/// Diacritics are folded and other scripts transliterated ("Türkiye" → "turkiye",
/// "Москва" → "moskva").
pub fn slugify(name: &str) -> String {
    // Azerbaijani's schwa is "e" in every transliteration of its names ("Əliyev");
    // deunicode's tables render it "@".
    let name = name.replace(['ə', 'Ə'], "e");
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in deunicode::deunicode(&name).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_ascii() {
        assert_eq!(slugify("Mike Pompeo"), "mike-pompeo");
        assert_eq!(slugify("Türkiye"), "turkiye");
        assert_eq!(slugify("Москва"), "moskva");
        assert_eq!(slugify("Əliyev"), "eliyev");
        assert_eq!(slugify("Ma’arrat al-Nu'man"), "maarrat-al-numan");
        assert_eq!(slugify("Robert O’Brien"), "robert-obrien");
        assert_eq!(slugify("  OSCE Minsk Group "), "osce-minsk-group");
        assert_eq!(slugify("Nagorno-Karabakh"), "nagorno-karabakh");
    }

    #[test]
    fn kinds_parse_case_insensitively() {
        assert_eq!("Talks".parse::<EventKind>(), Ok(EventKind::Talks));
        assert!("war".parse::<EventKind>().is_err());
    }
}
