//! The export of all events: JSON in the contract of the gold scorer (an `articles`
//! array and an `events` array whose mentions point into the articles by key and
//! byte offsets), and CSV with one row per event, in timeline order. The CLI writes
//! them streamed ([`Store::write_export`]): articles and events are read
//! [`EXPORT_CHUNK`] at a time, so memory stays bounded by a chunk (and the list of
//! event ids) whatever the database holds. [`Store::export`] assembles the same in
//! memory, for tests that read it as a value.

use super::rows::{FIGURE_COLUMNS, FigureColumns, names_of};
use super::{Result, Store};
use crate::domain::{Casualty, EventDate};
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
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
        let articles = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ARTICLE_COLUMNS} ORDER BY key"
        )))
        .fetch_all(pool)
        .await?
        .iter()
        .map(export_article)
        .collect();

        let (mut actors, mut casualties, mut mentions) = self.export_parts(None).await?;

        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{EVENT_COLUMNS} ORDER BY e.date_start IS NULL, e.date_start, e.id"
        )))
        .fetch_all(pool)
        .await?;
        let events = rows
            .into_iter()
            .map(|r| export_event(&r, &mut actors, &mut casualties, &mut mentions))
            .collect::<Result<_>>()?;
        Ok(Export { articles, events })
    }

    /// The participants, casualty figures and source sentences of every event (or of
    /// the events `only`), by event id.
    async fn export_parts(&self, only: Option<&[String]>) -> Result<EventParts> {
        let pool = self.pool();
        let mut actors: HashMap<String, Vec<ExportActor>> = HashMap::new();
        for r in among(
            "SELECT ea.event_id, a.name, a.slug, a.kind, a.role FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
             WHERE ea.role = 'participant'",
            "ea.event_id",
            only,
            "ORDER BY ea.event_id, a.slug",
        )
        .build()
        .fetch_all(pool)
        .await?
        {
            actors.entry(r.get(0)).or_default().push(ExportActor { name: r.get(1), slug: r.get(2), kind: r.get(3), role: r.get(4) });
        }
        let mut casualties: HashMap<String, Vec<ExportCasualty>> = HashMap::new();
        let rows: Vec<ExportCasualtyRow> = among(
            &format!(
                "SELECT c.event_id, {FIGURE_COLUMNS}, a.key AS article \
                 FROM casualties c JOIN articles a ON a.id = c.article_id WHERE 1"
            ),
            "c.event_id",
            only,
            "ORDER BY c.event_id, a.key, c.start, c.end, c.id",
        )
        .build_query_as()
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
        for r in among(
            "SELECT m.event_id, a.key, m.start, m.end, m.text FROM mentions m JOIN articles a ON a.id = m.article_id WHERE 1",
            "m.event_id",
            only,
            "ORDER BY m.event_id, a.key, m.start",
        )
        .build()
        .fetch_all(pool)
        .await?
        {
            mentions.entry(r.get(0)).or_default().push(ExportMention { article: r.get(1), start: r.get(2), end: r.get(3), text: r.get(4) });
        }
        Ok((actors, casualties, mentions))
    }
}

/// Articles and events read per query of the streamed export.
pub const EXPORT_CHUNK: usize = 500;

impl Store {
    /// Writes the JSON export to `out` a chunk at a time: the same bytes as
    /// `serde_json::to_writer_pretty` of [`Store::export`] and a line break.
    pub async fn write_export_json<W: std::io::Write>(&self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b"{\n  \"articles\": [")?;
        let mut none = true;
        let mut after = String::new();
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "{ARTICLE_COLUMNS} WHERE key > ? ORDER BY key LIMIT {EXPORT_CHUNK}"
            )))
            .bind(&after)
            .fetch_all(self.pool())
            .await
            .map_err(std::io::Error::other)?;
            let Some(last) = rows.last() else { break };
            after = last.get(0);
            for row in &rows {
                write_item(out, &export_article(row), &mut none)?;
            }
        }
        out.write_all(if none { b"],\n" } else { b"\n  ],\n" })?;
        out.write_all(b"  \"events\": [")?;
        let mut none = true;
        self.export_events(|event| write_item(out, &event, &mut none))
            .await?;
        out.write_all(if none { b"]\n}\n" } else { b"\n  ]\n}\n" })
    }

    /// Writes the CSV export to `out` a chunk at a time: the same bytes as
    /// [`Export::write_csv`] of [`Store::export`].
    pub async fn write_export_csv<W: std::io::Write>(
        &self,
        out: &mut W,
        url: impl Fn(&str) -> String,
    ) -> std::io::Result<()> {
        let mut w = CsvWriter::new(out)?;
        self.export_events(|event| Ok(event.write_csv(&mut w, &url)?))
            .await?;
        w.finish()?;
        Ok(())
    }

    /// Every event in timeline order, handed to `each` one at a time, read
    /// [`EXPORT_CHUNK`] events (with their parts) per query.
    async fn export_events(
        &self,
        mut each: impl FnMut(ExportEvent) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let io = std::io::Error::other::<sqlx::Error>;
        let store_io = std::io::Error::other::<super::StoreError>;
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT id FROM events ORDER BY date_start IS NULL, date_start, id")
                .fetch_all(self.pool())
                .await
                .map_err(io)?;
        for chunk in ids.chunks(EXPORT_CHUNK) {
            let rows = among(&format!("{EVENT_COLUMNS} WHERE 1"), "e.id", Some(chunk), "")
                .build()
                .fetch_all(self.pool())
                .await
                .map_err(io)?;
            let mut rows: HashMap<String, SqliteRow> =
                rows.into_iter().map(|r| (r.get(0), r)).collect();
            let (mut actors, mut casualties, mut mentions) =
                self.export_parts(Some(chunk)).await.map_err(store_io)?;
            // An event gone since the ids were read (an ingest running) is left out.
            for row in chunk.iter().filter_map(|id| rows.remove(id)) {
                each(
                    export_event(&row, &mut actors, &mut casualties, &mut mentions)
                        .map_err(store_io)?,
                )?;
            }
        }
        Ok(())
    }
}

/// One element of a top-level array of the pretty-printed export, indented as
/// `serde_json`'s pretty printer indents it there (its strings hold no raw line
/// break, so indenting line by line is exact).
fn write_item<W: std::io::Write, T: Serialize>(
    out: &mut W,
    item: &T,
    none: &mut bool,
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(item)?;
    out.write_all(if *none { b"\n" } else { b",\n" })?;
    *none = false;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"    ")?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// What [`Store::export_parts`] reads, keyed by event id.
type EventParts = (
    HashMap<String, Vec<ExportActor>>,
    HashMap<String, Vec<ExportCasualty>>,
    HashMap<String, Vec<ExportMention>>,
);

/// `select` (ending in a `WHERE` clause) narrowed to `column IN only` when given,
/// then `order`.
fn among(select: &str, column: &str, only: Option<&[String]>, order: &str) -> QueryBuilder<Sqlite> {
    let mut q = QueryBuilder::new(select);
    if let Some(ids) = only {
        q.push(format!(" AND {column} IN ("));
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(id.clone());
        }
        q.push(")");
    }
    q.push(" ");
    q.push(order);
    q
}

const ARTICLE_COLUMNS: &str = "SELECT key, title, source, url, published, published_basis, \
     published_how FROM articles";

fn export_article(r: &SqliteRow) -> ExportArticle {
    ExportArticle {
        file: r.get(0),
        title: r.get(1),
        source: r.get(2),
        url: r.get(3),
        published: r.get(4),
        published_basis: r.get(5),
        published_how: r.get(6),
    }
}

const EVENT_COLUMNS: &str = "SELECT e.id, e.kind, e.subtype, e.status, e.alleged_by, \
     e.denied_by, e.date_start, e.date_end, e.date_precision, e.date_value, e.date_basis, \
     e.headline, p.name, e.confidence, e.source_count \
     FROM events e LEFT JOIN places p ON p.id = e.place_id";

/// An event row of [`EVENT_COLUMNS`] with its parts, taken out of the maps.
fn export_event(
    r: &SqliteRow,
    actors: &mut HashMap<String, Vec<ExportActor>>,
    casualties: &mut HashMap<String, Vec<ExportCasualty>>,
    mentions: &mut HashMap<String, Vec<ExportMention>>,
) -> Result<ExportEvent> {
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
}

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
            e.write_csv(&mut w, &url)?;
        }
        w.finish()
    }
}

impl ExportEvent {
    fn write_csv<W: std::io::Write>(
        &self,
        w: &mut CsvWriter<W>,
        url: &impl Fn(&str) -> String,
    ) -> std::result::Result<(), csv::Error> {
        let actors: Vec<&str> = self.actors.iter().map(|a| a.name.as_str()).collect();
        w.row(&CsvEvent {
            id: &self.id,
            url: url(&self.id),
            kind: &self.kind,
            subtype: &self.subtype,
            status: &self.status,
            date: self.event_date,
            headline: &self.headline,
            place: self.location.as_deref(),
            actors: &actors,
            alleged_by: &self.alleged_by,
            denied_by: &self.denied_by,
            figures: &self
                .casualties
                .iter()
                .map(|c| &c.figure)
                .collect::<Vec<_>>(),
            source_count: self.source_count,
            confidence: self.confidence,
        })
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
