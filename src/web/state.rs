//! What every handler shares: the store handle and the site's configured public
//! address. Cloned per request (the pool inside is reference-counted), never mutated.

use super::urls::BaseUrl;
use crate::store::Store;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    /// `serve --base-url`: the only origin of absolute URLs; `None` keeps them
    /// root-relative.
    pub base_url: Option<Arc<BaseUrl>>,
}

impl AppState {
    pub fn new(store: Store, base_url: Option<BaseUrl>) -> Self {
        AppState {
            store,
            base_url: base_url.map(Arc::new),
        }
    }
}
