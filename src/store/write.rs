//! Writes: one article and its extracted reports, in one transaction, so an article
//! is either present with all its events and mentions or absent.
//!
//! Each report either joins an existing event that describes the same happening
//! (the rule in `domain::merge`) or founds a new one. An event's fields are always
//! recomputed from all its reports (`refresh_event`), so replacing an article only
//! touches the events it contributed to. Event ids are a hash of the founding
//! report (article key, sentence offset, kind). The grouping made here, one report
//! at a time, depends on the order articles come in; `regroup` settles it after an
//! ingest so that it depends only on the reports.

use super::regroup::Orphan;
use super::rows::names_json;
use super::{Result, Store, StoreError};
use crate::domain::merge::{self, Summary};
use crate::domain::report;
use crate::domain::{ActorKind, EventDate, EventDraft, EventKind, Reference};
use sha2::{Digest, Sha256};
use sqlx::{Row, Sqlite, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// An article as it is stored.
#[derive(Debug, Clone)]
pub struct ArticleRecord<'a> {
    pub key: &'a str,
    pub source_path: &'a str,
    pub title: Option<&'a str>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    pub reference: &'a Reference,
    pub content_hash: &'a str,
    pub text: &'a str,
}

/// What saving an article did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    pub events_new: usize,
    pub events_merged: usize,
    pub replaced: bool,
    /// The events the replaced version contributed to, for `Store::regroup`.
    pub orphans: Vec<Orphan>,
}

impl Store {
    /// Saves a batch of articles with their reports in one transaction (each
    /// replacing its stored version): all of them or none.
    pub async fn save_articles(
        &self,
        batch: &[ArticleToSave<'_>],
        now: &str,
    ) -> Result<Vec<Saved>> {
        let mut tx = self.pool().begin().await?;
        // SQLite's default page cache (2 MB) is smaller than the index pages a batch
        // touches once the database holds ~100,000 events; profiles of the writer then
        // showed a third of its time copying pages in from the OS (pread). 64 MB for
        // the connection that writes; it only affects speed.
        sqlx::query("PRAGMA cache_size = -65536")
            .execute(&mut *tx)
            .await?;
        let mut out = Vec::with_capacity(batch.len());
        for a in batch {
            out.push(save_one(&mut tx, &a.record, a.drafts, a.aliases, now).await?);
        }
        tx.commit().await?;
        Ok(out)
    }
}

/// One article of a batch: the record, its reports, and the names it uses for
/// each actor (slug → surface forms).
#[derive(Debug, Clone)]
pub struct ArticleToSave<'a> {
    pub record: ArticleRecord<'a>,
    pub drafts: &'a [EventDraft],
    pub aliases: &'a BTreeMap<String, BTreeSet<String>>,
}

async fn save_one(
    tx: &mut Transaction<'_, Sqlite>,
    article: &ArticleRecord<'_>,
    drafts: &[EventDraft],
    aliases: &BTreeMap<String, BTreeSet<String>>,
    now: &str,
) -> Result<Saved> {
    let mut saved = Saved::default();
    let mut touched: BTreeSet<String> = BTreeSet::new();
    // The events this article already reports (its earlier drafts), which its later
    // drafts do not merge into.
    let mut reported: BTreeSet<String> = BTreeSet::new();
    // A new article costs one statement; only a stored key takes the replace path.
    let article_id = match insert_article(tx, article, now).await? {
        Some(id) => id,
        None => {
            saved.replaced = true;
            let orphans = remove_article(tx, article.key).await?;
            touched.extend(orphans.iter().map(|o| o.id.clone()));
            saved.orphans = orphans;
            insert_article(tx, article, now).await?.ok_or_else(|| {
                StoreError::Corrupt(format!("article {} could not be replaced", article.key))
            })?
        }
    };

    for draft in drafts {
        let event_id = match matching_event(tx, draft, &reported).await? {
            Some(id) => {
                saved.events_merged += 1;
                id
            }
            None => {
                saved.events_new += 1;
                let id = new_event_id(tx, article.key, draft).await?;
                insert_placeholder_event(tx, &id, draft, now).await?;
                id
            }
        };
        insert_report(tx, &event_id, article_id, article.text, draft).await?;
        reported.insert(event_id.clone());
        touched.insert(event_id);
    }
    for id in &touched {
        refresh_event(tx, id, aliases).await?;
    }
    Ok(saved)
}

/// Stores one report of the article `article_id` under `event_id`, with its source
/// sentences (cut from `text`) and its casualty figures.
async fn insert_report(
    tx: &mut Transaction<'_, Sqlite>,
    event_id: &str,
    article_id: i64,
    text: &str,
    draft: &EventDraft,
) -> Result<()> {
    let json = report::to_stored(draft).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let report_id: i64 = sqlx::query_scalar(
        "INSERT INTO reports (event_id, article_id, draft) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(event_id)
    .bind(article_id)
    .bind(json)
    .fetch_one(&mut **tx)
    .await?;
    for m in &draft.mentions {
        let sentence = text.get(m.start..m.end).unwrap_or_default();
        sqlx::query("INSERT INTO mentions (report_id, event_id, article_id, start, end, text) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(report_id)
                .bind(event_id)
                .bind(article_id)
                .bind(m.start as i64)
                .bind(m.end as i64)
                .bind(sentence)
                .execute(&mut **tx)
                .await?;
    }
    for (c, start, end) in &draft.casualties {
        sqlx::query(
                "INSERT INTO casualties (event_id, article_id, party, grp, killed, wounded, cumulative, reported_by, start, end)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(event_id)
            .bind(article_id)
            .bind(&c.party)
            .bind(c.group.map(|g| g.as_str()))
            .bind(c.killed.map(i64::from))
            .bind(c.wounded.map(i64::from))
            .bind(c.cumulative)
            .bind(&c.reported_by)
            .bind(*start as i64)
            .bind(*end as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Inserts an article; None when its key is already stored.
async fn insert_article(
    tx: &mut Transaction<'_, Sqlite>,
    article: &ArticleRecord<'_>,
    now: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO articles (key, source_path, title, source, url, published, published_basis, published_how, content_hash, text, ingested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING RETURNING id",
    )
    .bind(article.key)
    .bind(article.source_path)
    .bind(article.title)
    .bind(article.source)
    .bind(article.url)
    .bind(article.reference.date.map(|d| d.to_string()))
    .bind(article.reference.basis.as_str())
    .bind(&article.reference.how)
    .bind(article.content_hash)
    .bind(article.text)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Removes a stored article with its reports, mentions and figures; returns the
/// events it contributed to, which must be recomputed.
async fn remove_article(tx: &mut Transaction<'_, Sqlite>, key: &str) -> Result<Vec<Orphan>> {
    let Some(old): Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE key = ?")
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(Vec::new());
    };
    let events: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT e.id, e.kind, e.date_start FROM events e
         WHERE e.id IN (SELECT event_id FROM reports WHERE article_id = ?) ORDER BY e.id",
    )
    .bind(old)
    .fetch_all(&mut **tx)
    .await?;
    let events = events
        .into_iter()
        .map(|(id, kind, date_start)| Orphan {
            id,
            article: key.to_string(),
            kind,
            date_start,
        })
        .collect();
    for statement in [
        "DELETE FROM casualties WHERE article_id = ?",
        "DELETE FROM mentions WHERE article_id = ?",
        "DELETE FROM reports WHERE article_id = ?",
    ] {
        sqlx::query(statement).bind(old).execute(&mut **tx).await?;
    }
    sqlx::query("DELETE FROM articles WHERE id = ?")
        .bind(old)
        .execute(&mut **tx)
        .await?;
    Ok(events)
}

/// The windows, in days, under which events are filed by the length of their date
/// (`events.date_reach`, migration 0002): an event whose date spans n days is filed
/// under the first window ≥ n, and dates longer than the last under `BEYOND_REACH`.
const REACHES: [i64; 5] = [0, 7, 31, 92, MERGE_LOOKBACK_DAYS];
const BEYOND_REACH: i64 = 100_000;
/// A report merges only into events that start at most this long before it (a coarse
/// date spans at most a year).
const MERGE_LOOKBACK_DAYS: i64 = 366;
/// Candidates scored per report, earliest first.
const MERGE_CANDIDATES: usize = 200;

fn date_reach(date: &EventDate) -> i64 {
    let span = (date.end - date.start).get_days() as i64;
    REACHES
        .into_iter()
        .find(|&reach| span <= reach)
        .unwrap_or(BEYOND_REACH)
}

/// The candidate lookup: per reach window, the events of the report's kind that
/// start inside the window's bound and end on or after the report's first day, in
/// date order; then the earliest of them all. Each branch is a bounded range of
/// `events_by_kind_reach`, which holds every column read here. `{limit}` is
/// `MERGE_CANDIDATES` plus the events the article already reports, which are
/// dropped afterwards (an article's reports never merge with each other here).
fn candidates_sql(limit: usize) -> String {
    let branch = format!(
        "SELECT * FROM (SELECT e.id, e.subtype, e.date_start, e.date_end, e.date_precision, e.place_id
           FROM events e
           WHERE e.kind = ? AND e.date_reach = ? AND e.date_start >= ? AND e.date_start <= ? AND e.date_end >= ?
           ORDER BY e.date_start, e.id LIMIT {limit})"
    );
    let branches = vec![branch; REACHES.len() + 1].join("\n UNION ALL ");
    format!(
        "WITH c AS ({branches}
           ORDER BY 3, 1 LIMIT {limit})
         SELECT c.id, c.subtype, c.date_start, c.date_end, c.date_precision, p.slug, p.country, p.kind
         FROM c LEFT JOIN places p ON p.id = c.place_id
         ORDER BY c.date_start, c.id"
    )
}

/// A stored event as the merge rule sees it.
struct Candidate {
    id: String,
    subtype: String,
    date: Option<EventDate>,
    place: Option<String>,
    /// The country the place lies in, and whether the place is that country.
    place_country: Option<(String, bool)>,
    actors: Vec<(String, ActorKind)>,
}

impl Candidate {
    fn summary(&self, kind: EventKind) -> Summary<'_> {
        Summary {
            kind,
            subtype: &self.subtype,
            date: self.date,
            place: self.place.as_deref(),
            place_country: self.place_country.as_ref().map(|(c, is)| (c.as_str(), *is)),
            actors: self.actors.iter().map(|(s, k)| (s.as_str(), *k)).collect(),
        }
    }
}

/// The stored event this report describes, if any (see `domain::merge`). The
/// candidates are the events of the same kind whose dates overlap the report's and
/// start at most `MERGE_LOOKBACK_DAYS` before it, read from the reconciled columns
/// rather than from the reports; only those that `merge::may_be_same` keeps have
/// their actors read.
async fn matching_event(
    tx: &mut Transaction<'_, Sqlite>,
    draft: &EventDraft,
    already_reported: &BTreeSet<String>,
) -> Result<Option<String>> {
    let Some(date) = draft.date else {
        return Ok(None);
    };
    let back = |days: i64| date.start.checked_sub(jiff::Span::new().days(days)).ok();
    let earliest = back(MERGE_LOOKBACK_DAYS).unwrap_or(date.start);
    let (first, last) = (date.start.to_string(), date.end.to_string());
    let sql = candidates_sql(MERGE_CANDIDATES + already_reported.len());
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for reach in REACHES.into_iter().chain([BEYOND_REACH]) {
        let lookback = reach.min(MERGE_LOOKBACK_DAYS);
        let lowest = back(lookback).unwrap_or(date.start).max(earliest);
        query = query
            .bind(draft.kind.as_str())
            .bind(reach)
            .bind(lowest.to_string())
            .bind(last.clone())
            .bind(first.clone());
    }
    let mine = Summary::of(draft);
    let mut candidates: Vec<Candidate> = query
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .filter(|row| !already_reported.contains(row.get::<&str, _>(0)))
        .take(MERGE_CANDIDATES)
        .map(|row| {
            let (start, end, precision): (String, String, String) =
                (row.get(2), row.get(3), row.get(4));
            Candidate {
                id: row.get(0),
                subtype: row.get(1),
                date: EventDate::from_parts(&start, &end, &precision),
                place: row.get(5),
                place_country: row
                    .get::<Option<String>, _>(6)
                    .map(|c| (c, row.get::<Option<&str>, _>(7) == Some("country"))),
                actors: Vec::new(),
            }
        })
        .filter(|c| merge::may_be_same(&mine, &c.summary(draft.kind)))
        .collect();
    if candidates.is_empty() {
        return Ok(None);
    }
    let mut actors = sqlx::QueryBuilder::new(
        "SELECT ea.event_id, a.slug, a.kind FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
         WHERE ea.event_id IN (",
    );
    let mut ids = actors.separated(", ");
    for c in &candidates {
        ids.push_bind(c.id.as_str());
    }
    actors.push(") ORDER BY ea.event_id, ea.actor_id, ea.role");
    let rows: Vec<(String, String, String)> = actors.build_query_as().fetch_all(&mut **tx).await?;
    for (event_id, slug, kind) in rows {
        let Ok(kind) = kind.parse() else { continue };
        if let Some(c) = candidates.iter_mut().find(|c| c.id == event_id) {
            c.actors.push((slug, kind));
        }
    }
    let mut best: Option<(usize, &str)> = None;
    for c in &candidates {
        if let Some(score) = merge::same_happening(&mine, &c.summary(draft.kind))
            && best.is_none_or(|(s, _)| score > s)
        {
            best = Some((score, &c.id));
        }
    }
    Ok(best.map(|(_, id)| id.to_string()))
}

/// The id of an event founded by the report of `article_key` whose first source
/// sentence starts at `first` (`salt` > 0 only when ids collide).
pub(super) fn event_id_of(article_key: &str, first: usize, kind: EventKind, salt: u32) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "{article_key}\u{0}{first}\u{0}{}\u{0}{salt}",
        kind.as_str()
    ));
    hex::encode(&h.finalize()[..6])
}

async fn new_event_id(
    tx: &mut Transaction<'_, Sqlite>,
    article_key: &str,
    draft: &EventDraft,
) -> Result<String> {
    let first = draft.mentions.first().map_or(0, |m| m.start);
    let mut salt = 0u32;
    loop {
        let id = event_id_of(article_key, first, draft.kind, salt);
        let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM events WHERE id = ? UNION SELECT 1 FROM event_redirects WHERE old_id = ?")
            .bind(&id)
            .bind(&id)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_none() {
            return Ok(id);
        }
        salt += 1;
    }
}

pub(super) async fn insert_placeholder_event(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    draft: &EventDraft,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO events (id, kind, subtype, status, date_basis, headline, confidence, source_count, created_at)
         VALUES (?, ?, ?, ?, '', '', 0, 0, ?)",
    )
    .bind(id)
    .bind(draft.kind.as_str())
    .bind(&draft.subtype)
    .bind(draft.status.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes an event left without reports, with everything that hangs off it.
const REMOVE_EVENT: &str = "DELETE FROM events_fts WHERE rowid = ?;
     DELETE FROM event_actors WHERE event_id = ?;
     DELETE FROM casualties WHERE event_id = ?;
     DELETE FROM events WHERE id = ?;";

/// Every write of an event's refresh in one batch: its place, its reconciled row,
/// its actors with their aliases and links (from one JSON array, see
/// [`actors_json`]), and its search text.
const REFRESH_EVENT: &str = "DELETE FROM events_fts WHERE rowid = ?;
     DELETE FROM event_actors WHERE event_id = ?;
     INSERT INTO places (slug, name, kind, country) SELECT ?, ?, ?, ? WHERE ? IS NOT NULL
       ON CONFLICT(slug) DO UPDATE SET name = excluded.name;
     UPDATE events SET kind = ?, subtype = ?, status = ?, alleged_by = ?, denied_by = ?, date_start = ?,
       date_end = ?, date_precision = ?, date_value = ?, date_reach = ?, date_basis = ?, headline = ?,
       place_id = (SELECT id FROM places WHERE slug = ?), confidence = ?, source_count = ?
     WHERE id = ?;
     INSERT INTO actors (slug, name, kind, role, affiliation)
       SELECT j.value ->> 'slug', j.value ->> 'name', j.value ->> 'kind', j.value ->> 'role',
              j.value ->> 'affiliation'
       FROM json_each(?) j WHERE true ORDER BY j.key
       ON CONFLICT(slug) DO UPDATE SET role = COALESCE(actors.role, excluded.role),
                                       affiliation = COALESCE(actors.affiliation, excluded.affiliation);
     INSERT OR IGNORE INTO actor_aliases (actor_id, alias)
       SELECT a.id, alias.value FROM json_each(?) j
         JOIN actors a ON a.slug = j.value ->> 'slug'
         JOIN json_each(j.value -> 'aliases') alias;
     INSERT OR IGNORE INTO event_actors (event_id, actor_id, role)
       SELECT ?, a.id, 'participant' FROM json_each(?) j JOIN actors a ON a.slug = j.value ->> 'slug'
       ORDER BY j.key;
     INSERT INTO events_fts (rowid, headline, body) VALUES (?, ?, ?);";

/// The reconciled actors of an event as one JSON array, in order, each with the
/// names the article uses for it.
fn actors_json(event: &EventDraft, aliases: &BTreeMap<String, BTreeSet<String>>) -> String {
    event
        .actors
        .iter()
        .map(|a| {
            let mut known: Vec<&String> = aliases.get(&a.slug).into_iter().flatten().collect();
            known.push(&a.name);
            serde_json::json!({
                "slug": a.slug,
                "name": a.name,
                "kind": a.kind.as_str(),
                "role": a.role,
                "affiliation": a.affiliation.as_deref().map(crate::domain::slugify),
                "aliases": known,
            })
        })
        .collect::<serde_json::Value>()
        .to_string()
}

/// Recomputes an event's row, actor links and search text from its reports; an
/// event left without reports is removed. Three round trips to SQLite whatever the
/// event: its reports, its source sentences, then every write in one batch of
/// statements (the actors go in as one JSON array, in the reconciled order, so they
/// are numbered as if inserted one by one). Long because that batch binds every
/// column of the event in the statement's order.
pub(super) async fn refresh_event(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    aliases: &BTreeMap<String, BTreeSet<String>>,
) -> Result<()> {
    let rows: Vec<(i64, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT e.rowid, r.article_id, r.draft FROM events e LEFT JOIN reports r ON r.event_id = e.id
           LEFT JOIN articles a ON a.id = r.article_id
         WHERE e.id = ? ORDER BY a.key, r.id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let Some(&(rowid, _, _)) = rows.first() else {
        return Ok(());
    };
    let reports = rows
        .iter()
        .filter_map(|(_, _, draft)| draft.as_deref())
        .map(|j| {
            report::from_stored(j)
                .map_err(|e| StoreError::Corrupt(format!("report of event {id}: {e}")))
        })
        .collect::<Result<Vec<EventDraft>>>()?;
    let Some(event) = merge::reconcile(&reports) else {
        sqlx::query(REMOVE_EVENT)
            .bind(rowid)
            .bind(id)
            .bind(id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        return Ok(());
    };
    let sources = rows
        .iter()
        .filter_map(|(_, article, _)| *article)
        .collect::<BTreeSet<i64>>()
        .len();
    let body: Vec<String> = sqlx::query_scalar(
        "SELECT m.text FROM mentions m JOIN articles a ON a.id = m.article_id
         WHERE m.event_id = ? ORDER BY a.key, m.start",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let mut names: Vec<&str> = event.actors.iter().map(|a| a.name.as_str()).collect();
    if let Some(p) = &event.place {
        names.push(&p.name);
    }
    // One JSON array, bound to each of the three statements that read the actors.
    let actors = actors_json(&event, aliases);
    let place = event.place.as_ref();
    let date: Option<EventDate> = event.date;
    sqlx::query(REFRESH_EVENT)
        .bind(rowid)
        .bind(id)
        .bind(place.map(|p| p.slug.as_str()))
        .bind(place.map(|p| p.name.as_str()))
        .bind(place.map(|p| p.kind.as_str()))
        .bind(place.and_then(|p| p.country.as_deref()))
        .bind(place.map(|p| p.slug.as_str()))
        .bind(event.kind.as_str())
        .bind(&event.subtype)
        .bind(event.status.as_str())
        .bind(names_json(&event.alleged_by))
        .bind(names_json(&event.denied_by))
        .bind(date.map(|d| d.start.to_string()))
        .bind(date.map(|d| d.end.to_string()))
        .bind(date.map(|d| d.precision.as_str()))
        .bind(date.map(|d| d.timex_value()))
        .bind(date.as_ref().map(date_reach))
        .bind(&event.date_basis)
        .bind(&event.headline)
        .bind(place.map(|p| p.slug.as_str()))
        .bind(merge::confidence(sources, event.date_source))
        .bind(sources as i64)
        .bind(id)
        .bind(actors.clone())
        .bind(actors.clone())
        .bind(id)
        .bind(actors)
        .bind(rowid)
        .bind(&event.headline)
        .bind(format!("{} {}", names.join(" "), body.join(" ")))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        ActorRef, Basis, Casualty, CasualtyGroup, DateSource, MentionSpan, PlaceRef, Status,
    };
    use jiff::civil::date;

    const TEXT: &str = "Shelling hit Northtown on Friday. Talks were held.";

    fn fighting(day: i8) -> EventDraft {
        EventDraft {
            kind: EventKind::Fighting,
            subtype: "shelling".into(),
            status: Status::Reported,
            alleged_by: vec![],
            denied_by: vec![],
            date: Some(EventDate::day(date(2020, 10, day))),
            date_source: DateSource::Explicit,
            date_basis: "“on Friday”".into(),
            actors: vec![ActorRef {
                name: "Country A".into(),
                slug: "country-a".into(),
                kind: ActorKind::State,
                role: None,
                affiliation: None,
            }],
            place: Some(PlaceRef {
                name: "Northtown".into(),
                slug: "northtown".into(),
                kind: "town".into(),
                country: None,
            }),
            places_mentioned: vec![],
            casualties: vec![],
            mentions: vec![MentionSpan {
                start: 0,
                end: 33,
                sentence: 0,
            }],
            headline: "Shelling in Northtown: Country A".into(),
            found_by: String::new(),
        }
    }

    async fn save(store: &Store, key: &str, hash: &str, drafts: &[EventDraft]) -> Saved {
        let reference = Reference {
            date: Some(date(2020, 10, 24)),
            basis: Basis::Stated,
            how: "given".into(),
        };
        let aliases = BTreeMap::new();
        let batch = [ArticleToSave {
            record: ArticleRecord {
                key,
                source_path: key,
                title: None,
                source: None,
                url: None,
                reference: &reference,
                content_hash: hash,
                text: TEXT,
            },
            drafts,
            aliases: &aliases,
        }];
        store
            .save_articles(&batch, "2026-01-01T00:00:00Z")
            .await
            .unwrap()
            .remove(0)
    }

    async fn count(store: &Store, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(store.pool())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn reports_of_the_same_happening_merge_and_a_replaced_article_leaves() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("w.db")).await.unwrap();

        let first = save(&store, "a.txt", "h1", &[fighting(23)]).await;
        assert_eq!((first.events_new, first.events_merged), (1, 0));
        let second = save(&store, "b.txt", "h2", &[fighting(23)]).await;
        assert_eq!((second.events_new, second.events_merged), (0, 1));
        assert_eq!(count(&store, "SELECT COUNT(*) FROM events").await, 1);
        assert_eq!(count(&store, "SELECT source_count FROM events").await, 2);
        let stored: String = sqlx::query_scalar("SELECT draft FROM reports LIMIT 1")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert!(stored.starts_with("{\"format\":2,"), "{stored}");

        // Another day is another happening.
        let third = save(&store, "c.txt", "h3", &[fighting(20)]).await;
        assert_eq!((third.events_new, third.events_merged), (1, 0));

        // A changed article replaces its reports; an event left without any goes.
        let replaced = save(&store, "c.txt", "h4", &[]).await;
        assert!(replaced.replaced);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM events").await, 1);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM reports").await, 2);
    }

    #[tokio::test]
    async fn claims_and_figures_are_stored_as_stated_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("w.db")).await.unwrap();
        let mut alleged = fighting(23);
        alleged.status = Status::Denied;
        // A name holding "; " survives: the list is stored as JSON.
        alleged.alleged_by = vec!["Ministry of Defence; Country A".into(), "Country B".into()];
        alleged.denied_by = vec!["Country C".into()];
        alleged.casualties = vec![(
            Casualty {
                party: Some("Country A".into()),
                group: Some(CasualtyGroup::Civilian),
                killed: Some(3),
                wounded: None,
                cumulative: false,
                reported_by: None,
            },
            0,
            33,
        )];
        save(&store, "a.txt", "h1", &[alleged.clone()]).await;

        let stored: String = sqlx::query_scalar("SELECT alleged_by FROM events")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(stored, r#"["Ministry of Defence; Country A","Country B"]"#);
        let page = store.list_events(&Default::default()).await.unwrap();
        let event = &page.events[0];
        assert_eq!(event.alleged_by, alleged.alleged_by);
        assert_eq!(event.denied_by, alleged.denied_by);
        assert_eq!(event.status, Status::Denied);
        assert_eq!(event.figures, vec![alleged.casualties[0].0.clone()]);
    }

    #[tokio::test]
    async fn event_ids_are_stable_across_rebuilds() {
        let mut ids = Vec::new();
        for _ in 0..2 {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(&dir.path().join("w.db")).await.unwrap();
            save(&store, "a.txt", "h1", &[fighting(23)]).await;
            let id: String = sqlx::query_scalar("SELECT id FROM events")
                .fetch_one(store.pool())
                .await
                .unwrap();
            assert_eq!(id.len(), 12);
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
            ids.push(id);
        }
        assert_eq!(ids[0], ids[1]);
    }
}
