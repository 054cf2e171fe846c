//! The list of actors (`/actors`) and one actor's page (`/actors/{slug}`) with the
//! events it takes part in; that list takes the timeline's query parameters.

use super::check_references;
use crate::store::EventFilter;
use crate::web::charts::{ActivityChart, CasualtyChart};
use crate::web::error::WebError;
use crate::web::pages::{ActorPage, ActorsPage};
use crate::web::params::EventQuery;
use crate::web::state::AppState;
use crate::web::urls;
use crate::web::views::{ActorRowView, EventListView, list_summary};
use axum::extract::{Path, State};

pub async fn list(State(state): State<AppState>) -> Result<ActorsPage, WebError> {
    let actors = state.store.actors().await?;
    Ok(ActorsPage {
        actors: actors.iter().map(ActorRowView::new).collect(),
        api_href: urls::api_actors(),
    })
}

pub async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    EventQuery(filter): EventQuery,
) -> Result<ActorPage, WebError> {
    let Some(detail) = state.store.actor(&slug).await? else {
        return Err(WebError::NotFound(format!(
            "no actor has the slug {slug:?}"
        )));
    };
    let filter = EventFilter {
        actors: vec![slug.clone()],
        ..filter
    };
    check_references(&state.store, &filter).await?;
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
        summary: list_summary(counts.total, narrowed),
        list: EventListView::new(&page, &filter, |f| urls::actor_filtered(&slug, f)),
    })
}
