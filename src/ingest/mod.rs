//! Ingest: walk the inputs, read articles, skip the unchanged ones, extract the
//! rest and store each article whole (one transaction per article). Bad files are
//! reported and skipped; everything else still goes in.
//!
//! An article whose date cannot be established from its metadata or text is dated
//! from other articles that report the same events (`extract::reference`). Because
//! the dated report may come later in the same run, every undated article is
//! looked at again once all files are in.

pub mod caps;
pub mod read;

use crate::domain::Reference;
use crate::extract::{self, ArticleText, Extraction, Resources};
use crate::store::{ArticleRecord, ArticleToSave};
use crate::store::{Orphan, Regrouped, Store, StoreError};
pub use read::{RawArticle, Rejected};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the writer stopped: {0}")]
    Writer(String),
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
    /// Articles whose events and event sentences were cut to the per-article caps.
    pub capped: Vec<caps::Capped>,
    /// Events whose ids the database did not hold before.
    pub events_new: usize,
    /// Events the database held before that are gone (merged into others, or left
    /// by replaced articles); their ids redirect where they can.
    pub events_gone: usize,
    /// Events and reports in the database afterwards.
    pub events_total: usize,
    pub reports_total: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "articles: {} new, {} unchanged, {} replaced, {} rejected; events: {} new, {} gone, {} in the database (from {} article reports)",
            self.new,
            self.unchanged,
            self.replaced,
            self.rejected.len(),
            self.events_new,
            self.events_gone,
            self.events_total,
            self.reports_total
        )?;
        if self.redated > 0 {
            write!(
                f,
                "; {} undated articles dated from other articles",
                self.redated
            )?;
        }
        for capped in &self.capped {
            write!(f, "\ncapped {capped}")?;
        }
        Ok(())
    }
}

/// Called as input is read with (bytes read, bytes in all): a JSON Lines file of
/// thousands of records moves the count record by record (by the length of each
/// record's text), not only when the file is done.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Articles extracted together and written in one transaction: large enough that
/// commits are rare, small enough that an interrupted run loses little.
const BATCH: usize = 512;

/// A batch is also written once its texts reach this size, so that a run of records
/// near the per-record limit cannot pile up gigabytes before a write.
const BATCH_BYTES: usize = 64 * 1024 * 1024;

/// Ingests files and folders into the store.
///
/// Reading and extraction run here; writing runs in a separate task, so that a
/// batch is extracted on every core while the previous one is being written.
/// Batches are written in the order they were read, so the result is the same as
/// extracting and writing one batch after the other.
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
    let before = store.event_ids().await?;
    // One batch waiting while another is written: extraction stays one batch ahead.
    let (to_writer, batches) = tokio::sync::mpsc::channel(1);
    let writer = tokio::spawn(write_batches(store.clone(), batches, now.clone()));
    // The content hash of each key as already sent to the writer: the version the
    // store will hold once those batches are written.
    let mut sent: HashMap<String, String> = HashMap::new();
    let mut pending: Vec<RawArticle> = Vec::new();
    // The text bytes in `pending`, kept as articles come in.
    let mut pending_bytes = 0;
    let mut extract_and_send = async |pending: Vec<RawArticle>, summary: &mut Summary| {
        let batch = changed_articles(store, pending, &mut sent, summary).await?;
        if batch.is_empty() {
            return Ok(true);
        }
        let mut extractions = blocking(|| extract_parallel(&batch, res));
        for (article, extraction) in batch.iter().zip(&mut extractions) {
            let read = caps::readable(&article_text(article)).text.len();
            let capped = caps::apply(&article.origin, article.text.len(), read, extraction);
            if let Some(capped) = capped {
                tracing::warn!("capped {capped}");
                summary.capped.push(capped);
            }
        }
        Ok::<_, IngestError>(to_writer.send((batch, extractions)).await.is_ok())
    };
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .collect();
    let total: u64 = sizes.iter().sum();
    let mut files_done: u64 = 0;
    'files: for (file, &size) in files.iter().zip(&sizes) {
        let mut read_here: u64 = 0;
        // A JSON Lines file is read a record at a time, and batches are sent as they
        // fill, so a file of any size is never held in memory whole.
        for item in read::read_file(file) {
            match item {
                Ok(article) => {
                    pending_bytes += article.text.len();
                    read_here = (read_here + article.text.len() as u64).min(size);
                    progress(files_done + read_here, total);
                    pending.push(article);
                }
                Err(rejected) => summary.rejected.push(rejected),
            }
            if pending.len() >= BATCH || pending_bytes >= BATCH_BYTES {
                pending_bytes = 0;
                if !extract_and_send(std::mem::take(&mut pending), &mut summary).await? {
                    // The writer stopped on an error, which joining it reports.
                    break 'files;
                }
            }
        }
        files_done += size;
        progress(files_done, total);
    }
    if !pending.is_empty() {
        extract_and_send(pending, &mut summary).await?;
    }
    drop(to_writer);
    let written = writer.await.map_err(|e| match e.try_into_panic() {
        Ok(panic) => std::panic::resume_unwind(panic),
        Err(e) => IngestError::Writer(e.to_string()),
    })??;
    summary.new += written.new;
    summary.replaced += written.replaced;
    let (redated, regrouped) = settle(store, res, &now, &before, written.orphans).await?;
    summary.redated = redated.len();
    summary.events_new = regrouped.new;
    summary.events_gone = regrouped.gone;
    summary.events_total = regrouped.events;
    summary.reports_total = regrouped.reports;
    Ok(summary)
}

/// The articles of a batch that are new or changed. Unchanged articles (same key,
/// same content as stored, or as already sent for writing in this run) are
/// counted and skipped without extraction.
async fn changed_articles(
    store: &Store,
    batch: Vec<RawArticle>,
    sent: &mut HashMap<String, String>,
    summary: &mut Summary,
) -> Result<Vec<RawArticle>, IngestError> {
    let keys: Vec<&str> = batch.iter().map(|a| a.key.as_str()).collect();
    let stored = store.article_hashes(&keys).await?;
    let before = batch.len();
    let batch: Vec<RawArticle> = batch
        .into_iter()
        .filter(|a| sent.get(&a.key).or_else(|| stored.get(&a.key)) != Some(&a.hash))
        .collect();
    summary.unchanged += before - batch.len();
    sent.extend(batch.iter().map(|a| (a.key.clone(), a.hash.clone())));
    Ok(batch)
}

/// Runs CPU-bound work on the current thread, telling a multi-threaded runtime to
/// move its other tasks (the writer) elsewhere meanwhile.
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

/// What the writer did: articles new and replaced, and the events replaced
/// articles left.
#[derive(Default)]
struct Written {
    new: usize,
    replaced: usize,
    orphans: Vec<Orphan>,
}

/// The single writer: stores each extracted batch in one transaction, in order.
async fn write_batches(
    store: Store,
    mut batches: tokio::sync::mpsc::Receiver<(Vec<RawArticle>, Vec<Extraction>)>,
    now: String,
) -> Result<Written, IngestError> {
    let mut summary = Written::default();
    while let Some((batch, extractions)) = batches.recv().await {
        let aliases: Vec<BTreeMap<String, BTreeSet<String>>> = batch
            .iter()
            .zip(&extractions)
            .map(|(a, x)| aliases_of(a, x))
            .collect();
        let to_save: Vec<ArticleToSave<'_>> = batch
            .iter()
            .zip(&extractions)
            .zip(&aliases)
            .map(|((article, x), aliases)| ArticleToSave {
                record: record_of(article, x),
                drafts: &x.events,
                aliases,
            })
            .collect();
        for saved in store.save_articles(&to_save, &now).await? {
            if saved.replaced {
                summary.replaced += 1;
            } else {
                summary.new += 1;
            }
            summary.orphans.extend(saved.orphans);
        }
    }
    Ok(summary)
}

/// Extraction is pure and CPU-bound: split the batch over the available cores.
fn extract_parallel(batch: &[RawArticle], res: &Resources) -> Vec<Extraction> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(batch.len())
        .max(1);
    let chunk = batch.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|a| extract::extract(caps::readable(&article_text(a)), res, None))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// What extraction reads of an article (before [`caps::readable`]).
fn article_text(article: &RawArticle) -> ArticleText<'_> {
    ArticleText {
        text: &article.text,
        title: article.title.as_deref(),
        published: article.published,
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

/// The names an article uses for each actor, kept as aliases.
fn aliases_of(article: &RawArticle, extraction: &Extraction) -> BTreeMap<String, BTreeSet<String>> {
    let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &extraction.actors {
        if m.found != extract::actors::Found::Adjective
            && m.found != extract::actors::Found::Role
            && let Some(surface) = article.text.get(m.start..m.end)
        {
            aliases
                .entry(m.actor.slug.clone())
                .or_default()
                .insert(surface.to_string());
        }
    }
    aliases
}

fn record_of<'a>(article: &'a RawArticle, extraction: &'a Extraction) -> ArticleRecord<'a> {
    ArticleRecord {
        key: &article.key,
        source_path: &article.origin,
        title: article.title.as_deref(),
        source: article.source.as_deref(),
        url: article.url.as_deref(),
        reference: &extraction.reference,
        content_hash: &article.hash,
        text: &article.text,
    }
}

/// The last passes, after every file is in: the reports are grouped as one whole
/// (`Store::regroup`), then every article with no date of its own is dated again
/// from the events the others report (`redate`), and regrouped if any date changed,
/// until nothing changes (at most `SETTLE_ROUNDS` times). Both depend only on the
/// stored articles, not on the order they came in. Returns the keys of the
/// articles dated from other articles, and the last grouping.
async fn settle(
    store: &Store,
    res: &Resources,
    now: &str,
    before: &BTreeSet<String>,
    mut orphans: Vec<Orphan>,
) -> Result<(BTreeSet<String>, Regrouped), IngestError> {
    let mut regrouped = store.regroup(before, &orphans).await?;
    let mut redated = BTreeSet::new();
    for _ in 0..SETTLE_ROUNDS {
        let changed = redate(store, res, now, &mut orphans).await?;
        if changed.is_empty() {
            break;
        }
        redated.extend(changed);
        regrouped = store.regroup(before, &orphans).await?;
    }
    Ok((redated, regrouped))
}

/// A date inferred from other articles changes the events it joins, which can
/// change what other undated articles are dated from; this bounds the rounds.
const SETTLE_ROUNDS: usize = 3;

/// Dates every article without a date of its own from the events stored now, and
/// stores again those whose date (or its explanation) changed; returns their keys.
async fn redate(
    store: &Store,
    res: &Resources,
    now: &str,
    orphans: &mut Vec<Orphan>,
) -> Result<Vec<String>, IngestError> {
    let mut changed = Vec::new();
    for stored in store.articles_to_date().await? {
        let article = stored.article;
        let raw = RawArticle {
            key: article.key,
            origin: article.source_path,
            title: article.title,
            published: None,
            source: article.source,
            url: article.url,
            text: article.text,
            hash: article.content_hash,
        };
        let input = caps::readable(&ArticleText {
            text: &raw.text,
            title: raw.title.as_deref(),
            published: None,
        });
        let undated = extract::extract(input, res, None);
        let inferred = infer_from_store(store, &raw.key, &undated).await?;
        let now_dated = inferred
            .as_ref()
            .map(|r| (r.date.map(|d| d.to_string()), &r.how));
        if now_dated == Some((stored.published.clone(), &stored.published_how))
            || (inferred.is_none() && stored.published.is_none())
        {
            continue;
        }
        let mut extraction = match inferred {
            Some(reference) => extract::extract(input, res, Some(reference)),
            None => undated,
        };
        // Already reported when the article came in; cut the same way again.
        caps::apply(
            &raw.origin,
            raw.text.len(),
            input.text.len(),
            &mut extraction,
        );
        let aliases = aliases_of(&raw, &extraction);
        let save = ArticleToSave {
            record: record_of(&raw, &extraction),
            drafts: &extraction.events,
            aliases: &aliases,
        };
        for saved in store
            .save_articles(std::slice::from_ref(&save), now)
            .await?
        {
            orphans.extend(saved.orphans);
        }
        changed.push(raw.key);
    }
    Ok(changed)
}
