//! The articles family, read side: the list of articles, one article with its
//! event sentences, the stored content hashes that tell ingest what changed, and
//! the articles still waiting for a reference date. Articles are written with
//! their reports, in `write`.

use super::{Result, Store, parse_column};
use crate::domain::{ArticleKey, EventId, EventKind};
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
    /// Every article with its number of event sentences, newest first.
    pub async fn articles(&self) -> Result<Vec<ArticleSummary>> {
        let rows: Vec<ArticleSummaryRow> = sqlx::query_as(
            "SELECT a.key, a.title, a.source, a.published, COUNT(m.id) AS mention_count \
             FROM articles a LEFT JOIN mentions m ON m.article_id = a.id \
             GROUP BY a.id ORDER BY a.published IS NULL, a.published DESC, a.key",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ArticleSummary {
                key: r.key,
                title: r.title,
                source: r.source,
                published: r.published,
                mention_count: r.mention_count,
            })
            .collect())
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
