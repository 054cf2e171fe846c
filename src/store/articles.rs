//! The articles family, read side: the list of articles (filtered, searched and
//! paged by a keyset on timeline order's reverse: newest first), one article with its
//! event sentences, the stored content hashes that tell ingest what changed, and
//! the articles still waiting for a reference date. Articles are written with
//! their reports, in `write`.

use super::{Result, Store, parse_column};
use crate::domain::{ArticleKey, EventId, EventKind};
use sqlx::{QueryBuilder, Sqlite};
use std::collections::HashMap;

/// One event sentence inside an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMention {
    pub id: i64,
    pub event_id: EventId,
    /// `None` when the event row is gone (the mention outlived a re-ingest).
    pub kind: Option<EventKind>,
    pub headline: Option<String>,
    /// Byte offsets into the article text.
    pub start: i64,
    pub end: i64,
    pub text: String,
}

/// An article as ingested, with the event sentences found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDetail {
    pub key: ArticleKey,
    pub source_path: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Reference date (YYYY-MM-DD), when known.
    pub published: Option<String>,
    /// stated | inferred | unknown
    pub published_basis: String,
    /// How the reference date was obtained, in words for readers.
    pub published_how: String,
    pub text: String,
    /// In text order.
    pub mentions: Vec<ArticleMention>,
}

/// An article in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    pub key: ArticleKey,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub mention_count: i64,
}

/// Which articles a list shows: every field narrows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFilter {
    /// Words that the title or the key contains (each of them, in any case).
    pub text: Option<String>,
    /// The outlet, exactly.
    pub source: Option<String>,
    /// Only articles with at least one event sentence.
    pub with_events: bool,
    pub after: Option<ArticleCursor>,
    pub limit: u32,
}

/// A position in the article list: the last article of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleCursor {
    pub published: Option<String>,
    pub key: ArticleKey,
}

impl ArticleCursor {
    /// The opaque token of `after=`: hex of `published|key` (`-` when undated).
    pub fn to_token(&self) -> String {
        hex::encode(format!(
            "{}|{}",
            self.published.as_deref().unwrap_or("-"),
            self.key
        ))
    }

    /// Parses a token made by [`ArticleCursor::to_token`].
    pub fn from_token(token: &str) -> Option<ArticleCursor> {
        let text = String::from_utf8(hex::decode(token).ok()?).ok()?;
        let (day, key) = text.split_once('|')?;
        let published = match day {
            "-" => None,
            d => Some(d.parse::<jiff::civil::Date>().ok()?.to_string()),
        };
        Some(ArticleCursor {
            published,
            key: key.parse().ok()?,
        })
    }
}

/// One page of the article list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleListPage {
    pub articles: Vec<ArticleSummary>,
    pub next: Option<ArticleCursor>,
    /// How many articles match the filter, on every page.
    pub total: i64,
}

/// Appends the filter's conditions to a query over `articles a`. Words match as
/// substrings through LIKE, with its wildcards escaped, so no input is a pattern.
fn push_article_conditions(qb: &mut QueryBuilder<Sqlite>, filter: &ArticleFilter) {
    for word in filter.text.iter().flat_map(|t| t.split_whitespace()) {
        let escaped = word
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        qb.push(" AND (COALESCE(a.title, '') LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR a.key LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if let Some(source) = &filter.source {
        qb.push(" AND a.source = ").push_bind(source.clone());
    }
    if filter.with_events {
        qb.push(" AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id)");
    }
}

/// An article as stored, for re-extraction.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredArticle {
    pub key: String,
    pub source_path: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub content_hash: String,
    pub text: String,
}

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    key: ArticleKey,
    source_path: String,
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    published: Option<String>,
    published_basis: String,
    published_how: String,
    text: String,
}

#[derive(sqlx::FromRow)]
struct ArticleMentionRow {
    id: i64,
    event_id: EventId,
    kind: Option<String>,
    headline: Option<String>,
    start: i64,
    end: i64,
    text: String,
}

#[derive(sqlx::FromRow)]
struct ArticleSummaryRow {
    key: ArticleKey,
    title: Option<String>,
    source: Option<String>,
    published: Option<String>,
    mention_count: i64,
}

impl Store {
    /// One page of the article list: newest first (undated last), narrowed by
    /// `filter`, with the cursor of the next page and how many match in all. The
    /// event sentences are counted for the page's articles only.
    pub async fn article_page(&self, filter: &ArticleFilter) -> Result<ArticleListPage> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM articles a WHERE 1");
        push_article_conditions(&mut count, filter);
        let total: i64 = count.build_query_scalar().fetch_one(self.pool()).await?;

        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT a.key, a.title, a.source, a.published, \
             (SELECT COUNT(*) FROM mentions m WHERE m.article_id = a.id) AS mention_count \
             FROM articles a WHERE 1",
        );
        push_article_conditions(&mut qb, filter);
        match &filter.after {
            None => {}
            Some(ArticleCursor {
                published: Some(day),
                key,
            }) => {
                qb.push(" AND (a.published IS NULL OR a.published < ")
                    .push_bind(day.clone())
                    .push(" OR (a.published = ")
                    .push_bind(day.clone())
                    .push(" AND a.key > ")
                    .push_bind(key.clone())
                    .push("))");
            }
            Some(ArticleCursor {
                published: None,
                key,
            }) => {
                qb.push(" AND a.published IS NULL AND a.key > ")
                    .push_bind(key.clone());
            }
        }
        qb.push(" ORDER BY a.published IS NULL, a.published DESC, a.key LIMIT ")
            .push_bind(i64::from(filter.limit) + 1);
        let mut rows: Vec<ArticleSummaryRow> = qb.build_query_as().fetch_all(self.pool()).await?;
        let more = rows.len() > filter.limit as usize;
        rows.truncate(filter.limit as usize);
        let next = more.then(|| rows.last()).flatten().map(|r| ArticleCursor {
            published: r.published.clone(),
            key: r.key.clone(),
        });
        let articles = rows
            .into_iter()
            .map(|r| ArticleSummary {
                key: r.key,
                title: r.title,
                source: r.source,
                published: r.published,
                mention_count: r.mention_count,
            })
            .collect();
        Ok(ArticleListPage {
            articles,
            next,
            total,
        })
    }

    /// Every outlet named by an article, with how many articles it has, most first.
    pub async fn article_sources(&self) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT source, COUNT(*) AS n FROM articles WHERE source IS NOT NULL \
             GROUP BY source ORDER BY n DESC, source",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The article `key` with its full text and event sentences; `None` when unknown.
    pub async fn article(&self, key: &ArticleKey) -> Result<Option<ArticleDetail>> {
        let row: Option<ArticleRow> = sqlx::query_as(
            "SELECT id, key, source_path, title, source, url, published, published_basis, \
             published_how, text FROM articles WHERE key = ?",
        )
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mentions: Vec<ArticleMentionRow> = sqlx::query_as(
            "SELECT m.id, m.event_id, e.kind, e.headline, m.start, m.end, m.text \
             FROM mentions m LEFT JOIN events e ON e.id = m.event_id \
             WHERE m.article_id = ? ORDER BY m.start, m.id",
        )
        .bind(row.id)
        .fetch_all(self.pool())
        .await?;
        let mentions = mentions
            .into_iter()
            .map(|m| {
                let kind = m
                    .kind
                    .as_deref()
                    .map(|k| parse_column(k, "kind", &m.event_id))
                    .transpose()?;
                Ok(ArticleMention {
                    id: m.id,
                    event_id: m.event_id,
                    kind,
                    headline: m.headline,
                    start: m.start,
                    end: m.end,
                    text: m.text,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Some(ArticleDetail {
            key: row.key,
            source_path: row.source_path,
            title: row.title,
            source: row.source,
            url: row.url,
            published: row.published,
            published_basis: row.published_basis,
            published_how: row.published_how,
            text: row.text,
            mentions,
        }))
    }

    /// The stored content hashes of these article keys.
    pub async fn article_hashes(&self, keys: &[&str]) -> Result<HashMap<String, String>> {
        let mut out = HashMap::new();
        // SQLite limits the number of bound parameters; stay well below it.
        for chunk in keys.chunks(500) {
            let mut q =
                sqlx::QueryBuilder::new("SELECT key, content_hash FROM articles WHERE key IN (");
            let mut list = q.separated(", ");
            for k in chunk {
                list.push_bind(*k);
            }
            q.push(")");
            let rows: Vec<(String, String)> = q.build_query_as().fetch_all(self.pool()).await?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Stored articles whose reference date is still unknown.
    pub async fn undated_articles(&self) -> Result<Vec<StoredArticle>> {
        Ok(sqlx::query_as(
            "SELECT key, source_path, title, source, url, content_hash, text FROM articles WHERE published IS NULL ORDER BY key",
        )
        .fetch_all(self.pool())
        .await?)
    }
}
