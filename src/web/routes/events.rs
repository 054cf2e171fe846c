//! The event page, `/events/{id}`: an id merged into another event redirects to the
//! survivor, so that every event URL ever published keeps working.

use crate::store::read::EventLookup;
use crate::web::error::WebError;
use crate::web::pages::EventPage;
use crate::web::state::AppState;
use crate::web::urls;
use crate::web::views::EventView;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    match state.store.event(&id).await? {
        EventLookup::Found(detail) => Ok(EventPage {
            event: EventView::new(&detail),
        }
        .into_response()),
        EventLookup::MergedInto(new_id) => {
            Ok(Redirect::permanent(&urls::event(&new_id)).into_response())
        }
        EventLookup::Missing => Err(WebError::NotFound(format!("no event has the id {id:?}"))),
    }
}
