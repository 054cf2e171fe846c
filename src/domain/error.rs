//! The domain's one error type: a value that does not parse into a domain type, or
//! a stored report that cannot be read. Every message names the value and the reason.

use super::report::REPORT_FORMAT;

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// A word outside a closed list (an event kind, a status, a precision …).
    #[error("unknown {what} {value:?}: expected {expected}")]
    Unknown {
        what: &'static str,
        value: String,
        expected: &'static str,
    },
    /// An identifier that breaks the rule of its kind (an event id, a slug …).
    #[error("invalid {what} {value:?}: {reason}")]
    InvalidId {
        what: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("stored report is not a report: {0}")]
    MalformedReport(#[from] serde_json::Error),
    #[error(
        "stored report has format {0}, newer than this build knows ({REPORT_FORMAT}): \
         read it with a newer conflict-timeline"
    )]
    NewerReport(u32),
}

impl DomainError {
    pub(crate) fn unknown(what: &'static str, value: &str, expected: &'static str) -> Self {
        DomainError::Unknown {
            what,
            value: value.to_string(),
            expected,
        }
    }
}

impl PartialEq for DomainError {
    /// Equal when the messages are: enough for tests, and serde_json's error has no
    /// equality of its own.
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}
