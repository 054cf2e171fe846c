//! The places family: every place with its event count, one place, and what a name
//! typed into the place box means. Never writes (places are written with the
//! events located there, in `write`).

use super::actors::{NameMatch, match_names};
use super::{Named, Result, Store};
use crate::domain::{Slug, slugify};
use sqlx::{QueryBuilder, Sqlite};

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

    /// The `limit` places with most events (from the count index of
    /// migrations/0007, not a sort of every place), and the place `also` (a
    /// filter's own) wherever it ranks, by name: what the timeline's form suggests
    /// and its filter chip names, at a cost that does not grow with the number of
    /// places.
    pub async fn busiest_places(
        &self,
        limit: u32,
        also: Option<&Slug>,
    ) -> Result<Vec<PlaceSummary>> {
        let mut qb = QueryBuilder::<Sqlite>::new(PLACE_COLUMNS);
        qb.push(
            " WHERE p.id IN (SELECT place_id FROM place_counts WHERE events > 0 \
             ORDER BY events DESC LIMIT ",
        )
        .push_bind(i64::from(limit))
        .push(") OR p.slug = ")
        .push_bind(also.cloned())
        .push(" ORDER BY p.name");
        let rows: Vec<PlaceRow> = qb.build_query_as().fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(PlaceSummary::from).collect())
    }

    /// What the place box's `asked` means: a place's slug, its name, or a word of
    /// it ("Karabakh"), in which case several may fit.
    pub async fn match_place(&self, asked: &Slug) -> Result<NameMatch> {
        if self.place(asked).await?.is_some() {
            return Ok(NameMatch::Exact(asked.clone()));
        }
        let candidates = self
            .places()
            .await?
            .into_iter()
            .map(|p| {
                let names = vec![p.slug.to_string(), slugify(&p.name)];
                let named = Named {
                    slug: p.slug,
                    name: p.name,
                };
                (named, names, p.event_count)
            })
            .collect();
        Ok(match_names(asked, candidates))
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
