//! The places family: every place with its event count, and one place. Never
//! writes (places are written with the events located there, in `write`).

use super::{Result, Store};
use crate::domain::Slug;

/// A place with the number of events located there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceSummary {
    pub slug: Slug,
    pub name: String,
    /// city | town | region | country | facility ...
    pub kind: String,
    pub country: Option<String>,
    pub event_count: i64,
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    slug: Slug,
    name: String,
    kind: String,
    country: Option<String>,
    event_count: i64,
}

impl From<PlaceRow> for PlaceSummary {
    fn from(row: PlaceRow) -> Self {
        PlaceSummary {
            slug: row.slug,
            name: row.name,
            kind: row.kind,
            country: row.country,
            event_count: row.event_count,
        }
    }
}

/// Places with their event counts (kept by the `place_counts` triggers).
const PLACE_COLUMNS: &str = "SELECT p.slug, p.name, p.kind, p.country, \
     COALESCE(pc.events, 0) AS event_count \
     FROM places p LEFT JOIN place_counts pc ON pc.place_id = p.id";

impl Store {
    /// Every place with its event count, by name.
    pub async fn places(&self) -> Result<Vec<PlaceSummary>> {
        let rows: Vec<PlaceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{PLACE_COLUMNS} ORDER BY p.name"
        )))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(PlaceSummary::from).collect())
    }

    /// The place `slug`; `None` when unknown.
    pub async fn place(&self, slug: &Slug) -> Result<Option<PlaceSummary>> {
        let row: Option<PlaceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{PLACE_COLUMNS} WHERE p.slug = ?"
        )))
        .bind(slug)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(PlaceSummary::from))
    }
}
