//! Column groups that several queries read, each mapped to its domain or read-model
//! type in one place: a casualty figure's columns ([`FigureColumns`], also as a JSON
//! array), an article as a citation ([`ArticleRef`], a JSON array), an event's date
//! columns ([`date_of`]), a list of names ([`names_of`], [`names_json`]). A query
//! embeds the row types with `#[sqlx(flatten)]`, or nests their JSON arrays in the
//! one JSON column it returns.

use super::{Result, corrupt, parse_column};
use crate::domain::{ArticleKey, Casualty, EventDate};

/// A list of names stored as a JSON array (`events.alleged_by`, `denied_by`); `''`,
/// the column's default, is no names. `column` and `id` name a corrupt value.
pub(crate) fn names_of(stored: &str, column: &str, id: &str) -> Result<Vec<String>> {
    if stored.is_empty() {
        return Ok(Vec::new());
    }
    serde_json::from_str(stored).map_err(|e| corrupt(format_args!("{column} of {id}: {e}")))
}

/// A list of names as it is stored: a JSON array.
pub(crate) fn names_json(names: &[String]) -> String {
    serde_json::Value::from(names).to_string()
}

/// The columns of a `casualties` row that make the figure itself (aliased `c`).
pub(crate) const FIGURE_COLUMNS: &str =
    "c.party, c.grp, c.killed, c.wounded, c.cumulative, c.reported_by";

/// The same columns as the elements of a JSON array, for a query that returns a
/// list of figures in one column (`json_array({FIGURE_JSON})`); `cumulative`, an
/// integer in SQLite, as a JSON boolean.
pub(crate) const FIGURE_JSON: &str = "c.party, c.grp, c.killed, c.wounded, \
     json(iif(c.cumulative, 'true', 'false')), c.reported_by";

/// A casualty figure as stored, read from [`FIGURE_COLUMNS`] or from a JSON array of
/// [`FIGURE_JSON`]; [`FigureColumns::parse`] makes it a domain value.
#[derive(Debug, sqlx::FromRow, serde::Deserialize)]
pub(crate) struct FigureColumns {
    party: Option<String>,
    grp: Option<String>,
    killed: Option<u32>,
    wounded: Option<u32>,
    cumulative: bool,
    reported_by: Option<String>,
}

impl FigureColumns {
    /// The figure, its group parsed; `of` names the event in a corrupt-row error.
    pub(crate) fn parse(self, of: &str) -> Result<Casualty> {
        let group = match self.grp.as_deref() {
            Some(group) => Some(parse_column(group, "casualty group", of)?),
            None => None,
        };
        Ok(Casualty {
            party: self.party,
            group,
            killed: self.killed,
            wounded: self.wounded,
            cumulative: self.cumulative,
            reported_by: self.reported_by,
        })
    }
}

/// An article as a source is cited: its key, title, outlet and date. Read from a
/// JSON array of [`ARTICLE_REF_JSON`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ArticleRef {
    pub key: ArticleKey,
    pub title: Option<String>,
    /// The outlet ("Reuters").
    pub source: Option<String>,
    /// The article's reference date as stored (`2020-10-10`).
    pub published: Option<String>,
}

/// The columns of [`ArticleRef`] for an `articles` table aliased `a`, as a JSON
/// array nested in a query that returns a list in one column.
pub(crate) const ARTICLE_REF_JSON: &str = "json_array(a.key, a.title, a.source, a.published)";

/// An event's date from its stored columns (an end or precision missing from older
/// rows reads as a single day); `id` names the event in a corrupt-row error.
pub(crate) fn date_of(
    id: &str,
    start: &str,
    end: Option<&str>,
    precision: Option<&str>,
) -> Result<EventDate> {
    let end = end.unwrap_or(start);
    let precision = precision.unwrap_or("day");
    EventDate::from_parts(start, end, precision).ok_or_else(|| {
        corrupt(format_args!(
            "date of {id}: {start:?}..{end:?} ({precision:?})"
        ))
    })
}
