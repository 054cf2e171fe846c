//! The export of all events: JSON in the contract of the gold scorer (an `articles`
//! array and an `events` array whose mentions point into the articles by key and
//! byte offsets), and CSV with one row per event. Read in a handful of queries and
//! assembled in memory, in timeline order.

use super::rows::{FIGURE_COLUMNS, FigureColumns, names_of};
use super::{Result, Store};
use crate::domain::Casualty;
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
    /// One CSV row per event.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> std::result::Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "id",
            "date",
            "kind",
            "subtype",
            "status",
            "headline",
            "actors",
            "location",
            "killed",
            "wounded",
            "sources",
            "confidence",
            "articles",
        ])?;
        for e in &self.events {
            let killed: Vec<String> = e
                .casualties
                .iter()
                .filter_map(|c| c.figure.killed.map(|k| k.to_string()))
                .collect();
            let wounded: Vec<String> = e
                .casualties
                .iter()
                .filter_map(|c| c.figure.wounded.map(|k| k.to_string()))
                .collect();
            let mut articles: Vec<&str> = e.mentions.iter().map(|m| m.article.as_str()).collect();
            articles.dedup();
            w.write_record([
                e.id.as_str(),
                e.date.as_deref().unwrap_or(""),
                &e.kind,
                &e.subtype,
                &e.status,
                &e.headline,
                &e.actors
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                e.location.as_deref().unwrap_or(""),
                &killed.join("; "),
                &wounded.join("; "),
                &e.source_count.to_string(),
                &e.confidence.to_string(),
                &articles.join("; "),
            ])?;
        }
        w.flush()?;
        Ok(())
    }
}
