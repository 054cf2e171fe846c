//! The export of all events: JSON in the contract of the gold scorer (an `articles`
//! array and an `events` array whose mentions point into the articles by key and
//! byte offsets), and CSV with one row per event. Read in a handful of queries and
//! assembled in memory, in timeline order.

use super::rows::{FIGURE_COLUMNS, FigureColumns, names_of};
use super::{Result, Store};
use crate::domain::{Casualty, EventDate};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

#[derive(Debug, Serialize)]
pub struct Export {
    pub articles: Vec<ExportArticle>,
    pub events: Vec<ExportEvent>,
}

#[derive(Debug, Serialize)]
pub struct ExportArticle {
    pub file: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub published_basis: String,
    pub published_how: String,
}

#[derive(Debug, Serialize)]
pub struct ExportEvent {
    pub id: String,
    pub kind: String,
    pub subtype: String,
    pub status: String,
    pub alleged_by: Vec<String>,
    pub denied_by: Vec<String>,
    /// A day, a month, a year, or `first/last` for spans.
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub date_basis: String,
    pub headline: String,
    pub actors: Vec<ExportActor>,
    pub location: Option<String>,
    pub casualties: Vec<ExportCasualty>,
    pub mentions: Vec<ExportMention>,
    pub confidence: f64,
    pub source_count: i64,
    /// The date as a value, for the CSV's first and last day.
    #[serde(skip)]
    pub event_date: Option<EventDate>,
}

#[derive(Debug, Serialize)]
pub struct ExportActor {
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub role: Option<String>,
}

/// A casualty figure in the shape of the stored reports, with the key of the article
/// that gives it.
#[derive(Debug, Serialize)]
pub struct ExportCasualty {
    #[serde(flatten)]
    pub figure: Casualty,
    pub article: String,
}

#[derive(sqlx::FromRow)]
struct ExportCasualtyRow {
    event_id: String,
    #[sqlx(flatten)]
    figure: FigureColumns,
    article: String,
}

#[derive(Debug, Serialize)]
pub struct ExportMention {
    pub article: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
}

impl Store {
    /// Every article and event.
    pub async fn export(&self) -> Result<Export> {
        let pool = self.pool();
        let articles = sqlx::query("SELECT key, title, source, url, published, published_basis, published_how FROM articles ORDER BY key")
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| ExportArticle {
                file: r.get(0),
                title: r.get(1),
                source: r.get(2),
                url: r.get(3),
                published: r.get(4),
                published_basis: r.get(5),
                published_how: r.get(6),
            })
            .collect();

        let (mut actors, mut casualties, mut mentions) = self.export_parts().await?;

        let rows = sqlx::query(
            "SELECT e.id, e.kind, e.subtype, e.status, e.alleged_by, e.denied_by, e.date_start, e.date_end, e.date_precision,
                    e.date_value, e.date_basis, e.headline, p.name, e.confidence, e.source_count
             FROM events e LEFT JOIN places p ON p.id = e.place_id
             ORDER BY e.date_start IS NULL, e.date_start, e.id",
        )
        .fetch_all(pool)
        .await?;
        let events = rows
            .into_iter()
            .map(|r| {
                let id: String = r.get(0);
                let alleged_by = names_of(r.get(4), "alleged_by", &id)?;
                let denied_by = names_of(r.get(5), "denied_by", &id)?;
                let precision: Option<String> = r.get(8);
                let start: Option<String> = r.get(6);
                let end: Option<String> = r.get(7);
                let value: Option<String> = r.get(9);
                let event_date = match (&start, &end, &precision) {
                    (Some(a), Some(b), Some(p)) => EventDate::from_parts(a, b, p),
                    _ => None,
                };
                let date = match precision.as_deref() {
                    Some("day" | "month" | "year") => value,
                    Some(_) => start.zip(end).map(|(a, b)| format!("{a}/{b}")),
                    None => None,
                };
                Ok(ExportEvent {
                    kind: r.get(1),
                    subtype: r.get(2),
                    status: r.get(3),
                    alleged_by,
                    denied_by,
                    date,
                    date_precision: precision,
                    date_basis: r.get(10),
                    headline: r.get(11),
                    location: r.get(12),
                    confidence: r.get(13),
                    source_count: r.get(14),
                    actors: actors.remove(&id).unwrap_or_default(),
                    casualties: casualties.remove(&id).unwrap_or_default(),
                    mentions: mentions.remove(&id).unwrap_or_default(),
                    event_date,
                    id,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Export { articles, events })
    }

    /// The participants, casualty figures and source sentences of every event, by event id.
    async fn export_parts(&self) -> Result<EventParts> {
        let pool = self.pool();
        let mut actors: HashMap<String, Vec<ExportActor>> = HashMap::new();
        for r in sqlx::query(
            "SELECT ea.event_id, a.name, a.slug, a.kind, a.role FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
             WHERE ea.role = 'participant' ORDER BY ea.event_id, a.slug",
        )
        .fetch_all(pool)
        .await?
        {
            actors.entry(r.get(0)).or_default().push(ExportActor { name: r.get(1), slug: r.get(2), kind: r.get(3), role: r.get(4) });
        }
        let mut casualties: HashMap<String, Vec<ExportCasualty>> = HashMap::new();
        let rows: Vec<ExportCasualtyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT c.event_id, {FIGURE_COLUMNS}, a.key AS article \
             FROM casualties c JOIN articles a ON a.id = c.article_id ORDER BY c.event_id, a.key, c.start, c.end, c.id"
        )))
        .fetch_all(pool)
        .await?;
        for r in rows {
            let figure = r.figure.parse(&r.event_id)?;
            casualties
                .entry(r.event_id)
                .or_default()
                .push(ExportCasualty {
                    figure,
                    article: r.article,
                });
        }
        let mut mentions: HashMap<String, Vec<ExportMention>> = HashMap::new();
        for r in sqlx::query(
            "SELECT m.event_id, a.key, m.start, m.end, m.text FROM mentions m JOIN articles a ON a.id = m.article_id
             ORDER BY m.event_id, a.key, m.start",
        )
        .fetch_all(pool)
        .await?
        {
            mentions.entry(r.get(0)).or_default().push(ExportMention { article: r.get(1), start: r.get(2), end: r.get(3), text: r.get(4) });
        }
        Ok((actors, casualties, mentions))
    }
}

/// What [`Store::export_parts`] reads, keyed by event id.
type EventParts = (
    HashMap<String, Vec<ExportActor>>,
    HashMap<String, Vec<ExportCasualty>>,
    HashMap<String, Vec<ExportMention>>,
);

impl Export {
    /// One CSV row per event, in the columns `/api/events.csv` has; `url` gives an
    /// event's link on the site.
    pub fn write_csv<W: std::io::Write>(
        &self,
        out: W,
        url: impl Fn(&str) -> String,
    ) -> std::result::Result<W, csv::Error> {
        let mut w = CsvWriter::new(out)?;
        for e in &self.events {
            let actors: Vec<&str> = e.actors.iter().map(|a| a.name.as_str()).collect();
            w.row(&CsvEvent {
                id: &e.id,
                url: url(&e.id),
                kind: &e.kind,
                subtype: &e.subtype,
                status: &e.status,
                date: e.event_date,
                headline: &e.headline,
                place: e.location.as_deref(),
                actors: &actors,
                alleged_by: &e.alleged_by,
                denied_by: &e.denied_by,
                figures: &e.casualties.iter().map(|c| &c.figure).collect::<Vec<_>>(),
                source_count: e.source_count,
                confidence: e.confidence,
            })?;
        }
        w.finish()
    }
}

/// The columns of every events CSV: `export --format csv` and `/api/events.csv`.
pub const CSV_HEADER: [&str; 18] = [
    "id",
    "url",
    "kind",
    "subtype",
    "status",
    "date",
    "date_start",
    "date_end",
    "date_precision",
    "headline",
    "place",
    "actors",
    "alleged_by",
    "denied_by",
    "killed",
    "wounded",
    "source_count",
    "confidence",
];

/// One event as a CSV row: what both writers have.
pub struct CsvEvent<'a> {
    pub id: &'a str,
    pub url: String,
    pub kind: &'a str,
    pub subtype: &'a str,
    pub status: &'a str,
    pub date: Option<EventDate>,
    pub headline: &'a str,
    pub place: Option<&'a str>,
    /// The participants' names.
    pub actors: &'a [&'a str],
    pub alleged_by: &'a [String],
    pub denied_by: &'a [String],
    pub figures: &'a [&'a Casualty],
    pub source_count: i64,
    pub confidence: f64,
}

/// The one CSV writer for events: the header, then a row per event. Lists are
/// joined with "; "; killed and wounded list each figure as its source gives it.
pub struct CsvWriter<W: std::io::Write> {
    inner: csv::Writer<W>,
}

impl<W: std::io::Write> CsvWriter<W> {
    pub fn new(out: W) -> std::result::Result<Self, csv::Error> {
        let mut writer = Self::continuing(out)?;
        writer.inner.write_record(CSV_HEADER)?;
        Ok(writer)
    }

    /// A writer of further rows after a first one's (no header): a streamed export
    /// writes each page with its own writer, and the bytes join up as one file's.
    pub fn continuing(out: W) -> std::result::Result<Self, csv::Error> {
        Ok(CsvWriter {
            inner: csv::Writer::from_writer(out),
        })
    }

    pub fn row(&mut self, e: &CsvEvent<'_>) -> std::result::Result<(), csv::Error> {
        let figures = |pick: fn(&Casualty) -> Option<u32>| {
            e.figures
                .iter()
                .filter_map(|c| pick(c).map(|n| n.to_string()))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let date = e.date;
        self.inner.write_record([
            e.id.to_string(),
            e.url.clone(),
            e.kind.to_string(),
            inert(e.subtype),
            e.status.to_string(),
            date.map(|d| d.export_value()).unwrap_or_default(),
            date.map(|d| d.start.to_string()).unwrap_or_default(),
            date.map(|d| d.end.to_string()).unwrap_or_default(),
            date.map(|d| d.precision.as_str().to_string())
                .unwrap_or_default(),
            inert(e.headline),
            e.place.map(inert).unwrap_or_default(),
            inert(&e.actors.join("; ")),
            inert(&e.alleged_by.join("; ")),
            inert(&e.denied_by.join("; ")),
            figures(|c| c.killed),
            figures(|c| c.wounded),
            e.source_count.to_string(),
            format!("{:.2}", e.confidence),
        ])
    }

    /// Flushes the rows and hands back the output.
    pub fn finish(self) -> std::result::Result<W, csv::Error> {
        self.inner
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// Spreadsheets run a cell starting with `=`, `+`, `-` or `@` as a formula; a leading
/// apostrophe keeps text taken from articles inert.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str) -> CsvEvent<'_> {
        CsvEvent {
            id,
            url: format!("/events/{id}"),
            kind: "fighting",
            subtype: "=shelling",
            status: "reported",
            date: None,
            headline: "Shelling, \"again\"\nnear Tartar",
            place: Some("Tartar"),
            actors: &["Azerbaijan", "Armenia"],
            alleged_by: &[],
            denied_by: &[],
            figures: &[],
            source_count: 2,
            confidence: 0.5,
        }
    }

    #[test]
    fn pages_written_one_after_another_join_into_the_same_bytes() {
        let ids: Vec<String> = (0..7).map(|i| format!("e{i}")).collect();
        let mut whole = CsvWriter::new(Vec::new()).unwrap();
        for id in &ids {
            whole.row(&event(id)).unwrap();
        }
        let whole = whole.finish().unwrap();
        let mut joined = Vec::new();
        for (i, page) in ids.chunks(3).enumerate() {
            let mut w = if i == 0 {
                CsvWriter::new(Vec::new()).unwrap()
            } else {
                CsvWriter::continuing(Vec::new()).unwrap()
            };
            for id in page {
                w.row(&event(id)).unwrap();
            }
            joined.extend(w.finish().unwrap());
        }
        assert_eq!(
            String::from_utf8(joined).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }
}
