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
    /// The text of this part only.
    pub text: String,
    /// The event sentences overlapping this part, in text order, with offsets into
    /// the part's text.
    pub mentions: Vec<ArticleMention>,
    pub part: ArticlePart,
}

/// Which part of its article a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePart {
    /// From 0.
    pub index: u32,
    /// At least 1.
    pub count: u32,
    /// Byte offset of the part's text in the article.
    pub start: usize,
    /// Event sentences in the whole article.
    pub mentions_total: i64,
}

/// Nominal bytes of article text per page: even if every character were escaped
/// (`&quot;`, 6 bytes) a part stays under 1 MB of HTML, leaving room for the
/// highlights and the list of events within the 2 MB a page may weigh.
pub const PART_BYTES: usize = 128 * 1024;

/// How far from a nominal part boundary a cut may move to fall at a line break or
/// a sentence end rather than inside a word.
const CUT_LOOK: usize = 4096;

/// Event sentences highlighted and listed per part: an article that is one event
/// sentence repeated has ~3,000 in 128 KiB, which would be ~3 MB of markup.
pub const MARKS_PER_PART: i64 = 200;

/// Characters of an event sentence quoted in the list under the text.
const QUOTE_CHARS: i64 = 400;

/// Parts of a text of `len` bytes (one for an empty text).
pub fn part_count(len: usize) -> u32 {
    u32::try_from(len.div_ceil(PART_BYTES).max(1)).unwrap_or(u32::MAX)
}

/// Part `index` of the part of an article fetched from SQLite: `bytes` are the
/// article's bytes from `base`, of `len` in all.
struct Window<'a> {
    base: usize,
    bytes: &'a [u8],
    len: usize,
}

impl Window<'_> {
    fn byte(&self, at: usize) -> Option<u8> {
        at.checked_sub(self.base)
            .and_then(|i| self.bytes.get(i))
            .copied()
    }

    fn slice(&self, start: usize, end: usize) -> &[u8] {
        let from = start.saturating_sub(self.base).min(self.bytes.len());
        let to = end.saturating_sub(self.base).clamp(from, self.bytes.len());
        &self.bytes[from..to]
    }

    /// Where a part may begin or end near `at`, looking `CUT_LOOK` bytes back (for
    /// a start) or ahead (for an end): after a line break if there is one, else
    /// after a sentence end, else after a space, else at the nearest character.
    /// Looking back for starts and ahead for ends, part `i` always covers bytes
    /// `i * PART_BYTES .. (i + 1) * PART_BYTES`, so the part of a sentence is known
    /// from its offset alone ([`part_of`]); neighbouring parts overlap a little.
    fn cut(&self, at: usize, ahead: bool) -> usize {
        if at == 0 || at >= self.len {
            return at.min(self.len);
        }
        let range: Vec<usize> = if ahead {
            (at..=(at + CUT_LOOK).min(self.len)).collect()
        } else {
            (at.saturating_sub(CUT_LOOK)..=at).rev().collect()
        };
        let after = |p: usize, test: &dyn Fn(u8) -> bool| {
            p.checked_sub(1)
                .and_then(|q| self.byte(q))
                .is_some_and(test)
        };
        let line = |p: usize| after(p, &|b| b == b'\n');
        let sentence = |p: usize| {
            after(p, &|b| b == b' ')
                && p.checked_sub(2)
                    .and_then(|q| self.byte(q))
                    .is_some_and(|b| matches!(b, b'.' | b'?' | b'!'))
        };
        let space = |p: usize| after(p, &|b| b.is_ascii_whitespace());
        let character = |p: usize| p == self.len || self.byte(p).is_some_and(|b| b & 0xC0 != 0x80);
        let rules: [&dyn Fn(usize) -> bool; 4] = [&line, &sentence, &space, &character];
        rules
            .iter()
            .find_map(|rule| range.iter().copied().find(|&p| rule(p) && character(p)))
            .unwrap_or(at)
    }
}

/// The byte range of part `index`.
fn part_bounds(text: &Window<'_>, index: usize) -> (usize, usize) {
    let start = text.cut(index * PART_BYTES, false);
    let end = text.cut((index + 1) * PART_BYTES, true);
    (start, end.max(start))
}

/// The part whose page shows the event sentence starting at byte `start`.
pub fn part_of(start: i64) -> u32 {
    u32::try_from(usize::try_from(start).unwrap_or(0) / PART_BYTES).unwrap_or(u32::MAX)
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
    /// The text's length in bytes.
    len: i64,
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

    /// Part `part` (from 0) of the article `key`: its header, the part's text (see
    /// [`part_bounds`]) and the event sentences overlapping it, at most
    /// [`MARKS_PER_PART`] of them; `None` when no article has the key. Only the
    /// part's bytes leave SQLite, so a 16 MiB article costs a page of it.
    pub async fn article_part(&self, key: &ArticleKey, part: u32) -> Result<Option<ArticleDetail>> {
        let row: Option<ArticleRow> = sqlx::query_as(
            "SELECT id, key, source_path, title, substr(source, 1, 300) AS source, \
             CASE WHEN length(url) <= 2000 THEN url END AS url, published, published_basis, \
             substr(published_how, 1, 2000) AS published_how, \
             length(CAST(text AS BLOB)) AS len FROM articles WHERE key = ?",
        )
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let len = usize::try_from(row.len).unwrap_or(0);
        let parts = part_count(len);
        let index = part.min(parts - 1);
        // The bytes a part can span, with two before for the look-behind of a cut.
        let lo = (index as usize * PART_BYTES).saturating_sub(CUT_LOOK + 2);
        let hi = ((index as usize + 1) * PART_BYTES + CUT_LOOK + 1).min(len);
        let (window,): (Vec<u8>,) =
            sqlx::query_as("SELECT substr(CAST(text AS BLOB), ?, ?) FROM articles WHERE id = ?")
                .bind(lo as i64 + 1)
                .bind((hi - lo) as i64)
                .bind(row.id)
                .fetch_one(self.pool())
                .await?;
        let bytes = Window {
            base: lo,
            bytes: &window,
            len,
        };
        let (start, end) = part_bounds(&bytes, index as usize);
        let text = String::from_utf8_lossy(bytes.slice(start, end)).into_owned();
        let (mentions, mentions_total) = self.part_mentions(row.id, start, end).await?;
        Ok(Some(ArticleDetail {
            key: row.key,
            source_path: row.source_path,
            title: row.title,
            source: row.source,
            url: row.url,
            published: row.published,
            published_basis: row.published_basis,
            published_how: row.published_how,
            text,
            mentions,
            part: ArticlePart {
                index,
                count: parts,
                start,
                mentions_total,
            },
        }))
    }

    /// The event sentences of article `id` overlapping bytes `start..end`, in text
    /// order, offsets made relative to `start` and cut to the part; and how many the
    /// article has in all.
    async fn part_mentions(
        &self,
        id: i64,
        start: usize,
        end: usize,
    ) -> Result<(Vec<ArticleMention>, i64)> {
        let mentions: Vec<ArticleMentionRow> = sqlx::query_as(
            "SELECT m.id, m.event_id, e.kind, substr(e.headline, 1, 300) AS headline, \
             m.start, m.end, CASE WHEN length(m.text) > ?1 THEN substr(m.text, 1, ?1) || '…' \
             ELSE m.text END AS text \
             FROM mentions m LEFT JOIN events e ON e.id = m.event_id \
             WHERE m.article_id = ?2 AND m.start < ?3 AND m.end > ?4 \
             ORDER BY m.start, m.id LIMIT ?5",
        )
        .bind(QUOTE_CHARS)
        .bind(id)
        .bind(end as i64)
        .bind(start as i64)
        .bind(MARKS_PER_PART)
        .fetch_all(self.pool())
        .await?;
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mentions WHERE article_id = ?")
            .bind(id)
            .fetch_one(self.pool())
            .await?;
        let (start, end) = (start as i64, end as i64);
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
                    start: m.start.max(start) - start,
                    end: m.end.min(end) - start,
                    text: m.text,
                })
            })
            .collect::<Result<_>>()?;
        Ok((mentions, total))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(text: &str, index: usize) -> (usize, usize) {
        let window = Window {
            base: 0,
            bytes: text.as_bytes(),
            len: text.len(),
        };
        part_bounds(&window, index)
    }

    #[test]
    fn parts_cut_at_line_breaks_then_sentences_then_characters() {
        let short = "Shelling hit Tartar.";
        assert_eq!(part_count(short.len()), 1);
        assert_eq!(bounds(short, 0), (0, short.len()));
        assert_eq!(part_count(0), 1);

        let sentences = "Troops shelled Tartar. ".repeat(12_000);
        assert_eq!(part_count(sentences.len()), 3);
        let (a0, b0) = bounds(&sentences, 0);
        let (a1, b1) = bounds(&sentences, 1);
        let (a2, b2) = bounds(&sentences, 2);
        assert_eq!((a0, b2), (0, sentences.len()));
        // Each part covers its nominal bytes and begins after a sentence.
        assert!(b0 >= PART_BYTES && a1 <= PART_BYTES && a1 > PART_BYTES - CUT_LOOK);
        assert!(sentences[..a1].ends_with(". ") && sentences[..b0].ends_with(". "));
        assert!(a2 <= 2 * PART_BYTES && b1 >= 2 * PART_BYTES);
        assert_eq!(part_of(PART_BYTES as i64 + 5), 1);

        let mut lines = "x".repeat(PART_BYTES - 10);
        lines.push('\n');
        lines.push_str(&"é".repeat(PART_BYTES));
        let (a1, _) = bounds(&lines, 1);
        assert_eq!(a1, PART_BYTES - 9);
        // No space or line break: the cut falls between characters.
        let wide = "é".repeat(PART_BYTES * 2);
        let (a1, _) = bounds(&wide, 1);
        assert!(wide.is_char_boundary(a1));
    }
}
