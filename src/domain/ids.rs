//! The identifiers a URL or a stored row carries, parsed once: an [`EventId`], a
//! [`Slug`] of an actor or place, an [`ArticleKey`]. Holding one means the text
//! follows its rule, so the store and the web never check a plain `String` again.
//! The store reads and writes them as TEXT (`store::ids`); serde writes them as
//! plain strings.

use super::DomainError;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;

/// Declares a string newtype with `as_str`, `Display`, `FromStr` (through `check`),
/// transparent serde (checked when read) and the conversions to and from text.
macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $check:path) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $check(s)?;
                Ok($name(s.to_string()))
            }
        }

        impl TryFrom<String> for $name {
            type Error = DomainError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $check(&s)?;
                Ok($name(s))
            }
        }

        // Shown as the quoted text, so that messages built with `{id:?}` read the
        // same as for a plain string.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // Read like the text it holds (`&id` where a `&str` is wanted): the rule is
        // checked on the way in, never needed on the way out.
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.try_into().map_err(serde::de::Error::custom)
            }
        }
    };
}

text_id!(
    /// An event's id: lowercase ASCII letters and digits (a stored id is 12 hex
    /// digits, a hash of the report that founded the event).
    EventId,
    check_event_id
);

text_id!(
    /// The URL name of an actor or place: lowercase ASCII letters, digits and single
    /// dashes, as [`super::slugify`] makes it.
    Slug,
    check_slug
);

text_id!(
    /// An article's key: the name it was ingested under (a file name, or a record of
    /// a `.jsonl` file), unique in a database.
    ArticleKey,
    check_article_key
);

/// Longest id accepted; stored ids are 12 characters.
const MAX_EVENT_ID: usize = 64;

impl Slug {
    /// The slug of a name or slug (`Nagorno-Karabakh` → `nagorno-karabakh`), through
    /// [`super::slugify`]; `None` when nothing of it is left (`"!!!"`).
    pub fn from_name(name: &str) -> Option<Slug> {
        let slug = super::slugify(name);
        (!slug.is_empty()).then_some(Slug(slug))
    }
}

fn check_event_id(s: &str) -> Result<(), DomainError> {
    let reason = if s.is_empty() {
        "it is empty"
    } else if s.len() > MAX_EVENT_ID {
        "it is longer than 64 characters"
    } else if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        "an event id has only lowercase letters and digits"
    } else {
        return Ok(());
    };
    Err(invalid("event id", s, reason))
}

fn check_slug(s: &str) -> Result<(), DomainError> {
    let reason = if s.is_empty() {
        "it is empty"
    } else if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        "a slug has only lowercase letters, digits and dashes"
    } else {
        return Ok(());
    };
    Err(invalid("slug", s, reason))
}

/// Any non-empty text: a key is a file name as ingest found it, and a file name may
/// hold any character.
fn check_article_key(s: &str) -> Result<(), DomainError> {
    if s.is_empty() {
        return Err(invalid("article key", s, "it is empty"));
    }
    Ok(())
}

fn invalid(what: &'static str, value: &str, reason: &'static str) -> DomainError {
    DomainError::InvalidId {
        what,
        value: value.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_lowercase_letters_and_digits() {
        assert!("0a1b2c3d4e5f".parse::<EventId>().is_ok());
        let error = "0A1B".parse::<EventId>().unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid event id \"0A1B\": an event id has only lowercase letters and digits"
        );
        assert!("../x".parse::<EventId>().is_err());
        assert!("".parse::<EventId>().is_err());
        assert!("a".repeat(65).parse::<EventId>().is_err());
    }

    #[test]
    fn slugs_follow_slugify() {
        let slug: Slug = super::super::slugify("Türkiye Armed Forces")
            .parse()
            .unwrap();
        assert_eq!(slug, "turkiye-armed-forces");
        assert!("Bad Slug".parse::<Slug>().is_err());
        assert!("".parse::<Slug>().is_err());
    }

    #[test]
    fn article_keys_are_any_file_name() {
        assert!("seeds/2020-10-10-moscow.txt".parse::<ArticleKey>().is_ok());
        assert!("".parse::<ArticleKey>().is_err());
    }

    #[test]
    fn ids_read_from_json_are_checked() {
        let id: EventId = serde_json::from_str("\"00ff\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"00ff\"");
        assert!(serde_json::from_str::<Slug>("\"Not A Slug\"").is_err());
    }
}
