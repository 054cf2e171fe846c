//! The record every layer shares: one article's report of one event, as extraction
//! produces it, the store keeps it (`reports.draft`) and the event page shows it,
//! with the actor and place references and sentence spans it is made of, and the
//! article's reference date.
//!
//! Because the store keeps reports as JSON, their shape is a stored format: each
//! stored report carries its format number ([`REPORT_FORMAT`]) and [`from_stored`]
//! upgrades every older format it knows, so renaming a field here is a change to
//! this file and its upgrade test, not a data migration. Pure values, no I/O.

use super::{ActorKind, Casualty, DomainError, EventDate, EventKind, Status};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An actor as events refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActorRef {
    pub name: String,
    pub slug: String,
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The state or organisation a person or armed group belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

impl ActorRef {
    /// An armed group the gazetteer lacks, labelled as the text names it ("Syrian
    /// rebels", "the Maute group", "Bosnian Serb forces"), as the guidelines label a
    /// group named only by description.
    pub fn described_group(name: String) -> Self {
        ActorRef {
            slug: super::slugify(&name),
            name,
            kind: ActorKind::ArmedGroup,
            role: None,
            affiliation: None,
        }
    }

    /// A side the text names by its noun alone ("gunmen", "rebels"): it says someone
    /// fought, not who, so it tells no two accounts apart.
    pub fn is_unnamed(&self) -> bool {
        self.kind == ActorKind::ArmedGroup && self.name.starts_with(char::is_lowercase)
    }
}

/// A place as events refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlaceRef {
    pub name: String,
    pub slug: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// How an event's date was obtained, from most to least trustworthy (the order
/// matters: merged events take the date of their most trustworthy mention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A date expression in the sentence itself.
    Explicit,
    /// The date of the previous dated sentence.
    Carried,
    /// The article's own date.
    Reference,
    Unknown,
}

/// A sentence (byte span) that states an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionSpan {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// One article's account of one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDraft {
    pub kind: EventKind,
    pub subtype: String,
    pub status: Status,
    pub alleged_by: Vec<String>,
    pub denied_by: Vec<String>,
    pub date: Option<EventDate>,
    pub date_source: DateSource,
    /// Where the date came from, for readers.
    pub date_basis: String,
    pub actors: Vec<ActorRef>,
    pub place: Option<PlaceRef>,
    pub places_mentioned: Vec<PlaceRef>,
    /// Figures with the byte span of the sentence stating them.
    pub casualties: Vec<(Casualty, usize, usize)>,
    pub mentions: Vec<MentionSpan>,
    pub headline: String,
    /// The words that signalled the event and the rule that read them, for readers
    /// ("“shelled”: a fighting word (shelling)"). Reports stored before it was kept
    /// read it as empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub found_by: String,
}

/// The format stored reports are written in. Format 1 is the shape written before
/// formats were numbered: the same fields, without a `format` key.
pub const REPORT_FORMAT: u32 = 2;

/// A stored report: the format number first, then the report's own fields.
#[derive(Serialize)]
struct Tagged<'a> {
    format: u32,
    #[serde(flatten)]
    report: &'a EventDraft,
}

/// A stored report of any known format, as read back.
#[derive(Deserialize)]
struct Stored {
    #[serde(default = "first_format")]
    format: u32,
    #[serde(flatten)]
    report: EventDraft,
}

fn first_format() -> u32 {
    1
}

/// The JSON a report is stored as, in the current format.
pub fn to_stored(report: &EventDraft) -> Result<String, DomainError> {
    Ok(serde_json::to_string(&Tagged {
        format: REPORT_FORMAT,
        report,
    })?)
}

/// Reads a stored report of any format this build knows, upgrading it to the
/// current shape.
pub fn from_stored(json: &str) -> Result<EventDraft, DomainError> {
    let stored: Stored = serde_json::from_str(json)?;
    match stored.format {
        // Format 1 differs from format 2 only by the missing `format` key.
        1 | REPORT_FORMAT => Ok(stored.report),
        newer => Err(DomainError::NewerReport(newer)),
    }
}

/// How an article's reference date was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Stated,
    Inferred,
    Unknown,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Stated => "stated",
            Basis::Inferred => "inferred",
            Basis::Unknown => "unknown",
        }
    }
}

/// The reference date of an article: the day it was written, against which "on
/// Friday" is read (found by `extract::reference`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub date: Option<Date>,
    pub basis: Basis,
    /// How it was obtained, in words, for the article and event pages.
    pub how: String,
}

impl Reference {
    pub fn unknown() -> Self {
        Reference {
            date: None,
            basis: Basis::Unknown,
            how:
                "no date in the metadata or the text, and no other article reports the same events"
                    .into(),
        }
    }
}

#[cfg(test)]
impl EventDraft {
    /// A reported, explicitly dated draft with one mention and nothing else, for the
    /// domain's tests to fill in.
    pub(crate) fn bare(kind: EventKind, subtype: &str, date: Option<EventDate>) -> Self {
        EventDraft {
            kind,
            subtype: subtype.into(),
            status: Status::Reported,
            alleged_by: vec![],
            denied_by: vec![],
            date,
            date_source: DateSource::Explicit,
            date_basis: String::new(),
            actors: vec![],
            place: None,
            places_mentioned: vec![],
            casualties: vec![],
            mentions: vec![MentionSpan {
                start: 0,
                end: 10,
                sentence: 0,
            }],
            headline: String::new(),
            found_by: String::new(),
        }
    }
}

/// An event already stored from a dated article, as candidate anchor for an undated
/// article's reference date.
#[derive(Debug, Clone)]
pub struct KnownEvent {
    pub kind: EventKind,
    pub date: Date,
    pub people: Vec<String>,
    pub article: String,
    pub headline: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CasualtyGroup;
    use jiff::civil::date;

    fn report() -> EventDraft {
        EventDraft {
            kind: EventKind::Fighting,
            subtype: "shelling".into(),
            status: Status::Alleged,
            alleged_by: vec!["Country A".into()],
            denied_by: vec![],
            date: Some(EventDate::day(date(2020, 10, 23))),
            date_source: DateSource::Explicit,
            date_basis: "“on Friday”".into(),
            actors: vec![ActorRef {
                name: "Country B".into(),
                slug: "country-b".into(),
                kind: ActorKind::State,
                role: None,
                affiliation: None,
            }],
            place: Some(PlaceRef {
                name: "Southtown".into(),
                slug: "stepanakert".into(),
                kind: "city".into(),
                country: None,
            }),
            places_mentioned: vec![],
            casualties: vec![(
                Casualty {
                    party: Some("Country A".into()),
                    group: Some(CasualtyGroup::Civilian),
                    killed: Some(2),
                    wounded: None,
                    cumulative: false,
                    reported_by: None,
                },
                10,
                50,
            )],
            mentions: vec![MentionSpan {
                start: 10,
                end: 50,
                sentence: 1,
            }],
            headline: "Shelling in Southtown: Country B".into(),
            found_by: String::new(),
        }
    }

    #[test]
    fn a_stored_report_reads_back_the_same() {
        let json = to_stored(&report()).unwrap();
        assert!(json.starts_with(&format!("{{\"format\":{REPORT_FORMAT},")));
        assert_eq!(from_stored(&json).unwrap(), report());
    }

    #[test]
    fn a_report_of_the_first_format_still_reads() {
        // Format 1: the report's fields alone, as written before formats were numbered.
        let old = serde_json::to_string(&report()).unwrap();
        assert!(!old.contains("\"format\""));
        assert_eq!(from_stored(&old).unwrap(), report());
    }

    #[test]
    fn a_newer_format_is_refused_by_number() {
        let json = to_stored(&report()).unwrap().replacen(
            &format!("\"format\":{REPORT_FORMAT}"),
            "\"format\":99",
            1,
        );
        let error = from_stored(&json).unwrap_err();
        assert!(matches!(error, DomainError::NewerReport(99)));
        assert!(error.to_string().contains("format 99"));
    }

    #[test]
    fn garbage_is_not_a_report() {
        assert!(matches!(
            from_stored("{\"kind\": 3}"),
            Err(DomainError::MalformedReport(_))
        ));
    }
}
