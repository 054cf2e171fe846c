//! The askama template of every page: one struct per file in `templates/`. Fields
//! are view models from [`super::views`]; the structs hold no logic.

use super::views::{
    ActorRowView, ArticleRowView, ArticleView, EventListView, EventView, KindBadge, Link,
    PlaceRowView,
};
use askama::Template;
use askama_web::WebTemplate;

/// A kind checkbox of the filter form, with how many events it would add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindOption {
    pub badge: KindBadge,
    pub checked: bool,
    pub count: i64,
}

/// An `<option>` of a select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A filter value the visible fields cannot hold (a second actor, a page size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub name: &'static str,
    pub value: String,
}

/// The plain GET form of the timeline, pre-filled with the current filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterForm {
    pub action: String,
    pub reset_href: String,
    pub from: String,
    pub to: String,
    pub q: String,
    pub kinds: Vec<KindOption>,
    pub actors: Vec<SelectOption>,
    pub places: Vec<SelectOption>,
    pub hidden: Vec<Hidden>,
}

#[derive(Template, WebTemplate)]
#[template(path = "timeline.html")]
pub struct TimelinePage {
    pub form: FilterForm,
    /// "12 events" / "12 events match".
    pub summary: String,
    /// The active filters, each linking to the list without it.
    pub active: Vec<Link>,
    pub list: EventListView,
    pub api_href: String,
    pub csv_href: String,
}

/// The timeline's event list alone, for in-page updates.
#[derive(Template, WebTemplate)]
#[template(path = "_event_list.html")]
pub struct EventListFragment {
    pub list: EventListView,
}

#[derive(Template, WebTemplate)]
#[template(path = "event.html")]
pub struct EventPage {
    pub event: EventView,
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
    pub summary: String,
    pub list: EventListView,
}

#[derive(Template, WebTemplate)]
#[template(path = "places.html")]
pub struct PlacesPage {
    pub places: Vec<PlaceRowView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "place.html")]
pub struct PlacePage {
    pub place: PlaceRowView,
    pub summary: String,
    pub list: EventListView,
}

#[derive(Template, WebTemplate)]
#[template(path = "articles.html")]
pub struct ArticlesPage {
    pub articles: Vec<ArticleRowView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub article: ArticleView,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: String,
    pub message: String,
}
