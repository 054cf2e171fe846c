//! Ingest: walk the inputs, read articles, skip the unchanged ones, extract the
//! rest and store each article whole (one transaction per article). Bad files are
//! reported and skipped; everything else still goes in.
//!
//! An article whose date cannot be established from its metadata or text is dated
//! from other articles that report the same events (`extract::reference`). Because
//! the dated report may come later in the same run, every undated article is
//! looked at again once all files are in.

pub mod read;

use crate::extract::{self, ArticleText, Extraction, Reference, Resources};
use crate::store::write::ArticleRecord;
use crate::store::{Store, StoreError};
pub use read::{RawArticle, Rejected};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub unchanged: usize,
    pub replaced: usize,
    /// Undated articles that got their date from other articles in a second pass.
    pub redated: usize,
    pub rejected: Vec<Rejected>,
    pub events_new: usize,
    pub events_merged: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "articles: {} new, {} unchanged, {} replaced, {} rejected; events: {} new, {} merged into existing ones",
            self.new,
            self.unchanged,
            self.replaced,
            self.rejected.len(),
            self.events_new,
            self.events_merged
        )?;
        if self.redated > 0 {
            write!(
                f,
                "; {} undated articles dated from other articles",
                self.redated
            )?;
        }
        Ok(())
    }
}

/// Called after each input file with (files done, files in all).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Ingests files and folders into the store.
pub async fn ingest(
    store: &Store,
    res: &Resources,
    paths: &[PathBuf],
    progress: Progress<'_>,
) -> Result<Summary, IngestError> {
    let (files, rejected) = read::list_inputs(paths);
    let mut summary = Summary {
        rejected,
        ..Summary::default()
    };
    let now = jiff::Timestamp::now().to_string();
    for (i, file) in files.iter().enumerate() {
        let (articles, rejected) = read::read_file(file);
        summary.rejected.extend(rejected);
        for article in articles {
            if store.article_hash(&article.key).await?.as_deref() == Some(article.hash.as_str()) {
                summary.unchanged += 1;
                continue;
            }
            let extraction = extract_with_others(store, res, &article).await?;
            let saved = save(store, &article, &extraction, &now).await?;
            if saved.replaced {
                summary.replaced += 1;
            } else {
                summary.new += 1;
            }
            summary.events_new += saved.events_new;
            summary.events_merged += saved.events_merged;
        }
        progress(i + 1, files.len());
    }
    summary.redated = redate_undated(store, res, &now).await?;
    Ok(summary)
}

/// Extracts an article; when its own date is unknown, tries to date it from the
/// stored reports of the same events.
async fn extract_with_others(
    store: &Store,
    res: &Resources,
    article: &RawArticle,
) -> Result<Extraction, IngestError> {
    let input = ArticleText {
        text: &article.text,
        published: article.published,
    };
    let first = extract::extract(input, res, None);
    if first.reference.date.is_some() {
        return Ok(first);
    }
    match infer_from_store(store, &article.key, &first).await? {
        Some(reference) => Ok(extract::extract(input, res, Some(reference))),
        None => Ok(first),
    }
}

async fn infer_from_store(
    store: &Store,
    key: &str,
    undated: &Extraction,
) -> Result<Option<Reference>, IngestError> {
    let people: BTreeSet<String> = undated
        .events
        .iter()
        .flat_map(|e| e.actors.iter())
        .filter(|a| a.kind == crate::domain::ActorKind::Person)
        .map(|a| a.slug.clone())
        .collect();
    if people.len() < 2 {
        return Ok(None);
    }
    let known = store
        .known_events(&people.into_iter().collect::<Vec<_>>(), key)
        .await?;
    Ok(extract::reference::from_other_articles(
        &undated.events,
        &known,
    ))
}

async fn save(
    store: &Store,
    article: &RawArticle,
    extraction: &Extraction,
    now: &str,
) -> Result<crate::store::write::Saved, IngestError> {
    let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &extraction.actors {
        if m.found != extract::actors::Found::Adjective && m.found != extract::actors::Found::Role {
            if let Some(surface) = article.text.get(m.start..m.end) {
                aliases
                    .entry(m.actor.slug.clone())
                    .or_default()
                    .insert(surface.to_string());
            }
        }
    }
    let record = ArticleRecord {
        key: &article.key,
        source_path: &article.origin,
        title: article.title.as_deref(),
        source: article.source.as_deref(),
        url: article.url.as_deref(),
        reference: &extraction.reference,
        content_hash: &article.hash,
        text: &article.text,
    };
    Ok(store
        .save_article(&record, &extraction.events, &aliases, now)
        .await?)
}

/// The second pass: stored articles still without a date are dated from the events
/// that later articles brought, and re-extracted with that date.
async fn redate_undated(store: &Store, res: &Resources, now: &str) -> Result<usize, IngestError> {
    let mut redated = 0;
    for stored in store.undated_articles().await? {
        let raw = RawArticle {
            key: stored.key,
            origin: stored.source_path,
            title: stored.title,
            published: None,
            source: stored.source,
            url: stored.url,
            text: stored.text,
            hash: stored.content_hash,
        };
        let input = ArticleText {
            text: &raw.text,
            published: None,
        };
        let undated = extract::extract(input, res, None);
        let Some(reference) = infer_from_store(store, &raw.key, &undated).await? else {
            continue;
        };
        let extraction = extract::extract(input, res, Some(reference));
        save(store, &raw, &extraction, now).await?;
        redated += 1;
    }
    Ok(redated)
}
