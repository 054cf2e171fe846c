//! The list of articles (`/articles`: searched by title, narrowed by outlet or to
//! those with event sentences, a hundred per page) and one article (`/articles/{key}`): its
//! text with every event sentence highlighted and anchored as `#m-{mention_id}`. A long
//! article is shown in parts of about 128 KiB (`?part=N`, with previous and next links),
//! each highlighting at most 200 sentences, so that no page outgrows 2 MB whatever
//! the article holds.

use super::{Segment, from_path};
use crate::domain::ArticleKey;
use crate::store::{
    ArticleCursor, ArticleDetail, ArticleFilter, ArticleMention, ArticleSummary, MARKS_PER_PART,
};
use crate::web::error::WebError;
use crate::web::state::AppState;
use crate::web::urls;
use crate::web::views::{KindBadge, Link, plural, title_or_key};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum_extra::extract::Query;
use serde::Deserialize;
use std::sync::LazyLock;

/// Articles per page of the list.
const ARTICLES_PER_PAGE: u32 = 100;

/// The article list's query string exactly as sent (every key a list, so that a
/// repeated key is an error that names it rather than a rejection).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawArticleQuery {
    q: Vec<String>,
    source: Vec<String>,
    events: Vec<String>,
    after: Vec<String>,
}

/// The one non-empty value of `param`, trimmed.
fn one<'a>(param: &str, raw: &'a [String]) -> Result<Option<&'a str>, WebError> {
    let mut given = raw.iter().map(|v| v.trim()).filter(|v| !v.is_empty());
    let first = given.next();
    if given.next().is_some() {
        return Err(WebError::BadRequest(format!(
            "{param}: given more than once (expected one value)"
        )));
    }
    Ok(first)
}

impl TryFrom<RawArticleQuery> for ArticleFilter {
    type Error = WebError;

    fn try_from(raw: RawArticleQuery) -> Result<Self, WebError> {
        let text = one("q", &raw.q)?.map(str::to_string);
        if text.as_ref().is_some_and(|t| t.chars().count() > 200) {
            return Err(WebError::BadRequest(
                "q: search text is longer than 200 characters".into(),
            ));
        }
        let with_events = match one("events", &raw.events)? {
            None => false,
            Some("yes") => true,
            Some(other) => {
                return Err(WebError::BadRequest(format!(
                    "events: {other:?} is not a choice (expected yes, or leave it out)"
                )));
            }
        };
        let after = one("after", &raw.after)?
            .map(|token| {
                ArticleCursor::from_token(token).ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "after: {token:?} is not a valid page cursor (follow a \"next page\" \
                         link instead of writing one)"
                    ))
                })
            })
            .transpose()?;
        Ok(ArticleFilter {
            text,
            source: one("source", &raw.source)?.map(str::to_string),
            with_events,
            after,
            limit: ARTICLES_PER_PAGE,
        })
    }
}

pub async fn list(
    State(state): State<AppState>,
    Query(raw): Query<RawArticleQuery>,
) -> Result<ArticlesPage, WebError> {
    let filter = ArticleFilter::try_from(raw)?;
    let (page, sources) = tokio::try_join!(
        state.store.article_page(&filter),
        state.store.article_sources()
    )?;
    let narrowed = filter.text.is_some() || filter.source.is_some() || filter.with_events;
    let summary = if narrowed {
        format!("{} match", plural(page.total, "article", "articles"))
    } else {
        plural(page.total, "article", "articles")
    };
    Ok(ArticlesPage {
        articles: page.articles.iter().map(ArticleRowView::new).collect(),
        summary,
        q: filter.text.clone().unwrap_or_default(),
        with_events: filter.with_events,
        sources: sources
            .into_iter()
            .map(|(name, count)| SourceOption {
                selected: filter.source.as_deref() == Some(name.as_str()),
                label: format!("{name} ({count})"),
                name,
            })
            .collect(),
        next_href: page.next.map(|cursor| {
            urls::articles_list(&ArticleFilter {
                after: Some(cursor),
                ..filter.clone()
            })
        }),
        first_href: filter.after.is_some().then(|| {
            urls::articles_list(&ArticleFilter {
                after: None,
                ..filter.clone()
            })
        }),
    })
}

/// An outlet of the list's outlet menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceOption {
    pub name: String,
    pub label: String,
    pub selected: bool,
}

pub async fn page(
    State(state): State<AppState>,
    Segment(key): Segment,
    Query(raw): Query<PartQuery>,
) -> Result<ArticlePage, WebError> {
    show(&state, &key, &raw.part).await
}

/// `/article?key=KEY`: the same page for a key no path can carry (`.`, `..`; see
/// [`urls::article`]).
pub async fn page_by_key(
    State(state): State<AppState>,
    Query(raw): Query<KeyQuery>,
) -> Result<ArticlePage, WebError> {
    let mut given = raw.key.iter().filter(|k| !k.is_empty());
    match (given.next(), given.next()) {
        (Some(key), None) => show(&state, key, &raw.part).await,
        (None, _) => Err(WebError::BadRequest(
            "key: missing (the article's key)".into(),
        )),
        (Some(_), Some(_)) => Err(WebError::BadRequest(
            "key: given more than once (expected one value)".into(),
        )),
    }
}

/// The query string of `/article`, every key a list so that a repeat is named.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct KeyQuery {
    key: Vec<String>,
    part: Vec<String>,
}

/// The query string of `/articles/{key}`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PartQuery {
    part: Vec<String>,
}

/// The part index (from 0) that `part=N` (from 1) asks for; the first when absent.
fn part_index(raw: &[String]) -> Result<u32, WebError> {
    let Some(given) = one("part", raw)? else {
        return Ok(0);
    };
    given
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .ok_or_else(|| {
            WebError::BadRequest(format!(
                "part: {given:?} is not a part number (1, 2, … as the page's links give)"
            ))
        })
}

async fn show(state: &AppState, key: &str, part: &[String]) -> Result<ArticlePage, WebError> {
    let key: ArticleKey = from_path(key)?;
    let index = part_index(part)?;
    let Some(article) = state.store.article_part(&key, index).await? else {
        return Err(WebError::NotFound(format!(
            "no article has the key {key:?}"
        )));
    };
    if article.part.index != index {
        return Err(WebError::NotFound(format!(
            "part: the article {key:?} has {} (asked for part {})",
            plural(i64::from(article.part.count), "part", "parts"),
            u64::from(index) + 1
        )));
    }
    Ok(ArticlePage {
        article: ArticleView::new(&article),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "articles.html")]
pub struct ArticlesPage {
    /// "19043 articles" / "12 articles match".
    pub summary: String,
    pub q: String,
    pub with_events: bool,
    pub sources: Vec<SourceOption>,
    pub next_href: Option<String>,
    pub first_href: Option<String>,
    pub articles: Vec<ArticleRowView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub article: ArticleView,
}

/// A highlighted event sentence in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkView {
    /// `m-{id}` on the first piece of a mark (a mark split by a paragraph break
    /// carries it once, so ids stay unique).
    pub anchor: Option<String>,
    /// Anchors of further mentions that overlap this one and share its highlight.
    pub extra_anchors: Vec<String>,
    pub href: String,
    pub title: String,
    pub kind_class: &'static str,
}

/// A run of article text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPiece {
    pub text: String,
    pub mark: Option<MarkView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub pieces: Vec<TextPiece>,
}

/// A blank line (possibly holding spaces) separates paragraphs in texts that use
/// blank lines; single line breaks inside them are kept as line breaks.
static BLANK_LINE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\n[ \t\r]*\n\s*").expect("valid regex"));

/// In texts without a blank line (news copy with one paragraph per line), every
/// line break starts a paragraph.
static LINE_BREAK: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\r?\n\s*").expect("valid regex"));

/// Overlapping mentions share one highlight.
struct MarkSpan<'a> {
    start: usize,
    end: usize,
    mentions: Vec<&'a ArticleMention>,
}

/// The usable mentions of an article (offsets inside the text, on character
/// boundaries), merged into non-overlapping highlighted spans in text order.
fn mark_spans<'a>(text: &str, mentions: &'a [ArticleMention]) -> Vec<MarkSpan<'a>> {
    let mut usable: Vec<&ArticleMention> = mentions
        .iter()
        .filter(|m| {
            let ok = usize::try_from(m.start).is_ok_and(|s| text.is_char_boundary(s))
                && usize::try_from(m.end).is_ok_and(|e| text.is_char_boundary(e))
                && m.start < m.end;
            if !ok {
                tracing::warn!(
                    mention = m.id,
                    m.start,
                    m.end,
                    "mention offsets do not fit the article text"
                );
            }
            ok
        })
        .collect();
    usable.sort_by_key(|m| (m.start, m.id));

    let mut spans: Vec<MarkSpan> = Vec::new();
    for m in usable {
        let (start, end) = (m.start as usize, m.end as usize);
        match spans.last_mut() {
            Some(span) if start < span.end => {
                span.end = span.end.max(end);
                span.mentions.push(m);
            }
            _ => spans.push(MarkSpan {
                start,
                end,
                mentions: vec![m],
            }),
        }
    }
    spans
}

/// Runs of (text, mark) in order, covering the whole text.
fn runs<'t>(text: &'t str, spans: &[MarkSpan<'_>]) -> Vec<(&'t str, Option<MarkView>)> {
    let mut runs: Vec<(&str, Option<MarkView>)> = Vec::new();
    let mut at = 0;
    for span in spans {
        if span.start > at {
            runs.push((&text[at..span.start], None));
        }
        let first = span.mentions[0];
        let headline = first
            .headline
            .clone()
            .unwrap_or_else(|| format!("event {}", first.event_id));
        let title = match first.kind {
            Some(kind) => format!("{}: {headline}", kind.label()),
            None => headline,
        };
        runs.push((
            &text[span.start..span.end],
            Some(MarkView {
                anchor: Some(urls::mention_anchor(first.id)),
                extra_anchors: span.mentions[1..]
                    .iter()
                    .map(|m| urls::mention_anchor(m.id))
                    .collect(),
                href: urls::event(&first.event_id),
                title,
                kind_class: first
                    .kind
                    .map_or("kind-unknown", |k| KindBadge::from(k).class),
            }),
        ));
        at = span.end;
    }
    if at < text.len() {
        runs.push((&text[at..], None));
    }
    runs
}

/// Cuts `text` into paragraphs (see [`BLANK_LINE`] and [`LINE_BREAK`]), marking the byte ranges of `mentions`. Mentions whose
/// offsets fall outside the text or inside a character are left unmarked (and
/// logged): a bad offset must not hide the article.
pub fn article_paragraphs(text: &str, mentions: &[ArticleMention]) -> Vec<Paragraph> {
    let runs = runs(text, &mark_spans(text, mentions));
    let paragraph_break: &regex::Regex = if BLANK_LINE.is_match(text) {
        &BLANK_LINE
    } else {
        &LINE_BREAK
    };
    let mut paragraphs = vec![Paragraph { pieces: Vec::new() }];
    for (run, mark) in runs {
        for (i, part) in paragraph_break.split(run).enumerate() {
            if i > 0 {
                paragraphs.push(Paragraph { pieces: Vec::new() });
            }
            if part.is_empty() {
                continue;
            }
            let current = paragraphs.last_mut().expect("at least one paragraph");
            let mark = mark.clone().map(|m| MarkView {
                // Only the first piece of a split mark carries the anchors.
                anchor: if i == 0 { m.anchor } else { None },
                extra_anchors: if i == 0 { m.extra_anchors } else { Vec::new() },
                ..m
            });
            current.pieces.push(TextPiece {
                text: part.to_string(),
                mark,
            });
        }
    }
    // Leading and trailing blank space of a paragraph carries no meaning.
    for paragraph in &mut paragraphs {
        if let Some(first) = paragraph.pieces.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = paragraph.pieces.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        paragraph
            .pieces
            .retain(|p| !p.text.is_empty() || p.mark.is_some());
    }
    paragraphs.retain(|p| !p.pieces.is_empty());
    paragraphs
}

/// An event sentence in the article's list of events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMentionView {
    /// `#m-{id}`: the highlight in the text above.
    pub anchor_href: String,
    pub text: String,
    pub event: Link,
    pub kind: Option<KindBadge>,
}

/// An article in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRowView {
    pub href: String,
    pub title: String,
    pub outlet: Option<String>,
    pub published: String,
    pub sentences: String,
}

impl ArticleRowView {
    pub fn new(article: &ArticleSummary) -> Self {
        ArticleRowView {
            href: urls::article(&article.key),
            title: title_or_key(article.title.as_deref(), &article.key),
            outlet: article.source.clone(),
            published: article
                .published
                .clone()
                .unwrap_or_else(|| "date unknown".to_string()),
            sentences: plural(article.mention_count, "event sentence", "event sentences"),
        }
    }
}

/// Says how the events listed relate to the article's, when they are not all of them.
fn mentions_note(article: &ArticleDetail) -> Option<String> {
    let shown = article.mentions.len() as i64;
    let total = article.part.mentions_total;
    if shown == total {
        return None;
    }
    let capped = if shown >= MARKS_PER_PART {
        format!("the first {shown} event sentences in this part are highlighted and listed")
    } else {
        format!(
            "{} in this part",
            plural(shown, "event sentence", "event sentences")
        )
    };
    Some(format!(
        "The article has {}; {capped}.",
        plural(total, "event sentence", "event sentences")
    ))
}

/// Everything the article page prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleView {
    pub key: ArticleKey,
    pub title: String,
    pub outlet: Option<String>,
    /// The reference date, or "unknown".
    pub published: String,
    /// "stated in the article", "inferred", "unknown".
    pub published_basis: &'static str,
    pub published_how: String,
    /// The original address, only when it is a web link (never `javascript:` and the like).
    pub original_url: Option<String>,
    pub source_path: String,
    pub paragraphs: Vec<Paragraph>,
    pub mentions: Vec<ArticleMentionView>,
    /// "Part 2 of 7" when the article is long enough to be cut into parts.
    pub part_label: Option<String>,
    pub previous_href: Option<String>,
    pub next_href: Option<String>,
    /// What the list under the text holds, when it is not every event sentence of
    /// the article ("12 of the article's 300 event sentences are in this part").
    pub mentions_note: Option<String>,
}

impl ArticleView {
    pub fn new(article: &ArticleDetail) -> Self {
        let part = &article.part;
        let original_url = article
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| {
                let lower = u.to_ascii_lowercase();
                lower.starts_with("https://") || lower.starts_with("http://")
            })
            .map(str::to_string);
        ArticleView {
            key: article.key.clone(),
            title: title_or_key(article.title.as_deref(), &article.key),
            outlet: article.source.clone(),
            published: article
                .published
                .clone()
                .unwrap_or_else(|| "unknown".to_string()),
            published_basis: match article.published_basis.as_str() {
                "stated" => "stated in the article",
                "inferred" => "inferred",
                _ => "unknown",
            },
            published_how: article.published_how.clone(),
            original_url,
            source_path: article.source_path.clone(),
            part_label: (part.count > 1)
                .then(|| format!("Part {} of {}", u64::from(part.index) + 1, part.count)),
            previous_href: (part.index > 0)
                .then(|| urls::article_part(article.key.as_str(), part.index - 1)),
            next_href: (part.index + 1 < part.count)
                .then(|| urls::article_part(article.key.as_str(), part.index + 1)),
            mentions_note: mentions_note(article),
            paragraphs: article_paragraphs(&article.text, &article.mentions),
            mentions: article
                .mentions
                .iter()
                .map(|m| ArticleMentionView {
                    anchor_href: format!("#{}", urls::mention_anchor(m.id)),
                    text: m.text.trim().to_string(),
                    event: Link {
                        href: urls::event(&m.event_id),
                        text: m
                            .headline
                            .clone()
                            .unwrap_or_else(|| format!("event {}", m.event_id)),
                    },
                    kind: m.kind.map(KindBadge::from),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EventKind;

    fn mention(id: i64, start: i64, end: i64) -> ArticleMention {
        ArticleMention {
            id,
            event_id: format!("e{id}").parse().unwrap(),
            kind: Some(EventKind::Fighting),
            headline: Some("Shelling".into()),
            start,
            end,
            text: String::new(),
        }
    }

    fn render(paragraphs: &[Paragraph]) -> Vec<String> {
        paragraphs
            .iter()
            .map(|p| {
                p.pieces
                    .iter()
                    .map(|piece| match &piece.mark {
                        Some(m) => format!(
                            "[{}{}|{}]",
                            m.anchor.as_deref().unwrap_or("-"),
                            m.extra_anchors.join(""),
                            piece.text
                        ),
                        None => piece.text.clone(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn marks_sentences_and_keeps_paragraphs() {
        let text = "Intro line.\n\nShelling hit Tartar. Then calm.\n \nEnd.";
        let start = text.find("Shelling").unwrap() as i64;
        let end = start + "Shelling hit Tartar.".len() as i64;
        let paragraphs = article_paragraphs(text, &[mention(7, start, end)]);
        assert_eq!(
            render(&paragraphs),
            vec![
                "Intro line.",
                "[m-7|Shelling hit Tartar.] Then calm.",
                "End."
            ]
        );
    }

    #[test]
    fn one_paragraph_per_line_when_the_text_has_no_blank_line() {
        let text = "First line.\nShelling hit Tartar.\r\nLast.";
        let start = text.find("Shelling").unwrap() as i64;
        let paragraphs = article_paragraphs(text, &[mention(3, start, start + 20)]);
        assert_eq!(
            render(&paragraphs),
            vec!["First line.", "[m-3|Shelling hit Tartar.]", "Last."]
        );
        let blank = article_paragraphs("Dateline\nBAKU\n\nBody.", &[]);
        assert_eq!(render(&blank), vec!["Dateline\nBAKU", "Body."]);
    }

    #[test]
    fn overlapping_and_broken_mentions_keep_every_anchor_once() {
        let text = "Aé b.\n\nC d.";
        let paragraphs = article_paragraphs(
            text,
            &[
                mention(1, 0, 9),
                mention(2, 3, 5),
                mention(3, 2, 3),  // inside "é"
                mention(4, 5, 99), // past the end
            ],
        );
        assert_eq!(render(&paragraphs), vec!["[m-1m-2|Aé b.]", "[-|C] d."]);
    }
}
