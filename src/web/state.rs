//! What every handler shares: the store handle. Cloned per request (the pool inside
//! is reference-counted), never mutated.

use crate::store::Store;

#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState { store }
    }
}
