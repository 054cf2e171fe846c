//! Which events a list shows, and where a page starts: the validated filter
//! ([`EventFilter`]), the keyset cursor of timeline order ([`Cursor`]), and the
//! `WHERE` conditions both become. User text reaches SQL solely as bound values;
//! free text becomes an FTS5 query that cannot be a syntax error ([`fts_query`]).

use crate::domain::{EventId, EventKind, Slug};
use jiff::civil::Date;
use sqlx::{QueryBuilder, Sqlite};

/// Events per page when the request does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The largest page a request may ask for; keeps one response bounded.
pub const MAX_PAGE_SIZE: u32 = 500;

/// Which events to list: every field narrows the set; empty fields do not filter.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFilter {
    /// Keep events whose date span ends on or after this day (undated events drop out).
    pub from: Option<Date>,
    /// Keep events whose date span starts on or before this day (undated events drop out).
    pub to: Option<Date>,
    /// Keep events of any of these kinds; empty means all kinds.
    pub kinds: Vec<EventKind>,
    /// Keep events involving these actors (by slug, in any role): any of them, or
    /// all of them, as [`EventFilter::actors_match`] says.
    pub actors: Vec<Slug>,
    /// Whether several actors mean events with any of them or with all of them.
    pub actors_match: ActorsMatch,
    /// Keep events at this place (by slug).
    pub place: Option<Slug>,
    /// Free text, matched against headlines and source sentences. Plain words: the
    /// store quotes them, so no input can be an FTS5 syntax error.
    pub text: Option<String>,
    /// Keyset cursor: list only events after this one in timeline order.
    pub after: Option<Cursor>,
    /// Keep only the events dated to the day, or only those dated more coarsely
    /// (span, week, month, season, year); `None` keeps both. Undated events belong
    /// to neither band.
    pub band: Option<DateBand>,
    /// Page size, 1..=[`MAX_PAGE_SIZE`].
    pub limit: u32,
    /// For the timeline page only (the store ignores it): show every date, undated
    /// events included, instead of opening on where the events crowd when the
    /// filter names no dates.
    pub every_date: bool,
}

/// What several actors of a filter mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActorsMatch {
    /// Events with at least one of them.
    #[default]
    Any,
    /// Events with every one of them.
    All,
}

impl ActorsMatch {
    /// The word of the URL (`actors_match=any|all`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActorsMatch::Any => "any",
            ActorsMatch::All => "all",
        }
    }
}

/// Events by how precisely they are dated: a date-filtered list shows the day-dated
/// events first and the coarser ones in their own band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBand {
    Day,
    Coarse,
}

impl DateBand {
    /// The word of the URL (`band=day|coarse`).
    pub fn as_str(self) -> &'static str {
        match self {
            DateBand::Day => "day",
            DateBand::Coarse => "coarse",
        }
    }
}

impl Default for EventFilter {
    fn default() -> Self {
        EventFilter {
            from: None,
            to: None,
            kinds: Vec::new(),
            actors: Vec::new(),
            actors_match: ActorsMatch::Any,
            place: None,
            text: None,
            after: None,
            band: None,
            limit: DEFAULT_PAGE_SIZE,
            every_date: false,
        }
    }
}

impl EventFilter {
    /// The same filter, starting after `cursor` (or from the first page with `None`).
    pub fn with_after(&self, cursor: Option<Cursor>) -> EventFilter {
        EventFilter {
            after: cursor,
            ..self.clone()
        }
    }

    /// True when nothing narrows the list (paging aside).
    pub fn is_unfiltered(&self) -> bool {
        self.from.is_none()
            && self.to.is_none()
            && self.kinds.is_empty()
            && self.actors.is_empty()
            && self.place.is_none()
            && self.text.is_none()
            && self.band.is_none()
    }
}

/// A position in timeline order: the last event of a page, as (date_start, id).
/// Undated events sort last, so `date_start: None` points into that tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub date_start: Option<Date>,
    pub id: EventId,
}

/// Why a page token was rejected; the web layer names the parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a valid page cursor")]
pub struct BadCursor(pub String);

impl Cursor {
    /// The opaque token used in `after=`: hex of `date|id` (`-` for undated), so that
    /// clients treat it as a token and never build one by hand.
    pub fn to_token(&self) -> String {
        let date = self
            .date_start
            .map_or_else(|| "-".to_string(), |d| d.to_string());
        hex::encode(format!("{date}|{}", self.id))
    }

    /// Parses a token made by [`Cursor::to_token`].
    pub fn from_token(token: &str) -> Result<Cursor, BadCursor> {
        let bad = || BadCursor(token.to_string());
        if token.is_empty() || !token.len().is_multiple_of(2) || !token.is_ascii() {
            return Err(bad());
        }
        let bytes = hex::decode(token).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (date, id) = text.split_once('|').ok_or_else(bad)?;
        let date_start = match date {
            "-" => None,
            d => Some(d.parse::<Date>().map_err(|_| bad())?),
        };
        Ok(Cursor {
            date_start,
            id: id.parse().map_err(|_| bad())?,
        })
    }
}

/// Turns free text into an FTS5 query that cannot be a syntax error: every word
/// becomes a quoted prefix phrase (`"ceasefire"*`), and the words are ANDed. Words
/// without a letter or digit are dropped, since they match nothing. Returns `None`
/// when no searchable word is left.
///
/// A compound matches however it is written ("ceasefire", "cease-fire", "cease
/// fire"; "airstrike", "air strike"): the index splits "cease-fire" into two words,
/// so a hyphenated query word also matches its parts written together, a long word
/// also matches itself split in two, and two query words also match written as one
/// (for queries of up to [`JOINED_WORDS`] words).
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    if words.is_empty() {
        return None;
    }
    if words.len() > JOINED_WORDS {
        return Some(
            words
                .iter()
                .map(|w| word_forms(w))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    Some(joined_forms(&words))
}

/// Longer queries match their words only as written (the alternatives grow with
/// every pair of neighbours).
const JOINED_WORDS: usize = 5;

/// The shortest word also looked for as the start of longer ones: the prefix `a*`
/// matches nearly every row and cost 30 s a query on 100k events, where the word
/// `a` itself is one index lookup.
pub const MIN_PREFIX_CHARS: usize = 3;

/// The shortest part a word is split into when looking for it written apart.
const SPLIT_PART: usize = 3;

fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// `words` ANDed, where each pair of neighbouring plain words may also be one word.
fn joined_forms(words: &[&str]) -> String {
    let plain = |w: &str| w.chars().all(char::is_alphabetic);
    match words {
        [] => String::new(),
        [only] => word_forms(only),
        [first, second, rest @ ..] => {
            // FTS5 ANDs neighbouring phrases by itself, but not groups in brackets.
            let apart = format!("{} AND {}", word_forms(first), joined_forms(&words[1..]));
            if !(plain(first) && plain(second)) {
                return apart;
            }
            let together = word_forms(&format!("{first}{second}"));
            if rest.is_empty() {
                format!("(({apart}) OR {together})")
            } else {
                format!("(({apart}) OR ({together} AND {}))", joined_forms(rest))
            }
        }
    }
}

/// One query word and the ways it may be written: as given (a quoted prefix phrase,
/// which FTS5 splits at hyphens like the text), its hyphenated parts together, and
/// a long plain word split in two.
fn word_forms(word: &str) -> String {
    let mut forms = vec![
        if word.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_PREFIX_CHARS {
            format!("{}*", quoted(word))
        } else {
            quoted(word)
        },
    ];
    let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
    let base = if parts.len() > 1 && parts.iter().all(|p| p.chars().all(char::is_alphabetic)) {
        let joined = parts.concat();
        forms.push(format!("{}*", quoted(&joined)));
        joined
    } else {
        word.to_string()
    };
    if base.chars().all(char::is_alphabetic) {
        let bounds: Vec<usize> = base.char_indices().map(|(i, _)| i).collect();
        let count = bounds.len();
        for (n, &at) in bounds.iter().enumerate() {
            if n >= SPLIT_PART && count - n >= SPLIT_PART {
                forms.push(format!(
                    "{}*",
                    quoted(&format!("{} {}", &base[..at], &base[at..]))
                ));
            }
        }
    }
    if forms.len() == 1 {
        forms.remove(0)
    } else {
        format!("({})", forms.join(" OR "))
    }
}

/// How many of the events whose words match a free-text filter a page's summaries
/// (counts, date extent, overview, top actors, casualty chart) read: the most
/// recently stored ones, which the full-text index yields first without reading
/// the others. A common word matches a third of all events (33 228 of 99 781 for
/// "ceasefire"), and summarising them all took 1.5 s of SQL per search page; the
/// list itself still holds every match.
pub const TEXT_SAMPLE: u32 = 1000;

/// Which of a free-text filter's matches a query reads, and how: all of them (the
/// list), or the [`TEXT_SAMPLE`] most recently stored (the summaries).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Matches {
    /// Every match, the query driven by the matches: for few of them.
    All,
    /// Every match, the query walking timeline order and keeping the events that
    /// match: for words that many events have, where a page is found after a few
    /// dozen events instead of sorting tens of thousands of matches (75 ms for
    /// "ceasefire" at 100k events, 14 ms this way).
    AllInOrder,
    Sample,
}

/// Appends ` AND …` conditions for `filter` to a query over `events e`. The kind
/// restriction is left out when `with_kinds` is false (for the per-kind counts);
/// `matches` says whether free text keeps every match or the sample.
///
/// Some conditions are stated twice on purpose, in a form an index can use: the date
/// range also bounds `date_start` from below by the longest span stored
/// (`date_span`), and the actor filter carries the kind and date range into
/// `actor_events`, so that it yields only the actor's matching events.
pub(crate) fn push_conditions(
    qb: &mut QueryBuilder<Sqlite>,
    filter: &EventFilter,
    with_kinds: bool,
    matches: Matches,
) {
    let (start, kind) = compared_columns(filter, matches);
    // An event matches a range when its [start, end] span overlaps it; comparisons
    // with a NULL start are never true, so undated events drop out of any range.
    if let Some(from) = filter.from {
        qb.push(" AND COALESCE(e.date_end, e.date_start) >= ")
            .push_bind(from.to_string())
            .push(format!(" AND {start} >= date("))
            .push_bind(from.to_string())
            .push(", '-' || (SELECT max_days FROM date_span) || ' days')");
    }
    if let Some(to) = filter.to {
        qb.push(format!(" AND {start} <= "))
            .push_bind(to.to_string());
    }
    let kinds = if with_kinds { &filter.kinds[..] } else { &[] };
    if !kinds.is_empty() {
        qb.push(format!(" AND {kind} IN ("));
        push_kinds(qb, kinds);
        qb.push(")");
    }
    // Any of the actors: one subquery over all of them; all of them: one per actor.
    let actor_sets: Vec<&[Slug]> = match filter.actors_match {
        _ if filter.actors.is_empty() => Vec::new(),
        ActorsMatch::Any => vec![&filter.actors[..]],
        ActorsMatch::All => filter.actors.chunks(1).collect(),
    };
    for set in actor_sets {
        qb.push(
            " AND e.id IN (SELECT ae.event_id FROM actor_events ae \
             WHERE ae.actor_id IN (SELECT id FROM actors WHERE slug IN (",
        );
        let mut list = qb.separated(", ");
        for slug in set {
            list.push_bind(slug.clone());
        }
        qb.push("))");
        if !kinds.is_empty() {
            qb.push(" AND ae.kind IN (");
            push_kinds(qb, kinds);
            qb.push(")");
        }
        if let Some(from) = filter.from {
            qb.push(" AND ae.date_last >= ").push_bind(from.to_string());
        }
        if let Some(to) = filter.to {
            qb.push(" AND ae.date_start <= ").push_bind(to.to_string());
        }
        qb.push(")");
    }
    match filter.band {
        None => {}
        Some(DateBand::Day) => {
            qb.push(" AND e.date_precision = 'day'");
        }
        Some(DateBand::Coarse) => {
            qb.push(" AND e.date_precision <> 'day'");
        }
    }
    if let Some(place) = &filter.place {
        qb.push(" AND e.place_id IN (SELECT id FROM places WHERE slug = ")
            .push_bind(place.clone())
            .push(")");
    }
    if let Some(text) = &filter.text {
        match fts_query(text) {
            Some(query) => {
                // `+` keeps SQLite from driving the query from the matches.
                qb.push(if matches == Matches::AllInOrder {
                    " AND +e.rowid IN"
                } else {
                    " AND e.rowid IN"
                })
                .push(" (SELECT rowid FROM events_fts WHERE events_fts MATCH ")
                .push_bind(query);
                if matches == Matches::Sample {
                    qb.push(" ORDER BY rowid DESC LIMIT ")
                        .push_bind(i64::from(TEXT_SAMPLE));
                }
                qb.push(")");
            }
            // Only punctuation: nothing can match, and saying so beats ignoring it.
            None => {
                qb.push(" AND 0");
            }
        }
    }
}

/// The date and kind columns as [`push_conditions`] compares them: bare, or with
/// a unary `+` that keeps SQLite from using their indexes when a smaller set
/// drives the query.
fn compared_columns(filter: &EventFilter, matches: Matches) -> (&'static str, &'static str) {
    // With actors, the query is driven by the actors' events (the `e.id IN` lists
    // of push_conditions, which carry the kinds and dates): the unary `+` keeps SQLite from
    // walking every event of the kind or date range through events_by_kind_date
    // instead, which at a million events read 10^5 rows for a page of 279 matches.
    // The same for the sample of a free-text filter's matches (at most
    // TEXT_SAMPLE rowids): driven from the sample, `/?q=ceasefire&kind=fighting`'s
    // date extent read 1 000 rows instead of walking the 33 000 fighting events of
    // the 100k-event database (11–14 ms → 3 ms).
    let sample_drives =
        matches == Matches::Sample && filter.text.as_deref().and_then(fts_query).is_some();
    if filter.actors.is_empty() && !sample_drives {
        ("e.date_start", "e.kind")
    } else {
        ("+e.date_start", "+e.kind")
    }
}

fn push_kinds(qb: &mut QueryBuilder<Sqlite>, kinds: &[EventKind]) {
    let mut list = qb.separated(", ");
    for kind in kinds {
        list.push_bind(kind.as_str());
    }
}

/// True when `filter` narrows by nothing but kinds, so that per-kind figures kept
/// for the whole database answer it.
pub(crate) fn only_kinds(filter: &EventFilter) -> bool {
    filter.band.is_none()
        && filter.from.is_none()
        && filter.to.is_none()
        && filter.actors.is_empty()
        && filter.place.is_none()
        && filter.text.is_none()
}

/// Timeline order is `date_start NULLS LAST, id`. Each page query asks for one half
/// of it at a time, dated events by `(date_start, id)` and undated ones by `id`, so
/// that both walk `events_by_date_reach` in order and stop at the page's end, where a
/// single `ORDER BY date_start IS NULL, …` had to sort every matching event.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Half {
    Dated,
    Undated,
}

/// Which way a page query walks timeline order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Forward,
    Backward,
}

/// Starts `SELECT {columns} WHERE` one half, with `filter`'s conditions and, when
/// `cursor` is given, only events strictly beyond it in `direction`. Returns `None`
/// when no event of that half can lie beyond the cursor.
pub(crate) fn half_query(
    columns: &str,
    half: Half,
    filter: &EventFilter,
    cursor: Option<&Cursor>,
    direction: Direction,
    matches: Matches,
) -> Option<QueryBuilder<Sqlite>> {
    let mut qb = QueryBuilder::<Sqlite>::new(columns);
    match half {
        Half::Dated => qb.push(" WHERE e.date_start IS NOT NULL"),
        Half::Undated => {
            // A date range or a date band excludes every undated event.
            if filter.from.is_some() || filter.to.is_some() || filter.band.is_some() {
                return None;
            }
            qb.push(" WHERE e.date_start IS NULL")
        }
    };
    push_conditions(&mut qb, filter, true, matches);
    let op = match direction {
        Direction::Forward => " > ",
        Direction::Backward => " < ",
    };
    match (cursor.map(|c| (c.date_start, &c.id)), half) {
        (None, _) => {}
        (Some((Some(date), id)), Half::Dated) => {
            qb.push(" AND (e.date_start, e.id)")
                .push(op)
                .push("(")
                .push_bind(date.to_string())
                .push(", ")
                .push_bind(id.clone())
                .push(")");
        }
        (Some((None, id)), Half::Undated) => {
            qb.push(" AND e.id").push(op).push_bind(id.clone());
        }
        // Every undated event comes after every dated one.
        (Some((Some(_), _)), Half::Undated) => {
            if direction == Direction::Backward {
                return None;
            }
        }
        (Some((None, _)), Half::Dated) => {
            if direction == Direction::Forward {
                return None;
            }
        }
    }
    qb.push(match (half, direction) {
        (Half::Dated, Direction::Forward) => " ORDER BY e.date_start, e.id",
        (Half::Dated, Direction::Backward) => " ORDER BY e.date_start DESC, e.id DESC",
        (Half::Undated, Direction::Forward) => " ORDER BY e.id",
        (Half::Undated, Direction::Backward) => " ORDER BY e.id DESC",
    });
    Some(qb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn cursor_tokens_round_trip() {
        for cursor in [
            Cursor {
                date_start: Some(date(2020, 10, 23)),
                id: "ab12cd".parse().unwrap(),
            },
            Cursor {
                date_start: None,
                id: "00ff".parse().unwrap(),
            },
        ] {
            assert_eq!(Cursor::from_token(&cursor.to_token()), Ok(cursor));
        }
    }

    #[test]
    fn malformed_cursor_tokens_are_rejected() {
        for token in [
            "",
            "garbage",
            "abc",
            "7c",
            "2d7c",
            "zz",
            "323032302d31332d34357c61",
        ] {
            assert!(Cursor::from_token(token).is_err(), "{token}");
        }
    }

    #[test]
    fn search_text_is_always_valid_fts() {
        assert_eq!(
            fts_query("say \"no\""),
            Some("\"say\"* AND \"\"\"no\"\"\"".into())
        );
        assert_eq!(fts_query("  - * ( "), None);
        assert_eq!(
            fts_query("NEAR(a b)"),
            Some("\"NEAR(a\"* AND \"b)\"".into())
        );
    }

    #[test]
    fn a_compound_is_looked_for_however_it_is_written() {
        // Two words: apart, or as one.
        assert_eq!(
            fts_query("cease fire"),
            Some("((\"cease\"* AND \"fire\"*) OR (\"ceasefire\"* OR \"cea sefire\"* OR \"ceas efire\"* OR \"cease fire\"* OR \"ceasef ire\"*))".into())
        );
        // One word: as given, or split in two (one of which is "cease fire").
        let one = fts_query("ceasefire").unwrap();
        assert!(one.contains("\"cease fire\"*"), "{one}");
        // Hyphenated: as written (FTS5 splits it like the text), or joined.
        let hyphen = fts_query("cease-fire").unwrap();
        assert!(
            hyphen.starts_with("(\"cease-fire\"* OR \"ceasefire\"* OR"),
            "{hyphen}"
        );
        // Short words are left alone; shorter than MIN_PREFIX_CHARS, not a prefix.
        assert_eq!(fts_query("war"), Some("\"war\"*".into()));
        assert_eq!(fts_query("a*"), Some("\"a*\"".into()));
        assert_eq!(fts_query("un"), Some("\"un\"".into()));
    }
}
