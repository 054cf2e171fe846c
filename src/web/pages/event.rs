//! The event page, `/events/{id}`: an id merged into another event redirects to the
//! survivor, so that every event URL ever published keeps working. The page takes
//! the timeline's query string: the list it was opened from, whose previous and
//! next events it links (the permanent address stays the bare `/events/{id}`).

use super::{Segment, check_references, from_path};
use crate::domain::{ActorKind, ActorRole, CasualtyGroup, EventId, Status};
use crate::store::{ArticleRef, CasualtyReport, EventDetail, EventFilter, EventLookup, Mention};
use crate::web::error::WebError;
use crate::web::params::EventQuery;
use crate::web::state::AppState;
use crate::web::urls::{self, BaseUrl};
use crate::web::views::{
    EventCard, Link, Name, count_or_dash, plural, title_or_key, truncate_chars,
};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

pub async fn page(
    State(state): State<AppState>,
    Segment(id): Segment,
    EventQuery(filter): EventQuery,
) -> Result<Response, WebError> {
    let store = &state.store;
    let id: EventId = from_path(&id)?;
    let detail = match store.event(&id).await? {
        EventLookup::Found(detail) => detail,
        EventLookup::MergedInto(new_id) => {
            let along = urls::event_in(&new_id, &filter);
            // 301, which every client and crawler knows moves the link for good.
            return Ok((
                axum::http::StatusCode::MOVED_PERMANENTLY,
                [(axum::http::header::LOCATION, along)],
            )
                .into_response());
        }
        EventLookup::Missing => {
            return Err(WebError::NotFound(format!("no event has the id {id:?}")));
        }
    };
    let filter = check_references(store, &filter).await?.with_after(None);
    let (neighbours, related) = tokio::try_join!(
        store.neighbours(&detail.summary, &filter),
        store.related_events(&detail.summary),
    )?;
    let step = |n: Option<(EventId, String)>| {
        n.map(|(id, headline)| Link {
            href: urls::event_in(&id, &filter),
            text: headline,
        })
    };
    let event = EventView::new(&detail);
    let base = state.base_url.as_deref();
    Ok(EventPage {
        meta: ShareMeta::for_event(&event, base),
        json_ld: JsonLd::for_event(&detail, base),
        nav: EventNav {
            prev: step(neighbours.prev),
            next: step(neighbours.next),
            back: urls::timeline(&filter),
            narrowed: !filter.is_unfiltered(),
        },
        related: related
            .iter()
            .map(|e| EventCard::new(e, &EventFilter::default()))
            .collect(),
        event,
    }
    .into_response())
}

/// Where the event page leads along the list it was opened from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventNav {
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// The timeline with the same filter.
    pub back: String,
    /// True when that list is narrowed by a filter.
    pub narrowed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "event.html")]
pub struct EventPage {
    pub event: EventView,
    pub nav: EventNav,
    /// Events near in time sharing a party or the place.
    pub related: Vec<EventCard>,
    pub meta: ShareMeta,
    pub json_ld: JsonLd,
}

/// Where a quoted sentence comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub href: String,
    /// The article title, or its key when it has none.
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

impl Citation {
    fn new(article: &ArticleRef) -> Self {
        Citation {
            href: urls::article(&article.key),
            title: title_or_key(article.title.as_deref(), &article.key),
            outlet: article.source.clone(),
            published: article.published.clone(),
        }
    }
}

/// One source sentence, linking to its highlight in the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub text: String,
    pub href: String,
}

/// The sentences of one article about one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceGroup {
    pub citation: Citation,
    pub quotes: Vec<Quote>,
    /// Sentences of this article not quoted here (past [`MAX_QUOTES_PER_SOURCE`]).
    pub more: usize,
}

/// Sentences quoted per article on the event page: a hostile article repeating one
/// sentence 440,000 times once made a 97 MB page. The rest are highlighted on the
/// article page, which the group links to.
pub const MAX_QUOTES_PER_SOURCE: usize = 20;

/// Rows of the provenance table: one article can report one event thousands of
/// times over, and each row is a line of the page.
pub const MAX_REPORTS_SHOWN: usize = 100;

/// Groups mentions (already ordered by article) under their article.
fn source_groups(mentions: &[Mention]) -> Vec<SourceGroup> {
    let mut groups: Vec<(String, SourceGroup)> = Vec::new();
    for m in mentions {
        let quote = || Quote {
            text: m.text.trim().to_string(),
            href: urls::mention_at(&m.article.key, m.id, m.start),
        };
        match groups.last_mut() {
            Some((key, group)) if *key == *m.article.key => {
                if group.quotes.len() < MAX_QUOTES_PER_SOURCE {
                    group.quotes.push(quote());
                } else {
                    group.more += 1;
                }
            }
            _ => groups.push((
                m.article.key.to_string(),
                SourceGroup {
                    citation: Citation::new(&m.article),
                    quotes: vec![quote()],
                    more: 0,
                },
            )),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// One casualty figure, as a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasualtyView {
    pub citation: Citation,
    pub reported_by: String,
    pub party: String,
    pub group: String,
    pub killed: String,
    pub wounded: String,
    pub cumulative: bool,
    pub sentence: Quote,
}

impl CasualtyView {
    fn new(c: &CasualtyReport) -> Self {
        let or_dash = |s: Option<&str>| s.unwrap_or("—").to_string();
        let figure = &c.figure;
        CasualtyView {
            citation: Citation::new(&c.article),
            reported_by: or_dash(figure.reported_by.as_deref()),
            party: or_dash(figure.party.as_deref()),
            group: or_dash(figure.group.map(CasualtyGroup::as_str)),
            killed: count_or_dash(figure.killed),
            wounded: count_or_dash(figure.wounded),
            cumulative: figure.cumulative,
            sentence: Quote {
                text: c.sentence.clone(),
                href: c.mention_id.map_or_else(
                    || urls::article(&c.article.key),
                    |id| urls::mention(&c.article.key, id),
                ),
            },
        }
    }
}

/// Everything the event page prints.
#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub card: EventCard,
    /// "Reported", "Planned", "Alleged", "Denied".
    pub status: &'static str,
    pub date_basis: String,
    pub date_value: Option<String>,
    pub participants: Vec<Link>,
    pub alleged_by: Vec<Name>,
    pub denied_by: Vec<Name>,
    /// "82%".
    pub confidence: String,
    pub casualties: Vec<CasualtyView>,
    pub sources: Vec<SourceGroup>,
    pub mention_count: usize,
    pub api_href: String,
    /// Each source's own reading, field by field, and the rule that merged them.
    pub reports: Vec<ReportView>,
    /// Reports past [`MAX_REPORTS_SHOWN`], counted but not shown.
    pub more_reports: usize,
    pub merge_rule: &'static str,
}

/// One article's account of the event: where each field of the event came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView {
    pub citation: Link,
    /// The article's own date and how it was obtained.
    pub article_date: String,
    /// "Talks (call)", "Ceasefire (agreed)".
    pub kind: String,
    pub date: String,
    pub date_basis: String,
    pub actors: String,
    pub place: String,
    pub status: String,
    /// The words that signalled the event in this article and the rule that read them.
    pub found_by: String,
}

impl ReportView {
    fn new(r: &crate::store::Report) -> Self {
        let d = &r.draft;
        let list = |names: Vec<&str>| {
            if names.is_empty() {
                "—".to_string()
            } else {
                names.join(", ")
            }
        };
        let mut status = d.status.as_str().to_string();
        if !d.alleged_by.is_empty() {
            status.push_str(&format!(" (claimed by {})", d.alleged_by.join(", ")));
        }
        if !d.denied_by.is_empty() {
            status.push_str(&format!(" (denied by {})", d.denied_by.join(", ")));
        }
        ReportView {
            citation: Link {
                href: urls::article(&r.article_key),
                text: title_or_key(r.article_title.as_deref(), &r.article_key),
            },
            article_date: format!(
                "{} — {}",
                r.article_published.as_deref().unwrap_or("date unknown"),
                r.article_dated
            ),
            kind: format!("{} ({})", d.kind.label(), d.subtype.replace('_', " ")),
            date: d
                .date
                .map_or_else(|| "undated".to_string(), |date| date.human()),
            date_basis: d.date_basis.clone(),
            actors: list(d.actors.iter().map(|a| a.name.as_str()).collect()),
            place: d
                .place
                .as_ref()
                .map_or_else(|| "—".to_string(), |p| p.name.clone()),
            status,
            found_by: if d.found_by.is_empty() {
                "—".to_string()
            } else {
                d.found_by.clone()
            },
        }
    }
}

impl EventView {
    pub fn new(detail: &EventDetail) -> Self {
        let event = &detail.summary;
        // Claimants and deniers link to their actor page when the store resolved
        // them; otherwise the names as the sources give them are shown unlinked.
        let named = |role: ActorRole, names: &[String]| -> Vec<Name> {
            let linked: Vec<Name> = event
                .actors
                .iter()
                .filter(|a| a.role == role)
                .map(|a| Name {
                    href: Some(urls::actor(&a.slug)),
                    text: a.name.clone(),
                })
                .collect();
            if linked.is_empty() {
                names
                    .iter()
                    .map(|n| Name {
                        href: None,
                        text: n.clone(),
                    })
                    .collect()
            } else {
                linked
            }
        };
        let card = EventCard::new(event, &EventFilter::default());
        let participants = event
            .actors
            .iter()
            .filter(|a| a.role == ActorRole::Participant)
            .map(|a| Link {
                href: urls::actor(&a.slug),
                text: a.name.clone(),
            })
            .collect();
        EventView {
            status: match event.status {
                Status::Reported => "Reported",
                Status::Planned => "Planned",
                Status::Alleged => "Alleged",
                Status::Denied => "Denied",
            },
            participants,
            alleged_by: named(ActorRole::Alleger, &event.alleged_by),
            denied_by: named(ActorRole::Denier, &event.denied_by),
            card,
            date_basis: detail.date_basis.clone(),
            date_value: detail.date_value.clone(),
            confidence: format!("{:.0}%", (event.confidence * 100.0).clamp(0.0, 100.0)),
            casualties: detail.casualties.iter().map(CasualtyView::new).collect(),
            sources: source_groups(&detail.mentions),
            mention_count: detail.mentions.len(),
            api_href: urls::api_event(&event.id),
            reports: detail
                .reports
                .iter()
                .take(MAX_REPORTS_SHOWN)
                .map(ReportView::new)
                .collect(),
            more_reports: detail.reports.len().saturating_sub(MAX_REPORTS_SHOWN),
            merge_rule: crate::domain::merge::RULE,
        }
    }
}

/// What a shared link's preview shows (Open Graph and Twitter card tags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareMeta {
    pub title: String,
    pub description: String,
    /// The permanent address: absolute under `--base-url`, else root-relative.
    pub url: String,
}

/// Longest preview description; link previews cut around here anyway.
const SHARE_DESCRIPTION_CHARS: usize = 280;

impl ShareMeta {
    /// "27 Sep 2020 · Fighting (armed clash) at Nagorno-Karabakh · Armenia, Azerbaijan ·
    /// 1 source: “…first quoted sentence…”".
    pub fn for_event(event: &EventView, base: Option<&BaseUrl>) -> Self {
        let card = &event.card;
        let mut parts = vec![format!(
            "{} · {} ({})",
            card.date.text, card.kind.label, card.subtype
        )];
        if let Some(place) = &card.place {
            parts[0].push_str(&format!(" at {}", place.text));
        }
        if !event.participants.is_empty() {
            let names: Vec<&str> = event.participants.iter().map(|p| p.text.as_str()).collect();
            parts.push(names.join(", "));
        }
        let mut sources = card.sources.clone();
        if let Some(quote) = event.sources.first().and_then(|g| g.quotes.first()) {
            sources.push_str(&format!(": “{}”", quote.text));
        }
        parts.push(sources);
        ShareMeta {
            title: card.headline.clone(),
            description: truncate_chars(&parts.join(" · "), SHARE_DESCRIPTION_CHARS),
            url: urls::public(base, &urls::event(&event.card.id)),
        }
    }
}

/// A schema.org JSON-LD block, ready to sit inside `<script type="application/ld+json">`:
/// serialized by serde_json, with `<`, `>` and `&` written as `\u003c` … so that no
/// text from an article can close the script element. The only value a template
/// may print unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLd(String);

impl JsonLd {
    pub fn new(value: &serde_json::Value) -> Self {
        let json = value.to_string();
        JsonLd(
            json.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        )
    }

    /// A schema.org `Event` for one event.
    pub fn for_event(detail: &EventDetail, base: Option<&BaseUrl>) -> Self {
        let event = &detail.summary;
        let mut value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.headline,
            "description": format!("{} ({}), {}", event.kind.label(), event.subtype.replace('_', " "),
                plural(event.source_count, "source", "sources")),
        });
        if let Some(date) = event.date {
            value["startDate"] = date.start.to_string().into();
            value["endDate"] = date.end.to_string().into();
        }
        if let Some(place) = &event.place {
            value["location"] = serde_json::json!({ "@type": "Place", "name": place.name });
        }
        let parties: Vec<serde_json::Value> = event
            .actors
            .iter()
            .filter(|a| a.role == ActorRole::Participant)
            .map(|a| {
                let kind = if a.kind == ActorKind::Person {
                    "Person"
                } else {
                    "Organization"
                };
                serde_json::json!({ "@type": kind, "name": a.name })
            })
            .collect();
        if !parties.is_empty() {
            value["performer"] = parties.into();
        }
        value["url"] = urls::public(base, &urls::event(&event.id)).into();
        JsonLd::new(&value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let ld =
            JsonLd::new(&serde_json::json!({ "name": "</script><script>alert(1)</script> & co" }));
        assert!(!ld.as_str().contains('<') && !ld.as_str().contains('&'));
        let back: serde_json::Value = serde_json::from_str(ld.as_str()).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
    }
}
