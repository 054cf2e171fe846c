//! What every handler shares: the store handle, the site's configured public
//! address and the request queue's turns. Cloned per request (the pool inside is
//! reference-counted), never mutated.

use super::limits::Turns;
use super::urls::BaseUrl;
use crate::store::Store;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    /// `serve --base-url`: the only origin of absolute URLs; `None` keeps them
    /// root-relative.
    pub base_url: Option<Arc<BaseUrl>>,
    /// The turns of the request queue, for a handler that picks its line itself
    /// (the CSV export).
    pub turns: Turns,
}

impl AppState {
    pub fn new(store: Store, base_url: Option<BaseUrl>, turns: Turns) -> Self {
        AppState {
            store,
            base_url: base_url.map(Arc::new),
            turns,
        }
    }
}
