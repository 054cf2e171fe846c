//! The list of actors (`/actors`) and one actor's page (`/actors/{slug}`) with the
//! events it takes part in; that list takes the timeline's query parameters.

use super::{Segment, check_references, from_path};
use crate::domain::Slug;
use crate::store::EventFilter;
use crate::web::charts::{ActivityChart, CasualtyChart};
use crate::web::error::WebError;

use crate::store::ActorSummary;
use crate::web::params::EventQuery;
use crate::web::state::AppState;
use crate::web::urls;
use crate::web::views::{EventListView, counts_summary};
use crate::web::views::{Link, actor_kind_label, plural};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

pub async fn list(State(state): State<AppState>) -> Result<ActorsPage, WebError> {
    let actors = state.store.actors().await?;
    Ok(ActorsPage {
        actors: actors.iter().map(ActorRowView::new).collect(),
        api_href: urls::api_actors(),
    })
}

pub async fn page(
    State(state): State<AppState>,
    Segment(slug): Segment,
    EventQuery(filter): EventQuery,
) -> Result<ActorPage, WebError> {
    let slug: Slug = from_path(&slug)?;
    let Some(detail) = state.store.actor(&slug).await? else {
        return Err(WebError::NotFound(format!(
            "no actor has the slug {slug:?}"
        )));
    };
    let filter = EventFilter {
        actors: vec![slug.clone()],
        ..filter
    };
    let filter = check_references(&state.store, &filter).await?;
    let (page, counts, (months, coarse), figures) = tokio::try_join!(
        state.store.list_events(&filter),
        state.store.count_events(&filter),
        state.store.actor_activity(&slug),
        state.store.casualty_points(&filter),
    )?;
    // Narrowed when filters other than the actor itself apply.
    let narrowed = !EventFilter {
        actors: Vec::new(),
        ..filter.clone()
    }
    .is_unfiltered();
    Ok(ActorPage {
        actor: ActorRowView::new(&detail.actor),
        aliases: detail.aliases,
        members: detail.members.iter().map(ActorRowView::new).collect(),
        activity: ActivityChart::new(&months, coarse),
        casualties: CasualtyChart::new(&figures, None),
        summary: counts_summary(&counts, narrowed),
        list: EventListView::new(&page, &filter, |f| urls::actor_filtered(&slug, f)),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "actors.html")]
pub struct ActorsPage {
    pub actors: Vec<ActorRowView>,
    pub api_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "actor.html")]
pub struct ActorPage {
    pub actor: ActorRowView,
    pub aliases: Vec<String>,
    pub members: Vec<ActorRowView>,
    /// Events per month; `None` when none is dated to the month or finer.
    pub activity: Option<ActivityChart>,
    pub casualties: Option<CasualtyChart>,
    pub summary: String,
    pub list: EventListView,
}

/// An actor in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRowView {
    pub href: String,
    pub name: String,
    pub kind: &'static str,
    pub role: Option<String>,
    pub affiliation: Option<Link>,
    pub events: String,
    pub timeline_href: String,
}

impl ActorRowView {
    pub fn new(actor: &ActorSummary) -> Self {
        ActorRowView {
            href: urls::actor(&actor.slug),
            name: actor.name.clone(),
            kind: actor_kind_label(actor.kind),
            role: actor.role.clone(),
            affiliation: actor.affiliation.as_ref().map(|a| Link {
                href: urls::actor(&a.slug),
                text: a.name.clone(),
            }),
            events: plural(actor.event_count, "event", "events"),
            timeline_href: urls::timeline(&EventFilter {
                actors: vec![actor.slug.clone()],
                ..EventFilter::default()
            }),
        }
    }
}
