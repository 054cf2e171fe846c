//! The JSON and CSV twins: `/api/events` and `/api/events.csv` take the timeline's
//! query string; `/api/events/{id}`, `/api/actors` and `/api/places/{slug}` mirror
//! their pages. The serde
//! structs here are the public contract, kept apart from the store's types so that
//! a store change cannot silently change the API.

use super::{Segment, check_references, from_path, narrowed_to_place};
use crate::domain::{ActorRole, ArticleKey, Casualty, EventDate, EventId, Slug};
use crate::store::Store;
use crate::store::export::{CsvEvent, CsvWriter};
use crate::store::{
    ActorSummary, CasualtyReport, EventActor, EventCounts, EventDetail, EventFilter, EventLookup,
    EventSummary, MAX_PAGE_SIZE, Mention,
};
use crate::web::error::WebError;
use crate::web::limits::QUERY_BUDGET;
use crate::web::params::EventQuery;
use crate::web::state::AppState;
use crate::web::urls;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ApiDate {
    /// First day the date can mean (YYYY-MM-DD).
    pub start: String,
    /// Last day.
    pub end: String,
    pub precision: &'static str,
    /// TIMEX3-style value: `2020-10-23`, `2020-10`, `2020`, `2020-W43`, `a/b`.
    pub value: String,
    /// As shown on the site: "23 Oct 2020".
    pub text: String,
}

impl From<EventDate> for ApiDate {
    fn from(date: EventDate) -> Self {
        ApiDate {
            start: date.start.to_string(),
            end: date.end.to_string(),
            precision: date.precision.as_str(),
            value: date.timex_value(),
            text: date.human(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApiPlace {
    pub slug: Slug,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct ApiEventActor {
    pub slug: Slug,
    pub name: String,
    pub kind: &'static str,
    /// participant | alleger | denier
    pub role: &'static str,
    pub url: String,
}

impl From<&EventActor> for ApiEventActor {
    fn from(actor: &EventActor) -> Self {
        ApiEventActor {
            slug: actor.slug.clone(),
            name: actor.name.clone(),
            kind: actor.kind.as_str(),
            role: actor.role.as_str(),
            url: urls::actor(&actor.slug),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApiEvent {
    pub id: EventId,
    pub url: String,
    pub kind: &'static str,
    pub subtype: String,
    pub status: &'static str,
    pub alleged_by: Vec<String>,
    pub denied_by: Vec<String>,
    /// `null` for undated events.
    pub date: Option<ApiDate>,
    pub headline: String,
    pub place: Option<ApiPlace>,
    pub actors: Vec<ApiEventActor>,
    pub source_count: i64,
    pub confidence: f64,
}

impl From<&EventSummary> for ApiEvent {
    fn from(event: &EventSummary) -> Self {
        ApiEvent {
            id: event.id.clone(),
            url: urls::event(&event.id),
            kind: event.kind.as_str(),
            subtype: event.subtype.clone(),
            status: event.status.as_str(),
            alleged_by: event.alleged_by.clone(),
            denied_by: event.denied_by.clone(),
            date: event.date.map(ApiDate::from),
            headline: event.headline.clone(),
            place: event.place.as_ref().map(|p| ApiPlace {
                slug: p.slug.clone(),
                name: p.name.clone(),
                url: urls::place(&p.slug),
            }),
            actors: event.actors.iter().map(ApiEventActor::from).collect(),
            source_count: event.source_count,
            confidence: event.confidence,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApiCounts {
    pub talks: i64,
    pub ceasefire: i64,
    pub fighting: i64,
}

impl From<&EventCounts> for ApiCounts {
    fn from(counts: &EventCounts) -> Self {
        let of = |kind| {
            counts
                .by_kind
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(0, |(_, n)| *n)
        };
        use crate::domain::EventKind::{Ceasefire, Fighting, Talks};
        ApiCounts {
            talks: of(Talks),
            ceasefire: of(Ceasefire),
            fighting: of(Fighting),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApiEventList {
    pub ok: bool,
    pub events: Vec<ApiEvent>,
    /// The URL of the next page, `null` on the last one.
    pub next: Option<String>,
    /// Events matching the whole filter.
    pub total: i64,
    /// Per kind, for the filter without its kind restriction.
    pub counts: ApiCounts,
    /// Present (true) when more events have the filter's words than the store
    /// summarises (`TEXT_SAMPLE`): `total` and `counts` are then of the most
    /// recently added of those only, a lower bound; `next` still walks every match.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

/// One page of events for `filter`; `page_url` gives the address of a page of the
/// same list, for the `next` link.
async fn event_list(
    store: &Store,
    filter: &EventFilter,
    page_url: impl Fn(&EventFilter) -> String,
) -> Result<ApiEventList, WebError> {
    let filter = &check_references(store, filter).await?;
    let (page, counts) = tokio::try_join!(store.list_events(filter), store.count_events(filter))?;
    Ok(ApiEventList {
        ok: true,
        events: page.events.iter().map(ApiEvent::from).collect(),
        next: page
            .next
            .map(|cursor| page_url(&filter.with_after(Some(cursor)))),
        total: counts.total,
        counts: ApiCounts::from(&counts),
        approximate: counts.sampled,
    })
}

pub async fn events(
    State(state): State<AppState>,
    EventQuery(filter): EventQuery,
) -> Result<Json<ApiEventList>, WebError> {
    Ok(Json(
        event_list(&state.store, &filter, urls::api_events).await?,
    ))
}

#[derive(Debug, Serialize)]
pub struct ApiPlaceInfo {
    pub slug: Slug,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub event_count: i64,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct ApiPlaceEvents {
    pub place: ApiPlaceInfo,
    /// The place's events, paged and filtered like `/api/events`.
    #[serde(flatten)]
    pub list: ApiEventList,
}

pub async fn place(
    State(state): State<AppState>,
    Segment(slug): Segment,
    EventQuery(filter): EventQuery,
) -> Result<Json<ApiPlaceEvents>, WebError> {
    let (place, filter) = narrowed_to_place(&state.store, &slug, filter).await?;
    let list = event_list(&state.store, &filter, |f| {
        urls::api_place_filtered(&slug, f)
    })
    .await?;
    Ok(Json(ApiPlaceEvents {
        place: ApiPlaceInfo {
            url: urls::place(&place.slug),
            slug: place.slug,
            name: place.name,
            kind: place.kind,
            country: place.country,
            event_count: place.event_count,
        },
        list,
    }))
}

#[derive(Debug, Serialize)]
pub struct ApiCasualty {
    pub article: ArticleKey,
    pub article_url: String,
    /// The highlighted sentence stating the figure, when one covers it.
    pub mention_url: Option<String>,
    /// The figure in the shape of the stored reports and the export.
    #[serde(flatten)]
    pub figure: Casualty,
    pub sentence: String,
}

impl From<&CasualtyReport> for ApiCasualty {
    fn from(c: &CasualtyReport) -> Self {
        ApiCasualty {
            article: c.article.key.clone(),
            article_url: urls::article(&c.article.key),
            mention_url: c.mention_id.map(|id| urls::mention(&c.article.key, id)),
            figure: c.figure.clone(),
            sentence: c.sentence.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApiMention {
    pub id: i64,
    pub url: String,
    pub article: ArticleKey,
    pub article_title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    /// Byte offsets of the sentence in the article text.
    pub start: i64,
    pub end: i64,
    pub text: String,
}

impl From<&Mention> for ApiMention {
    fn from(m: &Mention) -> Self {
        ApiMention {
            id: m.id,
            url: urls::mention_at(&m.article.key, m.id, m.start),
            article: m.article.key.clone(),
            article_title: m.article.title.clone(),
            source: m.article.source.clone(),
            published: m.article.published.clone(),
            start: m.start,
            end: m.end,
            text: m.text.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApiEventDetail {
    pub ok: bool,
    #[serde(flatten)]
    pub event: ApiEvent,
    pub date_basis: String,
    pub casualties: Vec<ApiCasualty>,
    pub mentions: Vec<ApiMention>,
}

impl From<&EventDetail> for ApiEventDetail {
    fn from(detail: &EventDetail) -> Self {
        ApiEventDetail {
            ok: true,
            event: ApiEvent::from(&detail.summary),
            date_basis: detail.date_basis.clone(),
            casualties: detail.casualties.iter().map(ApiCasualty::from).collect(),
            mentions: detail.mentions.iter().map(ApiMention::from).collect(),
        }
    }
}

pub async fn event(
    State(state): State<AppState>,
    Segment(id): Segment,
) -> Result<Response, WebError> {
    let id: EventId = from_path(&id)?;
    match state.store.event(&id).await? {
        EventLookup::Found(detail) => Ok(Json(ApiEventDetail::from(&*detail)).into_response()),
        EventLookup::MergedInto(new_id) => {
            // 301, as the event page: the link has moved for good.
            Ok((
                axum::http::StatusCode::MOVED_PERMANENTLY,
                [(axum::http::header::LOCATION, urls::api_event(&new_id))],
            )
                .into_response())
        }
        EventLookup::Missing => Err(WebError::NotFound(format!("no event has the id {id:?}"))),
    }
}

#[derive(Debug, Serialize)]
pub struct ApiActor {
    pub slug: Slug,
    pub name: String,
    pub kind: &'static str,
    pub role: Option<String>,
    pub affiliation: Option<Slug>,
    pub event_count: i64,
    pub url: String,
}

impl From<&ActorSummary> for ApiActor {
    fn from(actor: &ActorSummary) -> Self {
        ApiActor {
            slug: actor.slug.clone(),
            name: actor.name.clone(),
            kind: actor.kind.as_str(),
            role: actor.role.clone(),
            affiliation: actor.affiliation.as_ref().map(|a| a.slug.clone()),
            event_count: actor.event_count,
            url: urls::actor(&actor.slug),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApiActorList {
    pub ok: bool,
    pub actors: Vec<ApiActor>,
}

pub async fn actors(State(state): State<AppState>) -> Result<Json<ApiActorList>, WebError> {
    let actors = state.store.actors().await?;
    Ok(Json(ApiActorList {
        ok: true,
        actors: actors.iter().map(ApiActor::from).collect(),
    }))
}

/// CSV exports streaming at once: each holds a page of rows and, while it reads
/// the next page, one database connection; later ones wait (under their deadline).
static CSV_STREAMS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The most events an export may hold and still be made in an ordinary turn, read
/// whole before answering: four pages of [`MAX_PAGE_SIZE`], no more work than the
/// heaviest page of the site (a one-month export of the 100k-event benchmark
/// database, 1 788 events, took 36 ms of server CPU; the unfiltered timeline about
/// 140 ms). Larger exports, and those whose size is not known cheaply, take the
/// costly turn and are streamed.
const ORDINARY_EXPORT_EVENTS: i64 = 4 * MAX_PAGE_SIZE as i64;

/// Every event matching the filter as CSV, one row per event in timeline order. The
/// paging parameters are ignored: a spreadsheet wants the whole list. The request
/// queue leaves the turn to this handler (`limits::one_turn`): in an ordinary turn
/// it reads how many events the export holds from the counts kept at write time
/// (`Store::count_bound`); an export of at most [`ORDINARY_EXPORT_EVENTS`] is made
/// in that turn and sent whole (its bytes are bounded, and a stream would outlive
/// the turn), a larger one gives the turn back and waits for the costly one.
pub async fn events_csv(
    State(state): State<AppState>,
    EventQuery(filter): EventQuery,
) -> Result<Response, WebError> {
    let turn = state.turns.ordinary().await;
    let filter = check_references(&state.store, &filter).await?;
    let mut chunk = filter.with_after(None);
    chunk.limit = MAX_PAGE_SIZE;
    let events = state.store.count_bound(&filter).await?;
    if events.is_some_and(|n| n <= ORDINARY_EXPORT_EVENTS) {
        let bytes = whole_csv(&state.store, chunk).await?;
        drop(turn);
        return Ok(csv_response(axum::body::Body::from(bytes)));
    }
    drop(turn);
    let _turn = state.turns.costly().await;
    streamed_csv(state.store, chunk).await
}

/// The export of `chunk`'s filter, every page read before it is sent.
async fn whole_csv(store: &Store, mut chunk: EventFilter) -> Result<Vec<u8>, WebError> {
    let mut writer = CsvWriter::new(Vec::new());
    loop {
        let page = store.list_events(&chunk).await?;
        writer = csv_rows(writer, &page.events);
        match page.next {
            Some(cursor) => chunk.after = Some(cursor),
            None => break,
        }
    }
    writer
        .and_then(CsvWriter::finish)
        .map_err(|e| WebError::Csv(e.to_string()))
}

/// The export of `chunk`'s filter streamed a page at a time, so memory stays
/// bounded whatever the database holds: the first page is read here (so that a
/// bad filter or a spent deadline is still a clear error page), the rest while
/// sending, each page under its own [`QUERY_BUDGET`].
async fn streamed_csv(store: Store, chunk: EventFilter) -> Result<Response, WebError> {
    let permit = CSV_STREAMS
        .acquire()
        .await
        .map_err(|e| WebError::Csv(e.to_string()))?;
    let page = store.list_events(&chunk).await?;
    // The columns and their writing are the CLI export's (`store::export::CsvWriter`).
    let first = csv_rows(CsvWriter::new(Vec::new()), &page.events)
        .and_then(CsvWriter::finish)
        .map_err(|e| WebError::Csv(e.to_string()))?;
    let rest = futures_util::stream::unfold(
        page.next.map(|cursor| EventFilter {
            after: Some(cursor),
            ..chunk
        }),
        move |next| {
            let store = store.clone();
            async move {
                let chunk = next?;
                let deadline = std::time::Instant::now() + QUERY_BUDGET;
                let page = crate::store::with_deadline(deadline, store.list_events(&chunk)).await;
                let rows = page.map_err(|e| e.to_string()).and_then(|page| {
                    let bytes = csv_rows(CsvWriter::continuing(Vec::new()), &page.events)
                        .and_then(CsvWriter::finish)
                        .map_err(|e| e.to_string())?;
                    Ok((bytes, page.next))
                });
                match rows {
                    Ok((bytes, cursor)) => {
                        let next = cursor.map(|c| EventFilter {
                            after: Some(c),
                            ..chunk
                        });
                        Some((Ok(bytes), next))
                    }
                    Err(error) => {
                        // The status is sent; breaking the body tells the client.
                        tracing::warn!(%error, "CSV export stopped");
                        Some((Err(std::io::Error::other(error)), None))
                    }
                }
            }
        },
    );
    let body = futures_util::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) }),
        rest,
    );
    // The stream's place among the CSV_STREAMS ends with the stream.
    let body = futures_util::StreamExt::map(body, move |item| {
        let _stream = &permit;
        item
    });
    Ok(csv_response(axum::body::Body::from_stream(body)))
}

/// The answer of an export: `body` as a CSV file.
fn csv_response(body: axum::body::Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"conflict-timeline-events.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

/// `writer` after writing `events` as CSV rows.
fn csv_rows<W: std::io::Write>(
    writer: Result<CsvWriter<W>, csv::Error>,
    events: &[EventSummary],
) -> Result<CsvWriter<W>, csv::Error> {
    let mut writer = writer?;
    for event in events {
        let participants: Vec<&str> = event
            .actors
            .iter()
            .filter(|a| a.role == ActorRole::Participant)
            .map(|a| a.name.as_str())
            .collect();
        let figures: Vec<&Casualty> = event.figures.iter().collect();
        writer.row(&CsvEvent {
            id: event.id.as_str(),
            url: urls::event(&event.id),
            kind: event.kind.as_str(),
            subtype: &event.subtype,
            status: event.status.as_str(),
            date: event.date,
            headline: &event.headline,
            place: event.place.as_ref().map(|p| p.name.as_str()),
            actors: &participants,
            alleged_by: &event.alleged_by,
            denied_by: &event.denied_by,
            figures: &figures,
            source_count: event.source_count,
            confidence: event.confidence,
        })?;
    }
    Ok(writer)
}
