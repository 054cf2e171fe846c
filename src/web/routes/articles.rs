//! The list of articles (`/articles`) and one article (`/articles/{key}`): its full
//! text with every event sentence highlighted and anchored as `#m-{mention_id}`.

use crate::web::error::WebError;
use crate::web::pages::{ArticlePage, ArticlesPage};
use crate::web::state::AppState;
use crate::web::views::{ArticleRowView, ArticleView};
use axum::extract::{Path, State};

pub async fn list(State(state): State<AppState>) -> Result<ArticlesPage, WebError> {
    let articles = state.store.articles().await?;
    Ok(ArticlesPage {
        articles: articles.iter().map(ArticleRowView::new).collect(),
    })
}

pub async fn page(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<ArticlePage, WebError> {
    let Some(article) = state.store.article(&key).await? else {
        return Err(WebError::NotFound(format!(
            "no article has the key {key:?}"
        )));
    };
    Ok(ArticlePage {
        article: ArticleView::new(&article),
    })
}
