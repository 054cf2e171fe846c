//! The actors family: every actor with its event count, one actor with its
//! aliases and affiliated people, and which slugs name no actor. Never writes.

use super::{Named, Result, Store, parse_column};
use crate::domain::ActorKind;
use crate::domain::Slug;

/// An actor with the number of events it appears in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorSummary {
    pub slug: Slug,
    pub name: String,
    pub kind: ActorKind,
    /// For people: their office ("Foreign Minister").
    pub role: Option<String>,
    /// For people: the state or organisation they act for, when it is a known actor.
    pub affiliation: Option<Named>,
    pub event_count: i64,
}

/// Everything the actor page shows besides its event list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorDetail {
    pub actor: ActorSummary,
    /// Other names the sources use for this actor.
    pub aliases: Vec<String>,
    /// People whose affiliation is this actor.
    pub members: Vec<ActorSummary>,
}

#[derive(sqlx::FromRow)]
struct ActorRow {
    slug: Slug,
    name: String,
    kind: String,
    role: Option<String>,
    affiliation_slug: Option<Slug>,
    affiliation_name: Option<String>,
    event_count: i64,
}

impl ActorRow {
    fn into_summary(self) -> Result<ActorSummary> {
        let affiliation = match (self.affiliation_slug, self.affiliation_name) {
            (Some(slug), Some(name)) => Some(Named { slug, name }),
            _ => None,
        };
        Ok(ActorSummary {
            kind: parse_column(&self.kind, "kind", &self.slug)?,
            slug: self.slug,
            name: self.name,
            role: self.role,
            affiliation,
            event_count: self.event_count,
        })
    }
}

/// Actors with their affiliation resolved and their event counts (kept per actor by
/// the `actor_counts` triggers, so no page counts links); callers add a WHERE clause
/// (on `a.`) before [`ACTOR_GROUPING`].
const ACTOR_COLUMNS: &str = "SELECT a.slug, a.name, a.kind, a.role, \
     af.slug AS affiliation_slug, af.name AS affiliation_name, \
     COALESCE(ac.events, 0) AS event_count \
     FROM actors a \
     LEFT JOIN actors af ON af.slug = a.affiliation \
     LEFT JOIN actor_counts ac ON ac.actor_id = a.id";

const ACTOR_GROUPING: &str = " ORDER BY event_count DESC, a.name";

impl Store {
    /// Every actor with its event count, most active first.
    pub async fn actors(&self) -> Result<Vec<ActorSummary>> {
        let rows: Vec<ActorRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{ACTOR_COLUMNS}{ACTOR_GROUPING}"
        )))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(ActorRow::into_summary).collect()
    }

    /// The actor `slug` with its aliases and affiliated people; `None` when unknown.
    pub async fn actor(&self, slug: &Slug) -> Result<Option<ActorDetail>> {
        let row: Option<ActorRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{ACTOR_COLUMNS} WHERE a.slug = ?{ACTOR_GROUPING}"
        )))
        .bind(slug)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let actor = row.into_summary()?;
        let aliases: Vec<String> = sqlx::query_scalar(
            "SELECT al.alias FROM actor_aliases al JOIN actors a ON a.id = al.actor_id \
             WHERE a.slug = ? AND al.alias <> a.name ORDER BY al.alias",
        )
        .bind(slug)
        .fetch_all(self.pool())
        .await?;
        let members: Vec<ActorRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{ACTOR_COLUMNS} WHERE a.affiliation = ?{ACTOR_GROUPING}"
        )))
        .bind(slug)
        .fetch_all(self.pool())
        .await?;
        let members = members
            .into_iter()
            .map(ActorRow::into_summary)
            .collect::<Result<_>>()?;
        Ok(Some(ActorDetail {
            actor,
            aliases,
            members,
        }))
    }

    /// Those of `slugs` that name no actor, to reject a filter that cannot match.
    pub async fn unknown_actors(&self, slugs: &[Slug]) -> Result<Vec<Slug>> {
        let mut unknown = Vec::new();
        for slug in slugs {
            let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM actors WHERE slug = ?")
                .bind(slug)
                .fetch_optional(self.pool())
                .await?;
            if found.is_none() {
                unknown.push(slug.clone());
            }
        }
        Ok(unknown)
    }
}
