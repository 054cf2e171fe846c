//! The events as a function of the stored reports alone: after an ingest, every
//! report is grouped again as one whole (`domain::grouping`), each group takes the
//! id of its founding report, reports that landed elsewhere while articles were
//! being written move, and an id that no longer names an event redirects to the
//! event that took its reports. The same articles ingested in any order give the
//! same events, ids and exports.

use super::write::{event_id_of, insert_placeholder_event, refresh_event};
use super::{Result, Store, StoreError, StoredArticle};
use crate::domain::grouping::{self, Report};
use crate::domain::{EventDraft, report};
use sqlx::{Sqlite, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An event a replaced article contributed to, as it was before the replacement:
/// when its id is gone afterwards, it redirects to the event that now holds the
/// new version's report of the same kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub id: String,
    pub article: String,
    pub kind: String,
    pub date_start: Option<String>,
}

/// What regrouping found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Regrouped {
    /// Events in the database afterwards.
    pub events: usize,
    /// Reports in the database afterwards.
    pub reports: usize,
    /// Reports that moved to another event.
    pub moved: usize,
    /// Events whose ids were not stored before.
    pub new: usize,
    /// Ids stored before that name no event now.
    pub gone: usize,
}

struct StoredReport {
    id: i64,
    event_id: String,
    article_id: i64,
    article: String,
    draft: EventDraft,
}

/// An article whose date comes from other articles (or is still unknown), with
/// the date and explanation stored for it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleToDate {
    #[sqlx(flatten)]
    pub article: StoredArticle,
    pub published: Option<String>,
    pub published_how: String,
}

impl Store {
    /// The articles with no date of their own: undated, or dated from other
    /// articles. Their dates are looked at again after each ingest, since they
    /// depend on which other articles are stored.
    pub async fn articles_to_date(&self) -> Result<Vec<ArticleToDate>> {
        Ok(sqlx::query_as(
            "SELECT key, source_path, title, source, url, content_hash, text, published, published_how
             FROM articles
             WHERE published IS NULL
                OR (published_basis = 'inferred' AND published_how LIKE 'inferred from other articles%')
             ORDER BY key",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Ids of every event now stored.
    pub async fn event_ids(&self) -> Result<BTreeSet<String>> {
        Ok(sqlx::query_scalar("SELECT id FROM events")
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .collect())
    }

    /// Groups every stored report into events again (see the module comment), in one
    /// transaction. `before` are the ids that existed before the ingest (only they
    /// get redirects: ids made and unmade within one ingest were never shown), and
    /// `orphans` the events replaced articles left.
    pub async fn regroup(
        &self,
        before: &BTreeSet<String>,
        orphans: &[Orphan],
    ) -> Result<Regrouped> {
        let now = jiff::Timestamp::now().to_string();
        let mut tx = self.pool().begin().await?;
        let stored = stored_reports(&mut tx).await?;
        let mut positions: HashMap<&str, usize> = HashMap::new();
        let reports: Vec<Report<'_>> = stored
            .iter()
            .map(|r| {
                let next = positions.entry(r.article.as_str()).or_default();
                *next += 1;
                Report {
                    article: &r.article,
                    position: *next - 1,
                    draft: &r.draft,
                }
            })
            .collect();
        let groups = grouping::group(&reports);
        let live: BTreeSet<String> = sqlx::query_scalar("SELECT id FROM events")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut touched: BTreeSet<String> = BTreeSet::new();
        // Old id → new id → how many of its reports went there.
        let mut went: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut moved = 0;
        for group in &groups {
            let founder = &reports[group[0]];
            let id = (0u32..)
                .map(|salt| {
                    event_id_of(
                        founder.article,
                        founder.first_offset(),
                        founder.draft.kind,
                        salt,
                    )
                })
                .find(|id| !taken.contains(id))
                .unwrap_or_default();
            taken.insert(id.clone());
            for &m in group {
                let r = &stored[m];
                *went
                    .entry(r.event_id.clone())
                    .or_default()
                    .entry(id.clone())
                    .or_default() += 1;
                if r.event_id == id {
                    continue;
                }
                if !live.contains(&id) && touched.insert(id.clone()) {
                    insert_placeholder_event(&mut tx, &id, founder.draft, &now).await?;
                }
                move_report(&mut tx, r, &id).await?;
                touched.insert(r.event_id.clone());
                touched.insert(id.clone());
                moved += 1;
            }
        }
        let aliases = BTreeMap::new();
        for id in &touched {
            refresh_event(&mut tx, id, &aliases).await?;
        }
        canonical_names(&mut tx, &reports).await?;
        redirect_gone(&mut tx, before, &taken, &went, orphans).await?;
        tx.commit().await?;
        Ok(Regrouped {
            events: taken.len(),
            reports: stored.len(),
            moved,
            new: taken.difference(before).count(),
            gone: before.difference(&taken).count(),
        })
    }
}

/// Every report with its article's key, by article key and then in the order the
/// article's reports were written (their extraction order).
async fn stored_reports(tx: &mut Transaction<'_, Sqlite>) -> Result<Vec<StoredReport>> {
    let rows: Vec<(i64, String, i64, String, String)> = sqlx::query_as(
        "SELECT r.id, r.event_id, r.article_id, a.key, r.draft FROM reports r JOIN articles a ON a.id = r.article_id
         ORDER BY a.key, r.id",
    )
    .fetch_all(&mut **tx)
    .await?;
    rows.into_iter()
        .map(|(id, event_id, article_id, article, draft)| {
            let draft = report::from_stored(&draft).map_err(|e| {
                StoreError::Corrupt(format!("report {id} of event {event_id}: {e}"))
            })?;
            Ok(StoredReport {
                id,
                event_id,
                article_id,
                article,
                draft,
            })
        })
        .collect()
}

/// Moves one report, its source sentences and its figures to the event `to`. An
/// article gives at most one report per event, so its figures are found by event
/// and article.
async fn move_report(tx: &mut Transaction<'_, Sqlite>, r: &StoredReport, to: &str) -> Result<()> {
    sqlx::query(
        "UPDATE reports SET event_id = ?1 WHERE id = ?2;
         UPDATE mentions SET event_id = ?1 WHERE report_id = ?2;
         UPDATE casualties SET event_id = ?1 WHERE event_id = ?3 AND article_id = ?4;",
    )
    .bind(to)
    .bind(r.id)
    .bind(&r.event_id)
    .bind(r.article_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An actor's or a place's stored name (and role, affiliation, kind, country) is
/// the first one written, which depends on the order articles came in: they are
/// set here from the first report, in article order, that gives each.
async fn canonical_names(tx: &mut Transaction<'_, Sqlite>, reports: &[Report<'_>]) -> Result<()> {
    // Reports are already in article order (`stored_reports`).
    let mut actors: BTreeMap<&str, (&str, Option<&str>, Option<String>)> = BTreeMap::new();
    let mut places: BTreeMap<&str, (&str, &str, Option<&str>)> = BTreeMap::new();
    for r in reports {
        for a in &r.draft.actors {
            let entry = actors.entry(&a.slug).or_insert((&a.name, None, None));
            if entry.1.is_none() {
                entry.1 = a.role.as_deref();
            }
            if entry.2.is_none() {
                entry.2 = a.affiliation.as_deref().map(crate::domain::slugify);
            }
        }
        if let Some(p) = &r.draft.place {
            places
                .entry(&p.slug)
                .or_insert((&p.name, &p.kind, p.country.as_deref()));
        }
    }
    for (slug, (name, role, affiliation)) in actors {
        let update = "UPDATE actors SET name = ?1, role = ?2, affiliation = ?3
             WHERE slug = ?4 AND (name IS NOT ?1 OR role IS NOT ?2 OR affiliation IS NOT ?3)";
        set_facts(tx, update, slug, [Some(name), role, affiliation.as_deref()]).await?;
    }
    for (slug, (name, kind, country)) in places {
        let update = "UPDATE places SET name = ?1, kind = ?2, country = ?3
             WHERE slug = ?4 AND (name IS NOT ?1 OR kind IS NOT ?2 OR country IS NOT ?3)";
        set_facts(tx, update, slug, [Some(name), Some(kind), country]).await?;
    }
    Ok(())
}

/// Runs one of `canonical_names`' updates: three facts bound as ?1–?3, the slug as ?4.
async fn set_facts(
    tx: &mut Transaction<'_, Sqlite>,
    update: &'static str,
    slug: &str,
    facts: [Option<&str>; 3],
) -> Result<()> {
    let mut query = sqlx::query(update);
    for fact in facts {
        query = query.bind(fact);
    }
    query.bind(slug).execute(&mut **tx).await?;
    Ok(())
}

/// Redirects every id that existed before and names no event now: to the event
/// that took most of its reports, or, for an event a replaced article left, to the
/// event holding the new version's report of the same kind (the nearest in date).
/// Redirects point straight at live events, and a live id never redirects.
async fn redirect_gone(
    tx: &mut Transaction<'_, Sqlite>,
    before: &BTreeSet<String>,
    live: &BTreeSet<String>,
    went: &BTreeMap<String, BTreeMap<String, usize>>,
    orphans: &[Orphan],
) -> Result<()> {
    let mut redirects: BTreeMap<String, String> = BTreeMap::new();
    for (old, targets) in went {
        if live.contains(old) || !before.contains(old) {
            continue;
        }
        // Most reports; among equals the smallest id.
        if let Some((new, _)) = targets
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        {
            redirects.insert(old.clone(), new.clone());
        }
    }
    for o in orphans {
        if live.contains(&o.id) || !before.contains(&o.id) || redirects.contains_key(&o.id) {
            continue;
        }
        let target: Option<String> = sqlx::query_scalar(
            "SELECT e.id FROM events e WHERE e.kind = ?1 AND e.id IN
               (SELECT r.event_id FROM reports r JOIN articles a ON a.id = r.article_id WHERE a.key = ?2)
             ORDER BY abs(julianday(e.date_start) - julianday(?3)), e.id LIMIT 1",
        )
        .bind(&o.kind)
        .bind(&o.article)
        .bind(&o.date_start)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(target) = target {
            redirects.insert(o.id.clone(), target);
        }
    }
    for (old, new) in &redirects {
        sqlx::query(
            "INSERT INTO event_redirects (old_id, new_id) VALUES (?1, ?2)
               ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id;
             UPDATE event_redirects SET new_id = ?2 WHERE new_id = ?1;",
        )
        .bind(old)
        .bind(new)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM event_redirects WHERE old_id IN (SELECT id FROM events)")
        .execute(&mut **tx)
        .await?;
    Ok(())
}
