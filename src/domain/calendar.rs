//! The one table of English month and weekday names, for the readers of text
//! (dates for people are written by jiff's strtime, see `date.rs`).

/// The months, January first.
pub const MONTHS: [&str; 12] = [
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
];

/// The weekdays, Monday first (ISO 8601).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Whether a word, as written, is the name of a month or a weekday.
pub fn is_calendar_name(word: &str) -> bool {
    MONTHS.contains(&word) || WEEKDAYS.contains(&word)
}
