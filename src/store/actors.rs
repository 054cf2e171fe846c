//! The actors family: every actor with its event count, one actor with its aliases
//! and affiliated people, and what a name typed into a filter box means (slug,
//! name, alias, surname or abbreviation: [`NameMatch`], also used for places).
//! Never writes.

use super::{Named, Result, Store, parse_column};
use crate::domain::ActorKind;
use crate::domain::{Slug, slugify};
use sqlx::{QueryBuilder, Sqlite};

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

/// What a name typed into a filter box stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    /// It is the slug of one.
    Exact(Slug),
    /// It is a name, alias, surname or abbreviation of exactly one.
    One(Named),
    /// It could be any of these, most events first.
    Several(Vec<Named>),
    /// It names none.
    Unknown,
}

/// How a candidate's name may be typed: (slug of a name it goes by, event count).
/// A typed slug matches strongly when it is one of those slugs, and weakly when it is
/// one of their words (a surname, "karabakh") or starts one ("azer").
pub(crate) fn match_names(asked: &Slug, candidates: Vec<(Named, Vec<String>, i64)>) -> NameMatch {
    let key = asked.as_str();
    let strong = |names: &[String]| names.iter().any(|n| n == key);
    let weak = |names: &[String]| {
        names.iter().any(|n| {
            n.split('-')
                .any(|word| word == key || (key.len() >= 3 && word.starts_with(key)))
        })
    };
    let mut found: Vec<(Named, i64)> = candidates
        .iter()
        .filter(|(_, names, _)| strong(names))
        .map(|(named, _, count)| (named.clone(), *count))
        .collect();
    if found.is_empty() {
        found = candidates
            .into_iter()
            .filter(|(_, names, _)| weak(names))
            .map(|(named, _, count)| (named, count))
            .collect();
    }
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
    found.dedup_by(|a, b| a.0.slug == b.0.slug);
    match found.len() {
        0 => NameMatch::Unknown,
        1 => NameMatch::One(found.remove(0).0),
        _ => NameMatch::Several(found.into_iter().map(|(named, _)| named).collect()),
    }
}

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

    /// The `limit` actors in most events (from the count index of migrations/0007,
    /// not a sort of every actor), and the actors `also` (a filter's own) wherever
    /// they rank, most active first: what the timeline's form suggests and its
    /// filter chips name, at a cost that does not grow with the number of actors.
    pub async fn busiest_actors(&self, limit: u32, also: &[Slug]) -> Result<Vec<ActorSummary>> {
        let mut qb = QueryBuilder::<Sqlite>::new(ACTOR_COLUMNS);
        qb.push(
            " WHERE a.id IN (SELECT actor_id FROM actor_counts WHERE events > 0 \
             ORDER BY events DESC LIMIT ",
        )
        .push_bind(i64::from(limit))
        .push(") OR a.slug IN (");
        let mut list = qb.separated(", ");
        for slug in also {
            list.push_bind(slug.clone());
        }
        qb.push(")").push(ACTOR_GROUPING);
        let rows: Vec<ActorRow> = qb.build_query_as().fetch_all(self.pool()).await?;
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

    /// What the actor box's `asked` means: an actor's slug, or one of the names it
    /// goes by (its name, the aliases the sources use: "Pompeo", "US"), or a word of
    /// them (a surname), in which case several may fit.
    pub async fn match_actor(&self, asked: &Slug) -> Result<NameMatch> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM actors WHERE slug = ?")
            .bind(asked)
            .fetch_optional(self.pool())
            .await?;
        if found.is_some() {
            return Ok(NameMatch::Exact(asked.clone()));
        }
        let rows: Vec<(Slug, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT a.slug, a.name, al.alias, COALESCE(ac.events, 0) FROM actors a \
             LEFT JOIN actor_aliases al ON al.actor_id = a.id \
             LEFT JOIN actor_counts ac ON ac.actor_id = a.id ORDER BY a.id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut candidates: Vec<(Named, Vec<String>, i64)> = Vec::new();
        for (slug, name, alias, count) in rows {
            if candidates
                .last()
                .is_none_or(|(named, _, _)| named.slug != slug)
            {
                let names = vec![slug.to_string(), slugify(&name)];
                candidates.push((Named { slug, name }, names, count));
            }
            if let (Some(alias), Some((_, names, _))) = (alias, candidates.last_mut()) {
                names.push(slugify(&alias));
            }
        }
        Ok(match_names(asked, candidates))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(
        slug: &str,
        name: &str,
        aliases: &[&str],
        count: i64,
    ) -> (Named, Vec<String>, i64) {
        let mut names = vec![slug.to_string(), slugify(name)];
        names.extend(aliases.iter().map(|a| slugify(a)));
        let named = Named {
            slug: slug.parse().unwrap(),
            name: name.to_string(),
        };
        (named, names, count)
    }

    fn asked(text: &str) -> NameMatch {
        let candidates = vec![
            candidate(
                "mike-pompeo",
                "Mike Pompeo",
                &["Pompeo", "Mike Pompeo's"],
                3,
            ),
            candidate("united-states", "United States", &["U.S.", "US"], 9),
            candidate("ilham-aliyev", "Ilham Aliyev", &["Aliyev"], 4),
            candidate("heydar-aliyev", "Heydar Aliyev", &[], 1),
            candidate("azerbaijan", "Azerbaijan", &["Baku"], 20),
        ];
        match_names(&Slug::from_name(text).unwrap(), candidates)
    }

    fn one(text: &str) -> Named {
        match asked(text) {
            NameMatch::One(named) => named,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn surnames_aliases_and_abbreviations_resolve() {
        for (text, slug) in [
            ("Pompeo", "mike-pompeo"),
            ("US", "united-states"),
            ("U.S.", "united-states"),
            ("baku", "azerbaijan"),
            ("Azer", "azerbaijan"),
        ] {
            assert_eq!(one(text).slug.as_str(), slug, "{text}");
        }
        // "Aliyev" is the alias of one actor: that one, not every Aliyev.
        assert_eq!(one("Aliyev").slug.as_str(), "ilham-aliyev");
        // A word of several names offers them all, most events first.
        let NameMatch::Several(choices) = asked("ali") else {
            panic!("{:?}", asked("ali"));
        };
        let slugs: Vec<&str> = choices.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs, ["ilham-aliyev", "heydar-aliyev"]);
        assert_eq!(asked("Gorbachev"), NameMatch::Unknown);
    }
}
